import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the Mesh Advisor dashboard, e.g. `/service-mesh?verdict=istio`. */
export const rootRouteRef = createRouteRef({
  id: 'service-mesh',
});
