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
import type { EntityServiceMeshSummaryCardProps } from './components/EntityServiceMeshSummaryCard';
import type { EntityServiceMeshSystemSummaryCardProps } from './components/EntityServiceMeshSystemSummaryCard';
import {
  entityContentRouteRef,
  rootRouteRef,
  systemContentRouteRef,
} from './routes';

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
    entityContent: entityContentRouteRef,
    systemContent: systemContentRouteRef,
  },
});

/**
 * A few lines for a component's overview: the verdict, both scores, the
 * confidence ("Provisional" when low), the first blocker and a "View
 * analysis" link to the "Service mesh" tab.
 *
 * @remarks
 * Put it near the top of the component overview behind
 * `isServiceMeshAvailable`, and mount {@link EntityServiceMeshContent} at
 * `service-mesh` for the link to land.
 *
 * @public
 */
export const EntityServiceMeshSummaryCard: (
  props: EntityServiceMeshSummaryCardProps,
) => JSX.Element = serviceMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityServiceMeshSummaryCard',
    component: {
      lazy: () =>
        import('./components/EntityServiceMeshSummaryCard').then(
          m => m.ServiceMeshSummaryCard,
        ),
    },
  }),
);

/**
 * The "Service mesh" tab of a component: the full analysis (blockers, the
 * why, annotation fixes, per-mesh guidance and manifests, overhead, and a
 * what-if).
 *
 * @remarks
 * Mount it as an `EntityLayout.Route` of the component page with
 * `path="/service-mesh"`, `title="Service mesh"` and
 * `if={isServiceMeshAvailable}`.
 *
 * @public
 */
export const EntityServiceMeshContent: () => JSX.Element =
  serviceMeshPlugin.provide(
    createRoutableExtension({
      name: 'EntityServiceMeshContent',
      component: () =>
        import('./components/EntityServiceMeshContent').then(
          m => m.ServiceMeshContent,
        ),
      mountPoint: entityContentRouteRef,
    }),
  );

/**
 * A few lines for a system's overview: its verdict, both scores, how many
 * components force the verdict or conflict with it, and a "View analysis"
 * link to the "Service mesh" tab.
 *
 * @public
 */
export const EntityServiceMeshSystemSummaryCard: (
  props: EntityServiceMeshSystemSummaryCardProps,
) => JSX.Element = serviceMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityServiceMeshSystemSummaryCard',
    component: {
      lazy: () =>
        import('./components/EntityServiceMeshSystemSummaryCard').then(
          m => m.ServiceMeshSystemSummaryCard,
        ),
    },
  }),
);

/**
 * The "Service mesh" tab of a system: the full roll-up (the components that
 * force the verdict, conflicts, cost and every component's verdict).
 *
 * @remarks
 * Mount it as an `EntityLayout.Route` of the system page with
 * `path="/service-mesh"`, `title="Service mesh"` and
 * `if={isServiceMeshSystemAvailable}`.
 *
 * @public
 */
export const EntityServiceMeshSystemContent: () => JSX.Element =
  serviceMeshPlugin.provide(
    createRoutableExtension({
      name: 'EntityServiceMeshSystemContent',
      component: () =>
        import('./components/EntityServiceMeshSystemContent').then(
          m => m.ServiceMeshSystemContent,
        ),
      mountPoint: systemContentRouteRef,
    }),
  );

/**
 * The full Mesh Advisor card of a component: verdict, scores, blockers, the
 * why, annotation fixes, per-mesh guidance and manifests, overhead, and a
 * what-if.
 *
 * @remarks
 * Prefer {@link EntityServiceMeshSummaryCard} on the overview and
 * {@link EntityServiceMeshContent} on a tab; this card stays for overviews
 * that show everything in place.
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
 * The full Mesh Advisor roll-up of a system: one verdict, the components
 * that force it, conflicts and the chosen mesh's cost.
 *
 * @remarks
 * Prefer {@link EntityServiceMeshSystemSummaryCard} on the overview and
 * {@link EntityServiceMeshSystemContent} on a tab.
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
