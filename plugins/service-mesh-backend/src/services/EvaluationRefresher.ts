import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  evaluateEntity,
  MeshPolicy,
  summarizeEvaluation,
} from '@mesh-advisor/plugin-service-mesh-common';
import { createHash } from 'node:crypto';
import { CatalogReader } from './CatalogReader';
import { EvaluationStore, StoredEvaluation } from './EvaluationStore';

export const REFRESH_TASK_ID = 'service-mesh:refresh-evaluations';

/** What one refresh did, for logs and tests. */
export interface RefreshResult {
  evaluated: number;
  written: number;
  removed: number;
}

/**
 * Re-evaluates every component of the catalog into the store. Pages through
 * the catalog (never loads it whole), writes only rows whose evaluation
 * changed, and removes rows of entities that left the catalog.
 *
 * Scheduled with `scope: 'global'`, so with several backend replicas on one
 * database a run happens once per interval, not once per replica.
 */
export class EvaluationRefresher {
  constructor(
    private readonly deps: {
      auth: AuthService;
      logger: LoggerService;
      reader: CatalogReader;
      store: EvaluationStore;
      policy: MeshPolicy;
      pageSize: number;
    },
  ) {}

  async schedule(
    scheduler: SchedulerService,
    schedule: SchedulerServiceTaskScheduleDefinition,
  ): Promise<void> {
    await scheduler.scheduleTask({
      id: REFRESH_TASK_ID,
      scope: 'global',
      ...schedule,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  async refresh(): Promise<RefreshResult> {
    const { auth, logger, reader, store, policy, pageSize } = this.deps;
    const started = Date.now();
    const credentials = await auth.getOwnServiceCredentials();
    const stored = await store.storedHashes();
    const seen = new Set<string>();
    // Systems, domains, owners and APIs repeat across pages: read each once per run.
    const related = new Map<string, Entity | undefined>();
    let written = 0;

    for await (const page of reader.streamEntities(
      { kind: 'component' },
      credentials,
      pageSize,
    )) {
      const contexts = await reader.loadContexts(page, credentials, related);
      // Lets the first card view of each entity read in one round trip.
      await reader.rememberRelatedRefs(contexts);
      const changed: StoredEvaluation[] = [];
      for (const context of contexts) {
        const entityRef = stringifyEntityRef(context.entity);
        seen.add(entityRef);
        const evaluation = evaluateEntity(context, policy);
        const summary = summarizeEvaluation(evaluation, context.entity);
        const evaluationJson = JSON.stringify(evaluation);
        const contentHash = createHash('sha256')
          .update(evaluationJson)
          .update(JSON.stringify(summary))
          .digest('hex');
        if (stored.get(entityRef) !== contentHash) {
          changed.push({ summary, evaluationJson, contentHash });
        }
      }
      await store.upsert(changed, new Date());
      written += changed.length;
    }

    const gone = [...stored.keys()].filter(ref => !seen.has(ref));
    await store.remove(gone);

    const result = { evaluated: seen.size, written, removed: gone.length };
    logger.info(
      `Refreshed service-mesh evaluations: ${result.evaluated} evaluated, ${
        result.written
      } written, ${result.removed} removed in ${Date.now() - started} ms`,
      { ...result },
    );
    return result;
  }
}
