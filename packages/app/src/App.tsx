import { createApp } from '@backstage/frontend-defaults';
import { rootRedirectModule } from './rootRedirect';

/**
 * The example portal, on the new frontend system. `app.packages: all` in
 * app-config.yaml discovers every plugin package this app depends on: the
 * catalog, org, API docs, user settings and Mesh Advisor
 * (`@mesh-advisor/plugin-service-mesh/alpha`). The catalog lives at
 * `/catalog`, as in every Backstage portal; `/` sends visitors there.
 */
const app = createApp({ features: [rootRedirectModule] });

export default app;
