import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  assessEntity,
  ClusterObservation,
  EvaluationContext,
  MeshPolicy,
  RULES_VERSION,
  summarizeEvaluation,
} from '@mesh-advisor/plugin-service-mesh-common';
import { createHash } from 'node:crypto';
import { CatalogReader } from './CatalogReader';
import { ClusterObservationStore, isObservable } from './ClusterObservations';
import {
  EvaluationStore,
  StoredEvaluation,
  StoredState,
} from './EvaluationStore';
import { evaluationInputs } from './history/inputs';
import { VerdictHistory } from './history/VerdictHistory';

export const REFRESH_TASK_ID = 'service-mesh:refresh-evaluations';
const DETECT_CHANGES_TASK_ID = 'service-mesh:detect-changes';

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

/** What one change-detection pass did, for logs and tests. */
export interface ChangeDetectionResult {
  /** Components in the catalog. */
  checked: number;
  /** New or with another etag than stored: read and evaluated. */
  changed: number;
  /** Of those, rows written (the others' evaluation inputs were unchanged). */
  written: number;
  removed: number;
}

type Phase = 'catalog' | 'assessment' | 'database';

/**
 * Keeps the stored evaluations behind the dashboard in step with the catalog,
 * in two passes that never run at the same time in one backend:
 *
 * - change detection (frequent, default every 30 s): walks the catalog's
 *   components asking only for ref and etag, compares with the stored etags,
 *   evaluates only new and changed components and removes gone ones;
 * - the full refresh (the safety net, default every 30 min): re-evaluates
 *   every component, which catches what change detection cannot see, a
 *   change of a *related* entity (owner, system, domain, API) that leaves
 *   the component's own etag as it was; it also prunes the verdict history.
 *
 * The catalog at this version publishes no entity-change events a plugin
 * could subscribe to (only `experimental.catalog.errors` and
 * `experimental.catalog.conflict`), hence the walk. Both tasks are scheduled
 * with `scope: 'global'`: with several replicas on one database each runs
 * once per interval, not once per replica.
 */
export class EvaluationRefresher {
  /** The pass in progress; the next one waits for it. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      auth: AuthService;
      logger: LoggerService;
      reader: CatalogReader;
      store: EvaluationStore;
      policy: MeshPolicy;
      pageSize: number;
      /** Pruned by the full refresh when given. */
      history?: VerdictHistory;
      /** Verdict transitions older than this are deleted. Default 90. */
      retentionDays?: number;
      /**
       * Stored cluster observations: a component with some is also
       * evaluated with them, for callers allowed to see them (issue #15).
       */
      observations?: Pick<ClusterObservationStore, 'forEntities'>;
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

  async scheduleChangeDetection(
    scheduler: SchedulerService,
    schedule: SchedulerServiceTaskScheduleDefinition,
  ): Promise<void> {
    await scheduler.scheduleTask({
      id: DETECT_CHANGES_TASK_ID,
      scope: 'global',
      ...schedule,
      fn: async () => {
        await this.detectChanges();
      },
    });
  }

  /** Re-evaluates every component; writes only what changed. */
  async refresh(): Promise<RefreshResult> {
    return this.exclusive(() => this.fullRefresh());
  }

  /** Evaluates only new and changed components, removes gone ones. */
  async detectChanges(): Promise<ChangeDetectionResult> {
    return this.exclusive(() => this.changeDetection());
  }

  /**
   * Re-evaluates these components (catalog refs), after the cluster
   * observation stored new observations of them; writes only the ones whose
   * inputs, observations included, changed. Returns the rows written.
   */
  async reevaluate(entityRefs: string[]): Promise<number> {
    return this.exclusive(async () => {
      const { auth, reader, store, pageSize } = this.deps;
      const { timed } = phaseTimer();
      const credentials = await auth.getOwnServiceCredentials();
      const stored = await store.storedState();
      const related = new Map<string, Entity | undefined>();
      const hasher = inputHasher(this.deps.policy);
      let written = 0;
      for (let i = 0; i < entityRefs.length; i += pageSize) {
        const entities = await reader.getEntitiesByRefs(
          entityRefs.slice(i, i + pageSize),
          credentials,
        );
        written += await this.evaluateAndWrite(
          entities,
          credentials,
          related,
          stored,
          hasher,
          timed,
        );
      }
      return written;
    });
  }

  private exclusive<T>(pass: () => Promise<T>): Promise<T> {
    const run = this.running.then(pass, pass);
    this.running = run.catch(() => {});
    return run;
  }

