import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ExampleVisibilityPolicy } from './ExampleVisibilityPolicy';

/**
 * Installs {@link ExampleVisibilityPolicy}, so the example portal enforces a
 * real read boundary in the catalog, and so in Mesh Advisor.
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'example-visibility-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new ExampleVisibilityPolicy(userInfo));
      },
    });
  },
});
