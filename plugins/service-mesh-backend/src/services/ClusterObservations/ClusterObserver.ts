import {
  AuthService,
  BackstageCredentials,
  CacheService,
  DiscoveryService,
  LoggerService,
  PermissionsService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { kubernetesResourcesReadPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ClusterObservation } from '@mesh-advisor/plugin-service-mesh-common';
import pLimit from 'p-limit';
import { observeResponse } from './readObjects';
import type {
  ClusterObservationStore,
  ClusterObserver,
  ObservationAccess,
} from './types';

export const OBSERVE_TASK_ID = 'service-mesh:observe-clusters';

/** A cluster that does not answer in this long is recorded as failed, and the run moves on. */
const KUBERNETES_QUERY_TIMEOUT_MS = 5000;
/** Queries in flight at once: the Kubernetes plugin fans each out to every cluster. */
const MAX_QUERIES_IN_FLIGHT = 4;

/** The annotations the Kubernetes plugin finds a component's objects by. */
const KUBERNETES_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
];

export function isObservable(entity: Entity): boolean {
  const annotations = entity.metadata?.annotations ?? {};
  return KUBERNETES_ANNOTATIONS.some(a => Boolean(annotations[a]?.trim()));
}

export interface ClusterObserverOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  catalog: CatalogService;
  logger: LoggerService;
  store: ClusterObservationStore;
  timeoutMs?: number;
  concurrency?: number;
  /**
   * Called after each run with the refs of the components observed, so
   * their stored evaluations take the new observations in (the dashboard
   * row then agrees with the entity card). A failure is logged only.
   */
  onObserved?: (entityRefs: string[]) => Promise<unknown>;
}

/**
 * Observes every component annotated for Kubernetes through the Kubernetes
 * plugin's HTTP API, as this plugin (a plugin-to-plugin token), and stores
 * what it saw. Runs in the background: a slow or failing cluster costs this
 * task at most the timeout per component, and no request waits on it.
 */
export function createClusterObserver(
  options: ClusterObserverOptions,
): ClusterObserver {
  const { auth, discovery, catalog, logger, store } = options;
  const timeoutMs = options.timeoutMs ?? KUBERNETES_QUERY_TIMEOUT_MS;
  const limit = pLimit(options.concurrency ?? MAX_QUERIES_IN_FLIGHT);

  async function query(entityRef: string): Promise<ClusterObservation[]> {
    const observedAt = new Date().toISOString();
    try {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'kubernetes',
      });
      const baseUrl = await discovery.getBaseUrl('kubernetes');
      const response = await fetch(`${baseUrl}/resources/workloads/query`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ entityRef, auth: {} }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        throw new Error(
          response.status === 404
            ? 'the Kubernetes plugin is not installed in this backend (404)'
            : `the Kubernetes plugin answered ${response.status}: ${(
                await response.text().catch(() => '')
              ).slice(0, 300)}`,
        );
      }
      return observeResponse(await response.json(), observedAt);
    } catch (error) {
      const e = error as Error;
      const message =
        e?.name === 'TimeoutError' || e?.name === 'AbortError'
          ? `no answer within ${timeoutMs} ms (a cluster may be hanging)`
          : e?.message ?? String(error);
      // One row for the whole plugin: which cluster failed is not known.
      return [
        {
          cluster: '',
          observedAt,
          status: 'error',
          error: message,
          workloads: [],
          pods: 0,
          dataPlanes: [],
          injection: [],
          protocols: [],
        },
      ];
    }
  }

  return {
    async observeAll() {
      const started = Date.now();
      const credentials = await auth.getOwnServiceCredentials();
      const seen = new Set<string>();
      const pending: Array<Promise<boolean>> = [];
      for await (const page of catalog.streamEntities(
        {
          filter: { kind: 'component' },
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.annotations',
          ],
        },
        { credentials },
      )) {
        for (const entity of page.filter(isObservable)) {
          const entityRef = stringifyEntityRef(entity);
          seen.add(entityRef);
          pending.push(
            // Each query says whether a cluster failed for it.
            limit(async () => {
              const observations = await query(entityRef);
              await store.replace(entityRef, observations);
              return observations.some(o => o.status === 'error');
            }),
          );
        }
      }
      const failed = (await Promise.all(pending)).filter(Boolean).length;
      const removed = await store.retainOnly(seen);
      if (options.onObserved) {
        try {
          await options.onObserved([...seen]);
        } catch (error) {
          logger.warn(`Re-evaluating the observed components failed: ${error}`);
        }
      }
      const result = { observed: seen.size, failed, removed };
      logger.info(
        `Observed clusters: ${result.observed} components, ${result.failed} failed, ` +
          `${result.removed} removed in ${Date.now() - started} ms`,
        { ...result },
      );
      return result;
    },
  };
}

/** Schedules the observation beside the evaluation refresh, once per interval across replicas. */
export async function scheduleClusterObserver(
  scheduler: SchedulerService,
  schedule: SchedulerServiceTaskScheduleDefinition,
  observer: ClusterObserver,
): Promise<void> {
  await scheduler.scheduleTask({
    id: OBSERVE_TASK_ID,
    scope: 'global',
    ...schedule,
    fn: async () => {
      await observer.observeAll();
    },
  });
}

/**
 * How long a user's `kubernetes.resources.read` decision is reused. Asking
 * the permission backend costs a signed request per card view, as much as a
 * catalog read; a policy change reaches a user who already had an answer
 * within this time (docs/api.md, "What a call costs").
 */
const OBSERVATION_DECISION_TTL_MS = 60_000;

/**
 * Observations are the Kubernetes plugin's data: a caller sees them when
 * that plugin would show them the objects (`kubernetes.resources.read`).
 * Users' decisions are remembered per user for OBSERVATION_DECISION_TTL_MS;
 * service principals' are decided locally by the permission client, so
 * they are asked every time.
 */
export function createObservationAccess(
  permissions: PermissionsService,
  cache?: CacheService,
): ObservationAccess {
  const ask = async (credentials: BackstageCredentials) => {
    const [decision] = await permissions.authorize(
      [{ permission: kubernetesResourcesReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  };
  return {
    async mayRead(credentials: BackstageCredentials) {
      const principal = credentials.principal as {
        type?: string;
        userEntityRef?: string;
      };
      if (!cache || principal.type !== 'user' || !principal.userEntityRef)
        return ask(credentials);
      const key = `kubernetes-read:${principal.userEntityRef.toLowerCase()}`;
      const remembered = await cache.get(key);
      if (typeof remembered === 'boolean') return remembered;
      const allowed = await ask(credentials);
      await cache.set(key, allowed, { ttl: OBSERVATION_DECISION_TTL_MS });
      return allowed;
    },
  };
}
