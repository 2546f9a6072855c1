import { createApp } from '@backstage/frontend-defaults';

/**
 * The example portal, on the new frontend system. `app.packages: all` in
 * app-config.yaml discovers every plugin package this app depends on: the
 * catalog, org, API docs, user settings and Mesh Advisor
 * (`@mesh-advisor/plugin-service-mesh/alpha`), so nothing is listed here.
 */
const app = createApp();

export default app;
