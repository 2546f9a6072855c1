import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { ReactNode } from 'react';
import { ServiceMeshApi, serviceMeshApiRef } from '../api';
import {
  capabilities,
  clusters,
  evaluateExample,
  evaluationOf,
  exampleEntity,
  firstPage,
  rollUpExample,
} from '../__fixtures__/evaluations';

/**
 * A ServiceMeshApi whose methods are jest mocks answering as the backend
 * would for the example catalog: evaluations, what-ifs and roll-ups come
 * from the common evaluator at call time.
 */
export function createMockApi(
  overrides: Partial<jest.Mocked<ServiceMeshApi>> = {},
) {
  const api: jest.Mocked<ServiceMeshApi> = {
    getEntityEvaluation: jest.fn(evaluationOf),
    evaluate: jest.fn(async request =>
      evaluateExample(request.entity as Entity, {
        overrides: request.overrides,
      }),
    ),
    listEvaluations: jest.fn().mockResolvedValue(firstPage),
    getSystemRollup: jest.fn(async ref =>
      rollUpExample(exampleEntity(ref.kind, ref.name)),
    ),
    getCapabilities: jest.fn().mockResolvedValue(capabilities),
    getClusters: jest.fn().mockResolvedValue(clusters),
    getEntityHistory: jest.fn(async ref => ({
      entityRef: `${ref.kind}:${ref.namespace}/${ref.name}`.toLowerCase(),
      transitions: [],
    })),
    getVerdictCounts: jest.fn().mockResolvedValue({ retentionDays: 90, days: [] }),
    getRecentChanges: jest
      .fn()
      .mockResolvedValue({ since: '', items: [], totalItems: 0 }),
    ...overrides,
  };
  return api;
}

/** Renders under the legacy test app with the API and, if given, an entity. */
export async function renderWithApi(
  element: ReactNode,
  api: ServiceMeshApi,
  options: { entity?: Entity; routeEntries?: string[] } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[serviceMeshApiRef, api]]}>
      {options.entity ? (
        <EntityProvider entity={options.entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.routeEntries,
    },
  );
}
