import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  assessEntity,
  EvaluationContext,
  MeshPolicy,
  RULES_VERSION,
  summarizeEvaluation,
} from '@mesh-advisor/plugin-service-mesh-common';
import { createHash } from 'node:crypto';
import { CatalogReader } from './CatalogReader';
import { EvaluationStore, StoredEvaluation } from './EvaluationStore';

export const REFRESH_TASK_ID = 'service-mesh:refresh-evaluations';

/** A component whose inputs changed, with the row that replaces its old one. */
interface ChangedComponent {
  context: EvaluationContext;
  row: StoredEvaluation;
}

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
    // Where the time goes, for the log line: operators of a large catalog
    // want to know whether the catalog, the assessment or the database is slow.
    const timings = { catalog: 0, assessment: 0, database: 0 };
    const timed = async <T>(phase: keyof typeof timings, work: () => T) => {
      const from = performance.now();
      try {
        return await work();
      } finally {
        timings[phase] += performance.now() - from;
      }
    };

    const credentials = await auth.getOwnServiceCredentials();
    const stored = await timed('database', () => store.storedHashes());
    const seen = new Set<string>();
    // Systems, domains, owners and APIs repeat across pages: read each once per run.
    const related = new Map<string, Entity | undefined>();
    const inputHash = inputHasher(policy);
    let written = 0;

    const pages = reader
      .streamEntities({ kind: 'component' }, credentials, pageSize)
      [Symbol.asyncIterator]();
    for (;;) {
      const next = await timed('catalog', () => pages.next());
      if (next.done) break;
      const contexts = await timed('catalog', () =>
        reader.loadContexts(next.value, credentials, related),
      );
      const changed = await timed('assessment', () =>
        this.assessChanged(contexts, stored, seen, inputHash),
      );
      // Lets the first card view of each entity read in one round trip.
      // Unchanged inputs mean unchanged related refs, remembered before.
      await timed('catalog', () =>
        reader.rememberRelatedRefs(changed.map(c => c.context)),
      );
      await timed('database', () =>
        store.upsert(
          changed.map(c => c.row),
          new Date(),
        ),
      );
      written += changed.length;
    }

    const gone = [...stored.keys()].filter(ref => !seen.has(ref));
    await timed('database', () => store.remove(gone));

    const result = { evaluated: seen.size, written, removed: gone.length };
    const totalMs = Math.round(Date.now() - started);
    const phasesMs = {
      catalog: Math.round(timings.catalog),
      assessment: Math.round(timings.assessment),
      database: Math.round(timings.database),
    };
    logger.info(
      `Refreshed service-mesh evaluations: ${result.evaluated} evaluated, ` +
        `${result.written} written, ${result.removed} removed in ${totalMs} ms ` +
        `(catalog ${phasesMs.catalog} ms, assessment ${phasesMs.assessment} ms, ` +
        `database ${phasesMs.database} ms)`,
      { ...result, totalMs, ...phasesMs },
    );
    return result;
  }

  /** Assesses the components whose inputs changed since they were stored. */
  private assessChanged(
    contexts: EvaluationContext[],
    stored: Map<string, string>,
    seen: Set<string>,
    inputHash: (context: EvaluationContext) => string,
  ): ChangedComponent[] {
    const changed: ChangedComponent[] = [];
    for (const context of contexts) {
      const entityRef = stringifyEntityRef(context.entity);
      seen.add(entityRef);
      // The assessment is a pure function of its inputs: unchanged inputs
      // need neither assessing nor writing.
      const contentHash = inputHash(context);
      if (stored.get(entityRef) === contentHash) continue;
      // The dashboard needs no guidance: the card renders it when viewed.
      const assessment = assessEntity(context, this.deps.policy);
      changed.push({
        context,
        row: {
          summary: summarizeEvaluation(assessment, context.entity),
          contentHash,
        },
      });
    }
    return changed;
  }
}

/**
 * A hash of everything an evaluation depends on: the policy, the rules
 * version, the entity and its related entities. Related entities repeat
 * across components, so each is hashed once per run.
 */
function inputHasher(policy: MeshPolicy) {
  const sha = (text: string) =>
    createHash('sha256').update(text).digest('base64url');
  const policyHash = sha(JSON.stringify([RULES_VERSION, policy]));
  const relatedHashes = new Map<Entity, string>();
  const hashOf = (entity: Entity | undefined) => {
    if (!entity) return '-';
    let hash = relatedHashes.get(entity);
    if (!hash) {
      hash = sha(JSON.stringify(entity));
      relatedHashes.set(entity, hash);
    }
    return hash;
  };
  return (context: EvaluationContext) =>
    sha(
      [
        policyHash,
        JSON.stringify(context.entity),
        ...[
          context.owner,
          context.system,
          context.domain,
          ...(context.apis ?? []),
          ...(context.resources ?? []),
        ].map(hashOf),
      ].join('\n'),
    );
}
