import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { registerEvaluateAction } from './actions';
import { readServiceMeshOptions } from './config';
import { createRouter } from './router';
import {
  BACKGROUND_CATALOG_TIMEOUT_MS,
  CatalogReader,
} from './services/CatalogReader';
import { EvaluationRefresher } from './services/EvaluationRefresher';
import { EvaluationStore } from './services/EvaluationStore';
import { ReadableEntities } from './services/ReadableEntities';
import { VerdictHistory } from './services/history';
import { createHistoryRouter } from './historyRoute';
import {
  createClusterObservationStore,
  createClusterObserver,
  createObservationAccess,
  scheduleClusterObserver,
} from './services/ClusterObservations';
import { createClustersRollup } from './clustersRoute';
import { createObservedEvidence } from './observedEvidence';
import {
  createMeshAdvisorService,
  createUnfilteredReads,
} from './services/MeshAdvisorService';

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
        discovery: coreServices.discovery,
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
        const {
          policy,
          refresh,
          refreshPageSize,
          changeDetection,
          historyRetentionDays,
        } = readServiceMeshOptions(config);

        const reader = new CatalogReader(deps.catalog, deps.cache);
        const store = await EvaluationStore.create(deps.database);
        const readable = new ReadableEntities(
          deps.permissions,
          deps.cache,
          reader,
          store,
        );

        const history = await VerdictHistory.create(deps.database);
        const observations = await createClusterObservationStore(deps.database);
        const refresher = new EvaluationRefresher({
          auth: deps.auth,
          logger,
          // Nobody waits on the scheduled passes: a loaded catalog gets longer.
          reader: new CatalogReader(deps.catalog, deps.cache, {
            timeoutMs: BACKGROUND_CATALOG_TIMEOUT_MS,
          }),
          store,
          policy,
          pageSize: refreshPageSize,
          history,
          retentionDays: historyRetentionDays,
          observations,
        });
        await refresher.schedule(scheduler, refresh);
        // New, changed and removed components within 2 minutes (issue #15).
        await refresher.scheduleChangeDetection(scheduler, changeDetection);

        // What the clusters run, through the Kubernetes plugin, on the
        // refresh's schedule; without that plugin each run records one error.
        await scheduleClusterObserver(
          scheduler,
          refresh,
          createClusterObserver({
            auth: deps.auth,
            discovery: deps.discovery,
            catalog: deps.catalog,
            logger,
            store: observations,
            // The dashboard rows of observed components follow the new observations.
            onObserved: refs => refresher.reevaluate(refs),
          }),
        );
        const observationAccess = createObservationAccess(
          deps.permissions,
          deps.cache,
        );

        // One service for every caller: the HTTP routes and the MCP action.
        const service = createMeshAdvisorService({
          logger,
          reader,
          store,
          readable,
          policy,
          observationAccess,
          observed: createObservedEvidence({
            store: observations,
            access: observationAccess,
            logger,
          }),
          listClusters: createClustersRollup({
            store: observations,
            readable,
            access: observationAccess,
          }),
          unfiltered: createUnfilteredReads({
            reader,
            cache: deps.cache,
            permissions: deps.permissions,
          }),
        });

        registerEvaluateAction({
          actionsRegistry: deps.actionsRegistry,
          service,
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            logger,
            service,
            history: createHistoryRouter({
              httpAuth: deps.httpAuth,
              reader,
              readable,
              history,
              retentionDays: historyRetentionDays,
            }),
          }),
        );
      },
    });
  },
});
