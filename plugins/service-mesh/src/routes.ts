import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the Mesh Advisor dashboard, e.g. `/service-mesh?verdict=istio`.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'service-mesh',
});

/** Mount point of the "Service mesh" tab of a component (legacy frontend). */
export const entityContentRouteRef = createRouteRef({
  id: 'service-mesh-entity-content',
});

/** Mount point of the "Service mesh" tab of a system (legacy frontend). */
export const systemContentRouteRef = createRouteRef({
  id: 'service-mesh-system-content',
});