  private async fullRefresh(): Promise<RefreshResult> {
    const { auth, logger, reader, store, pageSize } = this.deps;
    const started = Date.now();
    const { timings, timed } = phaseTimer();

    const credentials = await auth.getOwnServiceCredentials();
    const stored = await timed('database', () => store.storedState());
    const seen = new Set<string>();
    // Systems, domains, owners and APIs repeat across pages: read each once per run.
    const related = new Map<string, Entity | undefined>();
    const hasher = inputHasher(this.deps.policy);
    let written = 0;

    const pages = reader
      .streamEntities({ kind: 'component' }, credentials, pageSize)
      [Symbol.asyncIterator]();
    for (;;) {
      const next = await timed('catalog', () => pages.next());
      if (next.done) break;
      for (const entity of next.value) seen.add(storedRefOf(entity));
      written += await this.evaluateAndWrite(
        next.value,
        credentials,
        related,
        stored,
        hasher,
        timed,
      );
    }

    const gone = [...stored.keys()].filter(ref => !seen.has(ref));
    await timed('database', () => store.remove(gone));
    const pruned = this.deps.history
      ? await timed('database', () =>
          this.deps.history!.prune(this.deps.retentionDays ?? 90, new Date()),
        )
      : 0;

    const result = { evaluated: seen.size, written, removed: gone.length };
    const totalMs = Math.round(Date.now() - started);
    const phasesMs = roundPhases(timings);
    logger.info(
      `Refreshed service-mesh evaluations: ${result.evaluated} evaluated, ` +
        `${result.written} written, ${result.removed} removed in ${totalMs} ms ` +
        `(catalog ${phasesMs.catalog} ms, assessment ${phasesMs.assessment} ms, ` +
        `database ${phasesMs.database} ms)`,
      { ...result, totalMs, ...phasesMs, prunedTransitions: pruned },
    );
    return result;
  }

  private async changeDetection(): Promise<ChangeDetectionResult> {
    const { auth, logger, reader, store, pageSize } = this.deps;
    const started = Date.now();
    const { timings, timed } = phaseTimer();

    const credentials = await auth.getOwnServiceCredentials();
    const stored = await timed('database', () => store.storedState());
    const seen = new Set<string>();
    const changedRefs: string[] = [];
    const pages = reader
      .streamChangeMarkers({ kind: 'component' }, credentials, pageSize)
      [Symbol.asyncIterator]();
    for (;;) {
      const next = await timed('catalog', () => pages.next());
      if (next.done) break;
      for (const marker of next.value) {
        const ref = storedRefOf(marker);
        seen.add(ref);
        const etag = marker.metadata.etag;
        if (!etag || stored.get(ref)?.etag !== etag) changedRefs.push(ref);
      }
    }

    // Only the changed ones are read whole, a page at a time.
    const related = new Map<string, Entity | undefined>();
    const hasher = inputHasher(this.deps.policy);
    let written = 0;
    for (let i = 0; i < changedRefs.length; i += pageSize) {
      const entities = await timed('catalog', () =>
        reader.getEntitiesByRefs(
          changedRefs.slice(i, i + pageSize),
          credentials,
        ),
      );
      written += await this.evaluateAndWrite(
        entities,
        credentials,
        related,
        stored,
        hasher,
        timed,
      );
    }

    const gone = [...stored.keys()].filter(ref => !seen.has(ref));
    await timed('database', () => store.remove(gone));

    const result = {
      checked: seen.size,
      changed: changedRefs.length,
      written,
      removed: gone.length,
    };
    const totalMs = Math.round(Date.now() - started);
    const phasesMs = roundPhases(timings);
    // Every 30 s by default: a pass that found nothing logs at debug only.
    const log =
      result.changed + result.removed > 0
        ? logger.info.bind(logger)
        : logger.debug.bind(logger);
    log(
      `Detected service-mesh catalog changes: ${result.checked} checked, ` +
        `${result.changed} changed, ${result.written} written, ` +
        `${result.removed} removed in ${totalMs} ms ` +
        `(catalog ${phasesMs.catalog} ms, assessment ${phasesMs.assessment} ms, ` +
        `database ${phasesMs.database} ms)`,
      { ...result, totalMs, ...phasesMs },
    );
    return result;
  }

  /**
   * Loads the contexts of entities, assesses those whose inputs changed and
   * writes them; records the new etags of the unchanged ones. Returns the
   * number of rows written.
   */
  private async evaluateAndWrite(
    entities: Entity[],
    credentials: BackstageCredentials,
    related: Map<string, Entity | undefined>,
    stored: Map<string, StoredState>,
    hasher: ReturnType<typeof inputHasher>,
    timed: PhaseTimer,
  ): Promise<number> {
    const { reader, store } = this.deps;
    const contexts = await timed('catalog', () =>
      reader.loadContexts(entities, credentials, related),
    );
    const observations = await timed('database', () =>
      this.observationsOf(contexts),
    );
    const etagsOnly = new Map<string, string>();
    const changed = await timed('assessment', () =>
      this.assessChanged(contexts, observations, stored, hasher, etagsOnly),
    );
    // Lets the first card view of each entity read in one round trip.
    // Unchanged inputs mean unchanged related refs, remembered before.
    await timed('catalog', () =>
      reader.rememberRelatedRefs(changed.map(c => c.context)),
    );
    await timed('database', async () => {
      await store.upsert(
        changed.map(c => c.row),
        new Date(),
      );
      await store.updateEtags(etagsOnly);
    });
    return changed.length;
  }

