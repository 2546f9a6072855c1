import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createServiceMeshManifestsAction } from './actions';

/**
 * Adds the `service-mesh:manifests` action to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleServiceMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'service-mesh',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, auth, discovery, config, catalog }) {
        scaffolder.addActions(
          createServiceMeshManifestsAction({
            auth,
            discovery,
            config,
            catalog,
          }),
        );
      },
    });
  },
});
