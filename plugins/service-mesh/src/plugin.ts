import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ServiceMeshClient, serviceMeshApiRef } from './api';
import type { EntityServiceMeshCardProps } from './components/EntityServiceMeshCard';
import type { EntityServiceMeshSystemCardProps } from './components/EntityServiceMeshSystemCard';
import { rootRouteRef } from './routes';

/**
 * The Mesh Advisor frontend plugin (legacy frontend system).
 *
 * @public
 */
export const serviceMeshPlugin = createPlugin({
  id: 'service-mesh',
  apis: [
    createApiFactory({
      api: serviceMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceMeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The Mesh Advisor card of a component: verdict, scores, blockers, the why,
 * annotation fixes, per-mesh guidance and manifests, overhead, and a what-if.
 *
 * @remarks
 * Put it on the component overview behind `isServiceMeshAvailable`.
 *
 * @public
 */
export const EntityServiceMeshCard: (
  props: EntityServiceMeshCardProps,
) => JSX.Element = serviceMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityServiceMeshCard',
    component: {
      lazy: () =>
        import('./components/EntityServiceMeshCard').then(
          m => m.ServiceMeshCard,
        ),
    },
  }),
);

/**
 * The Mesh Advisor roll-up of a system: one verdict, the components that
 * force it, conflicts and the chosen mesh's cost.
 *
 * @public
 */
export const EntityServiceMeshSystemCard: (
  props: EntityServiceMeshSystemCardProps,
) => JSX.Element = serviceMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityServiceMeshSystemCard',
    component: {
      lazy: () =>
        import('./components/EntityServiceMeshSystemCard').then(
          m => m.SystemCard,
        ),
    },
  }),
);

/**
 * The catalog-wide Mesh Advisor dashboard for platform teams.
 *
 * @public
 */
export const ServiceMeshPage: () => JSX.Element = serviceMeshPlugin.provide(
  createRoutableExtension({
    name: 'ServiceMeshPage',
    component: () =>
      import('./components/ServiceMeshPage').then(m => m.ServiceMeshPage),
    mountPoint: rootRouteRef,
  }),
);