  /**
   * The stored observations of a page of components, in one query, keyed
   * as the entity route looks them up. Only components annotated for
   * Kubernetes, as there: rows left from before an annotation was removed
   * do not count.
   */
  private async observationsOf(
    contexts: EvaluationContext[],
  ): Promise<Map<string, ClusterObservation[]>> {
    const { observations } = this.deps;
    const refs = contexts
      .filter(c => isObservable(c.entity))
      .map(c => stringifyEntityRef(c.entity));
    if (!observations || refs.length === 0) return new Map();
    return observations.forEntities(refs);
  }

  /**
   * Assesses the components whose inputs changed since they were stored;
   * collects in `etagsOnly` the unchanged ones whose etag moved.
   */
  private assessChanged(
    contexts: EvaluationContext[],
    observationsByRef: Map<string, ClusterObservation[]>,
    stored: Map<string, StoredState>,
    hasher: ReturnType<typeof inputHasher>,
    etagsOnly: Map<string, string>,
  ): ChangedComponent[] {
    const changed: ChangedComponent[] = [];
    for (const context of contexts) {
      const entityRef = storedRefOf(context.entity);
      const etag = context.entity.metadata.etag;
      const before = stored.get(entityRef);
      // The assessment is a pure function of its inputs: unchanged inputs
      // need neither assessing nor writing.
      const observations = observationsByRef.get(
        stringifyEntityRef(context.entity),
      );
      const contentHash = hasher.hash(context, observations);
      if (before?.contentHash === contentHash) {
        if (etag && before.etag !== etag) etagsOnly.set(entityRef, etag);
        continue;
      }
      // The dashboard needs no guidance: the card renders it when viewed.
      const assessment = assessEntity(context, this.deps.policy);
      // With observations too, as the entity route evaluates it for a
      // caller allowed to see them; the list picks the variant per caller.
      const observed = observations?.length
        ? summarizeEvaluation(
            assessEntity({ ...context, observations }, this.deps.policy),
            context.entity,
          )
        : undefined;
      changed.push({
        context,
        row: {
          summary: summarizeEvaluation(assessment, context.entity),
          observed,
          contentHash,
          inputs: evaluationInputs(context, RULES_VERSION, hasher.policyHash),
          etag,
          replaces: before !== undefined,
        },
      });
    }
    return changed;
  }
}

/**
 * The ref as the store keys it (the evaluator's summary ref): lower-cased
 * whole, since refs compare case-insensitively in the catalog.
 */
function storedRefOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLowerCase();
}

type PhaseTimer = <T>(phase: Phase, work: () => T | Promise<T>) => Promise<T>;

/**
 * Where the time goes, for the log line: operators of a large catalog want
 * to know whether the catalog, the assessment or the database is slow.
 */
function phaseTimer() {
  const timings: Record<Phase, number> = {
    catalog: 0,
    assessment: 0,
    database: 0,
  };
  const timed: PhaseTimer = async (phase, work) => {
    const from = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] += performance.now() - from;
    }
  };
  return { timings, timed };
}

function roundPhases(timings: Record<Phase, number>) {
  return {
    catalog: Math.round(timings.catalog),
    assessment: Math.round(timings.assessment),
    database: Math.round(timings.database),
  };
}

/**
 * The entity as hashed: without its etag, which the catalog changes for
 * things the evaluation does not read (status, relations of other types).
 */
function hashedJson(entity: Entity): string {
  if (entity.metadata?.etag === undefined) return JSON.stringify(entity);
  return JSON.stringify({
    ...entity,
    metadata: { ...entity.metadata, etag: undefined },
  });
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
      hash = sha(hashedJson(entity));
      relatedHashes.set(entity, hash);
    }
    return hash;
  };
  return {
    policyHash: sha(JSON.stringify(policy)),
    hash: (context: EvaluationContext, observations?: ClusterObservation[]) =>
      sha(
        [
          policyHash,
          hashedJson(context.entity),
          ...[
            context.owner,
            context.system,
            context.domain,
            ...(context.apis ?? []),
            ...(context.resources ?? []),
          ].map(hashOf),
          // Without observations the hash is the catalog-only one, as before.
          ...(observations?.length ? [observationsJson(observations)] : []),
        ].join('\n'),
      ),
  };
}

/**
 * Observations as hashed: without the time of observation, which changes
 * every run while what the cluster runs usually does not, and which no
 * stored summary column depends on (only the card's source details name it).
 */
function observationsJson(observations: ClusterObservation[]): string {
  return JSON.stringify(
    observations.map(({ observedAt: _observedAt, ...rest }) => rest),
  );
}
