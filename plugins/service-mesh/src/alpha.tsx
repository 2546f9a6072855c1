import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import Box from '@material-ui/core/Box';
import SettingsEthernetIcon from '@material-ui/icons/SettingsEthernet';
import { ServiceMeshClient, serviceMeshApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The {@link ServiceMeshApi} backed by the HTTP client.
 *
 * @alpha
 */
export const serviceMeshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: serviceMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceMeshClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The component card (`entity-card:service-mesh/component`).
 *
 * @alpha
 */
export const serviceMeshComponentEntityCard = EntityCardBlueprint.make({
  name: 'component',
  params: {
    filter: { kind: 'component' },
    loader: async () =>
      import('./components/EntityServiceMeshCard').then(m =>
        compatWrapper(<m.ServiceMeshCard variant="flex" />),
      ),
  },
});

/**
 * The system roll-up card (`entity-card:service-mesh/system`).
 *
 * @alpha
 */
export const serviceMeshSystemEntityCard = EntityCardBlueprint.make({
  name: 'system',
  params: {
    filter: { kind: 'system' },
    loader: async () =>
      import('./components/EntityServiceMeshSystemCard').then(m =>
        compatWrapper(<m.SystemCard variant="flex" />),
      ),
  },
});

/**
 * The dashboard page (`page:service-mesh`), at `/service-mesh`.
 *
 * @alpha
 */
export const serviceMeshPage = PageBlueprint.make({
  params: {
    path: '/service-mesh',
    title: 'Service Mesh',
    icon: <SettingsEthernetIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: async () =>
      import('./components/ServiceMeshPage').then(m =>
        compatWrapper(
          <Box p={3}>
            <m.ServiceMeshDashboard />
          </Box>,
        ),
      ),
  },
});

/**
 * Mesh Advisor for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'service-mesh',
  title: 'Service Mesh',
  icon: <SettingsEthernetIcon />,
  extensions: [
    serviceMeshApi,
    serviceMeshComponentEntityCard,
    serviceMeshSystemEntityCard,
    serviceMeshPage,
  ],
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
});
