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
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import Box from '@material-ui/core/Box';
import SettingsEthernetIcon from '@material-ui/icons/SettingsEthernet';
import { ServiceMeshClient, serviceMeshApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The `ServiceMeshApi` (exported by the package's main entry point) backed
 * by the HTTP client.
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
 * The component summary card (`entity-card:service-mesh/component-summary`):
 * verdict, scores, confidence, first blocker and a link to the "Service mesh"
 * tab. An `info` card, so the catalog's default layout puts it in the column
 * beside the main content, near the top of the overview.
 *
 * @alpha
 */
export const serviceMeshComponentSummaryEntityCard = EntityCardBlueprint.make({
  name: 'component-summary',
  params: {
    type: 'info',
    filter: { kind: 'component' },
    loader: async () =>
      import('./components/EntityServiceMeshSummaryCard').then(m =>
        compatWrapper(<m.ServiceMeshSummaryCard variant="gridItem" />),
      ),
  },
});

/**
 * The system summary card (`entity-card:service-mesh/system-summary`):
 * verdict, scores, counts and a link to the "Service mesh" tab.
 *
 * @alpha
 */
export const serviceMeshSystemSummaryEntityCard = EntityCardBlueprint.make({
  name: 'system-summary',
  params: {
    type: 'info',
    filter: { kind: 'system' },
    loader: async () =>
      import('./components/EntityServiceMeshSystemSummaryCard').then(m =>
        compatWrapper(<m.ServiceMeshSystemSummaryCard variant="gridItem" />),
      ),
  },
});

/**
 * The full component card (`entity-card:service-mesh/component`), disabled
 * by default since the "Service mesh" tab shows the same analysis. Enable it
 * with `app.extensions: [entity-card:service-mesh/component]`.
 *
 * @alpha
 */
export const serviceMeshComponentEntityCard = EntityCardBlueprint.make({
  name: 'component',
  disabled: true,
  params: {
    filter: { kind: 'component' },
    loader: async () =>
      import('./components/EntityServiceMeshCard').then(m =>
        compatWrapper(<m.ServiceMeshCard variant="flex" />),
      ),
  },
});

/**
 * The full system roll-up card (`entity-card:service-mesh/system`), disabled
 * by default like the full component card.
 *
 * @alpha
 */
export const serviceMeshSystemEntityCard = EntityCardBlueprint.make({
  name: 'system',
  disabled: true,
  params: {
    filter: { kind: 'system' },
    loader: async () =>
      import('./components/EntityServiceMeshSystemCard').then(m =>
        compatWrapper(<m.SystemCard variant="flex" />),
      ),
  },
});

/**
 * The "Service mesh" tab of a component
 * (`entity-content:service-mesh/component`, path `service-mesh`): the full
 * analysis.
 *
 * @alpha
 */
export const serviceMeshComponentEntityContent = EntityContentBlueprint.make({
  name: 'component',
  params: {
    path: 'service-mesh',
    title: 'Service mesh',
    filter: { kind: 'component' },
    loader: async () =>
      import('./components/EntityServiceMeshContent').then(m =>
        compatWrapper(<m.ServiceMeshContent />),
      ),
  },
});

/**
 * The "Service mesh" tab of a system (`entity-content:service-mesh/system`,
 * path `service-mesh`): the full roll-up.
 *
 * @alpha
 */
export const serviceMeshSystemEntityContent = EntityContentBlueprint.make({
  name: 'system',
  params: {
    path: 'service-mesh',
    title: 'Service mesh',
    filter: { kind: 'system' },
    loader: async () =>
      import('./components/EntityServiceMeshSystemContent').then(m =>
        compatWrapper(<m.ServiceMeshSystemContent />),
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
      import('./components/ServiceMeshPage').then(({ ServiceMeshDashboard }) =>
        compatWrapper(
          <Box p={3}>
            <ServiceMeshDashboard />
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
    serviceMeshComponentSummaryEntityCard,
    serviceMeshSystemSummaryEntityCard,
    serviceMeshComponentEntityContent,
    serviceMeshSystemEntityContent,
    serviceMeshComponentEntityCard,
    serviceMeshSystemEntityCard,
    serviceMeshPage,
  ],
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
});
