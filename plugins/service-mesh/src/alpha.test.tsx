import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import servicemeshPlugin, {
  serviceMeshComponentEntityCard,
  serviceMeshComponentEntityContent,
  serviceMeshComponentSummaryEntityCard,
  serviceMeshPage,
  serviceMeshSystemEntityCard,
  serviceMeshSystemEntityContent,
  serviceMeshSystemSummaryEntityCard,
} from './alpha';
import { serviceMeshApiRef } from './api';
import { checkoutSystem, checkoutApiEntity } from './__fixtures__/evaluations';
import { createMockApi } from './__testUtils__/testApp';

// Material UI renders slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

async function renderExtension(
  extension: Parameters<typeof createExtensionTester>[0],
  entity: Entity,
) {
  const api = createMockApi();
  const tester = createExtensionTester(extension, {
    apis: [[serviceMeshApiRef, api]],
  });
  await renderInTestApp(
    <EntityProvider entity={entity}>{tester.reactElement()}</EntityProvider>,
    {
      apis: [[serviceMeshApiRef, api]],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    },
  );
  return api;
}

describe('service-mesh /alpha', () => {
  it('provides the API, the summary cards, the tabs and the page', () => {
    expect(servicemeshPlugin.pluginId).toBe('service-mesh');
    for (const id of [
      'api:service-mesh',
      'entity-card:service-mesh/component-summary',
      'entity-card:service-mesh/system-summary',
      'entity-content:service-mesh/component',
      'entity-content:service-mesh/system',
      'page:service-mesh',
    ] as const) {
      expect(servicemeshPlugin.getExtension(id)).toMatchObject({
        disabled: false,
      });
    }
    // The dashboard page answers the plugin's root route, at /service-mesh.
    const page = createExtensionTester(serviceMeshPage);
    expect(page.get(coreExtensionData.routePath)).toBe('/service-mesh');
    expect(page.get(coreExtensionData.routeRef)).toBe(
      servicemeshPlugin.routes.root,
    );
  });

  it('keeps the full cards, disabled until an app enables them', () => {
    expect(
      servicemeshPlugin.getExtension('entity-card:service-mesh/component'),
    ).toMatchObject({ disabled: true });
    expect(
      servicemeshPlugin.getExtension('entity-card:service-mesh/system'),
    ).toMatchObject({ disabled: true });
  });

  it('puts the summary cards in the info area of the overview', () => {
    expect(
      createExtensionTester(serviceMeshComponentSummaryEntityCard).get(
        EntityCardBlueprint.dataRefs.type,
      ),
    ).toBe('info');
    expect(
      createExtensionTester(serviceMeshSystemSummaryEntityCard).get(
        EntityCardBlueprint.dataRefs.type,
      ),
    ).toBe('info');
  });

  it('mounts both tabs at service-mesh, titled "Service mesh"', () => {
    const component = createExtensionTester(serviceMeshComponentEntityContent);
    expect(component.get(coreExtensionData.routePath)).toBe('service-mesh');
    expect(component.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Service mesh',
    );
    const system = createExtensionTester(serviceMeshSystemEntityContent);
    expect(system.get(coreExtensionData.routePath)).toBe('service-mesh');
    expect(system.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Service mesh',
    );
  });

  it('renders the component summary card with a link to the tab', async () => {
    await renderExtension(
      serviceMeshComponentSummaryEntityCard,
      checkoutApiEntity,
    );
    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(screen.getByText('Service mesh')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'View analysis' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/service-mesh',
    );
  });

  it('renders the component tab with the full analysis', async () => {
    await renderExtension(serviceMeshComponentEntityContent, checkoutApiEntity);
    expect(
      await screen.findByRole('region', { name: 'Blockers' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'What if' })).toBeInTheDocument();
  });

  it('renders the system summary card', async () => {
    await renderExtension(serviceMeshSystemSummaryEntityCard, checkoutSystem);
    expect(
      await screen.findByText(/2 components force the verdict/),
    ).toBeInTheDocument();
  });

  it('renders the system tab with the roll-up', async () => {
    await renderExtension(serviceMeshSystemEntityContent, checkoutSystem);
    expect(
      await screen.findByText('Components that force the verdict'),
    ).toBeInTheDocument();
  });

  it('still renders the full cards when enabled', async () => {
    await renderExtension(serviceMeshComponentEntityCard, checkoutApiEntity);
    expect(await screen.findByText('Service mesh fit')).toBeInTheDocument();
    expect(
      await screen.findByRole('region', { name: 'Blockers' }),
    ).toBeInTheDocument();
  });

  it('still renders the full system card when enabled', async () => {
    await renderExtension(serviceMeshSystemEntityCard, checkoutSystem);
    expect(
      await screen.findByRole('region', { name: 'Cost' }),
    ).toBeInTheDocument();
  });
});
