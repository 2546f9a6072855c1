import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import servicemeshPlugin, {
  serviceMeshComponentEntityCard,
  serviceMeshSystemEntityCard,
} from './alpha';
import { serviceMeshApiRef } from './api';
import { checkoutSystem, paymentsEntity } from './__fixtures__/evaluations';
import { createMockApi } from './__testUtils__/testApp';

describe('service-mesh /alpha', () => {
  it('provides the API, both entity cards and the page', () => {
    expect(servicemeshPlugin.pluginId).toBe('service-mesh');
    expect(servicemeshPlugin.getExtension('api:service-mesh')).toBeDefined();
    expect(
      servicemeshPlugin.getExtension('entity-card:service-mesh/component'),
    ).toBeDefined();
    expect(
      servicemeshPlugin.getExtension('entity-card:service-mesh/system'),
    ).toBeDefined();
    expect(servicemeshPlugin.getExtension('page:service-mesh')).toBeDefined();
    expect(servicemeshPlugin.routes.root).toBeDefined();
  });

  it('renders the component card with the API', async () => {
    const api = createMockApi();
    const tester = createExtensionTester(serviceMeshComponentEntityCard, {
      apis: [[serviceMeshApiRef, api]],
    });
    await renderInTestApp(
      <EntityProvider entity={paymentsEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[serviceMeshApiRef, api]],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name':
            convertLegacyRouteRef(entityRouteRef),
        },
      },
    );
    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(screen.getByText('Service mesh fit')).toBeInTheDocument();
  });

  it('renders the system card with the API', async () => {
    const api = createMockApi();
    const tester = createExtensionTester(serviceMeshSystemEntityCard, {
      apis: [[serviceMeshApiRef, api]],
    });
    await renderInTestApp(
      <EntityProvider entity={checkoutSystem}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[serviceMeshApiRef, api]],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name':
            convertLegacyRouteRef(entityRouteRef),
        },
      },
    );
    expect(
      await screen.findByText('Components that force the verdict'),
    ).toBeInTheDocument();
  });
});
