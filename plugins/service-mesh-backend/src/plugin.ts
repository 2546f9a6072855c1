import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { registerEvaluateAction } from './actions';
import { readServiceMeshOptions } from './config';
import { createRouter } from './router';
import { CatalogReader } from './services/CatalogReader';
import { EvaluationRefresher } from './services/EvaluationRefresher';
import { EvaluationStore } from './services/EvaluationStore';
import { ReadableEntities } from './services/ReadableEntities';

/**
 * Mesh Advisor's backend plugin: evaluates catalog components for a service
 * mesh on behalf of the caller, and keeps evaluations for the dashboard.
 *
 * @public
 */
export const serviceMeshPlugin = createBackendPlugin({
  pluginId: 'service-mesh',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        cache: coreServices.cache,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        // Validated first: a bad serviceMesh value stops the backend here.
        const { policy, refresh, refreshPageSize } =
          readServiceMeshOptions(config);

        const reader = new CatalogReader(deps.catalog, deps.cache);
        const store = await EvaluationStore.create(deps.database);
        const readable = new ReadableEntities(
          deps.permissions,
          deps.cache,
          reader,
          store,
        );

        await new EvaluationRefresher({
          auth: deps.auth,
          logger,
          reader,
          store,
          policy,
          pageSize: refreshPageSize,
        }).schedule(scheduler, refresh);

        registerEvaluateAction({
          actionsRegistry: deps.actionsRegistry,
          reader,
          policy,
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            logger,
            reader,
            store,
            readable,
            policy,
          }),
        );
      },
    });
  },
});
