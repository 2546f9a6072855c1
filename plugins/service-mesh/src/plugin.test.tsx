import { screen } from '@testing-library/react';
import { serviceMeshApiRef } from './api';
import {
  EntityServiceMeshCard,
  EntityServiceMeshSummaryCard,
  serviceMeshPlugin,
} from './plugin';
import { rootRouteRef } from './routes';
import { checkoutApiEntity } from './__fixtures__/evaluations';
import { createMockApi, renderWithApi } from './__testUtils__/testApp';

// Material UI renders slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('serviceMeshPlugin (legacy)', () => {
  it('registers the client factory and the root route', () => {
    expect(serviceMeshPlugin.getId()).toBe('service-mesh');
    const apis = [...serviceMeshPlugin.getApis()];
    expect(apis.map(factory => factory.api.id)).toEqual([serviceMeshApiRef.id]);
    expect(serviceMeshPlugin.routes.root).toBe(rootRouteRef);
  });

  it('its summary card loads the real card, with the verdict', async () => {
    const api = createMockApi();
    await renderWithApi(<EntityServiceMeshSummaryCard />, api, {
      entity: checkoutApiEntity,
    });
    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(api.getEntityEvaluation).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-api',
    });
  });

  it('its full card loads the real card, with the blockers', async () => {
    await renderWithApi(<EntityServiceMeshCard />, createMockApi(), {
      entity: checkoutApiEntity,
    });
    expect(
      await screen.findByRole('region', { name: 'Blockers' }),
    ).toBeInTheDocument();
  });
});
