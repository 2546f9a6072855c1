import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  EVALUATION_SORT_FIELDS,
  EvaluationFacets,
  EvaluationSummary,
  ListEvaluationsResponse,
  Verdict,
  VERDICTS,
} from '@mesh-advisor/plugin-service-mesh-common';
import { Knex } from 'knex';
import { diffInputs, EvaluationInputs } from './history/inputs';
import { TRANSITIONS_TABLE } from './history/VerdictHistory';

const TABLE = 'service_mesh_evaluations';
const migrationsDir = resolvePackagePath(
  '@mesh-advisor/plugin-service-mesh-backend',
  'migrations',
);

/**
 * The rows a caller may see, in whichever form is smaller: only the readable
 * refs, or all rows except the hidden ones. The second form must not show a
 * row the catalog was not asked about, so it also excludes rows first written
 * after it was computed (`seenBefore`).
 */
export type Visibility =
  | { only: string[] }
  | { except: string[]; seenBefore: string };

/** One assessed entity, as the refresh writes it. */
export interface StoredEvaluation {
  summary: EvaluationSummary;
  /** Hash of the assessment's inputs: unchanged inputs are not rewritten. */
  contentHash: string;
  /**
   * The inputs the verdict was decided on; a later verdict change records
   * which of them changed. Rows written without them record none.
   */
  inputs?: EvaluationInputs;
  /** The catalog's etag of the entity as read, for change detection. */
  etag?: string;
  /**
   * The summary of the evaluation with the component's stored cluster
   * observations, when it has any: what the entity card shows a caller
   * allowed `kubernetes.resources.read`.
   */
  observed?: EvaluationSummary;
  /**
   * False when the pass knows the store had no row for the entity: no
   * earlier verdict to compare, so the write skips reading one (a first
   * refresh of 10,000 components reads nothing back).
   */
  replaces?: boolean;
}

/** What the store keeps of a row to decide whether the catalog changed it. */
export interface StoredState {
  contentHash: string;
  /** Null for rows written before change detection, or from drafts. */
  etag: string | null;
}

/** Filters of the dashboard list, already validated. */
export interface EvaluationFilter {
  verdict?: Verdict[];
  owner?: string;
  system?: string;
  lifecycle?: string;
  q?: string;
  drift?: boolean;
  /**
   * Which rows the caller may see; undefined when the caller may read every
   * entity. Applied in SQL, so totals and facets honour it too.
   */
  visibility?: Visibility;
  /**
   * The caller may see cluster observations (`kubernetes.resources.read`):
   * rows with an observed variant are filtered, sorted, counted and returned
   * by it, as the entity card evaluates them for this caller.
   */
  observed?: boolean;
}

export interface ListOptions {
  sort?: string;
  limit: number;
  cursor?: string;
}

/**
 * Keyed by the shared sort fields: a field added there does not compile here
 * until it has a column.
 */
const SORT_COLUMNS: Record<(typeof EVALUATION_SORT_FIELDS)[number], string> = {
  name: 'name',
  verdict: 'verdict',
  istio: 'istio_score',
  linkerd: 'linkerd_score',
  confidence: 'confidence',
  owner: 'owner',
  system: 'system',
  evaluatedAt: 'evaluated_at',
};

/**
 * Summary columns with an observed variant (`observed_<column>`, null when
 * the component has no observations).
 */
const OBSERVED_VARIANT_COLUMNS = [
  'verdict',
  'istio_score',
  'linkerd_score',
  'confidence',
  'diagnostic_count',
  'current_mesh',
  'drift',
  'annotation_coverage',
  'summary_json',
];

/** The other columns the list, its facets and the visibility read. */
const LISTED_COLUMNS = [
  'entity_ref',
  'name',
  'owner',
  'system',
  'lifecycle',
  'search_text',
  'applicable',
  'evaluated_at',
  'first_seen_at',
];

/**
 * Rows per INSERT: 200 rows of 33 columns bind 6,600 parameters, under the
 * limits of SQLite (32,766) and PostgreSQL (65,535). On SQLite, 10,000 rows
 * took 230 ms this way and 281 ms in chunks of 50.
 */
const UPSERT_CHUNK_ROWS = 200;

/** Every column but first_seen_at, which keeps the time of the first write. */
const UPDATED_COLUMNS = [
  'kind',
  'namespace',
  'name',
  'title',
  'type',
  'owner',
  'system',
  'lifecycle',
  'search_text',
  'applicable',
  'verdict',
  'istio_score',
  'linkerd_score',
  'confidence',
  'diagnostic_count',
  'current_mesh',
  'drift',
  'annotation_coverage',
  'rules_version',
  'content_hash',
  'summary_json',
  'evaluated_at',
  'inputs_json',
  'catalog_etag',
  ...OBSERVED_VARIANT_COLUMNS.map(column => `observed_${column}`),
];

/**
 * The stored evaluations behind the dashboard (`coreServices.database`:
 * SQLite or PostgreSQL). Filtering, sorting, paging and counting happen in
 * SQL; nothing is kept in process memory.
 */
export class EvaluationStore {
  static async create(database: DatabaseService): Promise<EvaluationStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new EvaluationStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** Refs of every stored row. */
  async storedRefs(): Promise<string[]> {
    const rows = await this.db(TABLE).select('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  /**
   * Content hash and catalog etag of every stored row: to skip unchanged
   * writes, to find removed entities, and (etag) to find changed ones.
   */
  async storedState(): Promise<Map<string, StoredState>> {
    const rows = await this.db(TABLE).select(
      'entity_ref',
      'content_hash',
      'catalog_etag',
    );
    return new Map(
      rows.map(r => [
        r.entity_ref,
        { contentHash: r.content_hash, etag: r.catalog_etag ?? null },
      ]),
    );
  }

  /**
   * Inserts or replaces rows (one transaction per batch). A row whose verdict
   * differs from the stored one also gets a verdict transition, in the same
   * transaction: history and the row never disagree. History follows the
   * catalog-only verdict: a cluster observation is not a change anyone made
   * to the component, and which observations a caller may see varies.
   */
  async upsert(rows: StoredEvaluation[], evaluatedAt: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction(async tx => {
      for (let i = 0; i < rows.length; i += UPSERT_CHUNK_ROWS) {
        const chunk = rows.slice(i, i + UPSERT_CHUNK_ROWS);
        const replaced = chunk
          .filter(row => row.replaces !== false)
          .map(row => row.summary.entityRef);
        const previous = new Map<
          string,
          { verdict: string; rules_version: string; inputs_json: string | null }
        >(
          replaced.length === 0
            ? []
            : (
                await tx(TABLE)
                  .whereIn('entity_ref', replaced)
                  .select(
                    'entity_ref',
                    'verdict',
                    'rules_version',
                    'inputs_json',
                  )
              ).map(r => [r.entity_ref, r]),
        );
        const transitions = chunk.flatMap(row => {
          const before = previous.get(row.summary.entityRef);
          if (!before || before.verdict === row.summary.verdict) return [];
          const changes = row.inputs
            ? diffInputs(
                before.inputs_json ? JSON.parse(before.inputs_json) : undefined,
                row.inputs,
              )
            : [];
          return [
            {
              entity_ref: row.summary.entityRef,
              changed_at: evaluatedAt,
              from_verdict: before.verdict,
              to_verdict: row.summary.verdict,
              from_rules_version: before.rules_version,
              rules_version: row.summary.rulesVersion,
              changed_inputs_json: JSON.stringify(changes),
            },
          ];
        });
        if (transitions.length > 0) {
          await tx(TRANSITIONS_TABLE).insert(transitions);
        }
        await tx(TABLE)
          .insert(chunk.map(row => toRecord(row, evaluatedAt)))
          .onConflict('entity_ref')
          .merge(UPDATED_COLUMNS);
      }
    });
  }

  /**
   * Records the etags of rows whose inputs did not change though the
   * catalog's entity did (its etag covers more than the evaluation reads),
   * so change detection does not read them again.
   */
  async updateEtags(etags: Map<string, string>): Promise<void> {
    if (etags.size === 0) return;
    await this.db.transaction(async tx => {
      for (const [entityRef, etag] of etags) {
        await tx(TABLE)
          .where({ entity_ref: entityRef })
          .update({ catalog_etag: etag });
      }
    });
  }

  async remove(entityRefs: string[]): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += 500) {
      await this.db(TABLE)
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .delete();
    }
  }

  async list(
    filter: EvaluationFilter,
    options: ListOptions,
  ): Promise<ListEvaluationsResponse> {
    const offset = decodeCursor(options.cursor);
    const sort = options.sort ?? 'name';
    const descending = sort.startsWith('-');
    const column =
      SORT_COLUMNS[
        (descending ? sort.slice(1) : sort) as keyof typeof SORT_COLUMNS
      ];
    if (!column) {
      throw new InputError(
        `Invalid sort "${sort}": accepted ${EVALUATION_SORT_FIELDS.join(
          ', ',
        )}, optionally prefixed with -`,
      );
    }

    const page = this.filtered(filter)
      .select('summary_json')
      .orderBy([
        { column, order: descending ? 'desc' : 'asc' },
        { column: 'entity_ref', order: 'asc' }, // stable paging on ties
      ])
      .limit(options.limit + 1)
      .offset(offset);

    const [rows, total, facets] = await Promise.all([
      page,
      this.filtered(filter).count({ count: '*' }).first(),
      this.facets(filter),
    ]);
    const items = rows
      .slice(0, options.limit)
      .map((r: { summary_json: string }) => JSON.parse(r.summary_json));
    return {
      items,
      totalItems: Number(total?.count ?? 0),
      nextCursor:
        rows.length > options.limit
          ? encodeCursor(offset + options.limit)
          : undefined,
      facets,
    };
  }

  /**
   * The rows as the caller sees them: for a caller allowed observations, a
   * derived table whose summary columns are `coalesce(observed_x, x)`, so
   * filters, sorting, paging and counts all use the observed variant.
   */
  private source(filter: EvaluationFilter): Knex.QueryBuilder {
    if (!filter.observed) return this.db(TABLE);
    return this.db.queryBuilder().from(
      this.db(TABLE)
        .select([
          ...LISTED_COLUMNS,
          ...OBSERVED_VARIANT_COLUMNS.map(column =>
            this.db.raw('coalesce(??, ??) as ??', [
              `observed_${column}`,
              column,
              column,
            ]),
          ),
        ])
        .as('evaluations'),
    );
  }

  private filtered(filter: EvaluationFilter) {
    const query = this.source(filter);
    if (filter.verdict?.length) query.whereIn('verdict', filter.verdict);
    if (filter.owner) query.whereIn('owner', splitList(filter.owner));
    if (filter.system) query.whereIn('system', splitList(filter.system));
    if (filter.lifecycle)
      query.whereIn('lifecycle', splitList(filter.lifecycle));
    if (filter.drift !== undefined) query.where('drift', filter.drift);
    if (filter.q) {
      for (const word of filter.q.toLowerCase().split(/\s+/).filter(Boolean)) {
        query.whereRaw(`search_text like ? escape '\\'`, [
          `%${escapeLike(word)}%`,
        ]);
      }
    }
    const visibility = filter.visibility;
    if (visibility && 'only' in visibility) {
      query.whereIn('entity_ref', visibility.only);
    } else if (visibility) {
      if (visibility.except.length) {
        query.whereNotIn('entity_ref', visibility.except);
      }
      query.where('first_seen_at', '<=', new Date(visibility.seenBefore));
    }
    return query;
  }

  private async facets(filter: EvaluationFilter): Promise<EvaluationFacets> {
    const countBy = async (column: string) => {
      const rows = await this.filtered(filter)
        .select({ value: column })
        .count({ count: '*' })
        .whereNotNull(column)
        .groupBy(column)
        .orderBy([
          { column: 'count', order: 'desc' },
          { column, order: 'asc' },
        ]);
      return (rows as Array<{ value: unknown; count: unknown }>).map(r => ({
        value: String(r.value),
        count: Number(r.count),
      }));
    };
    const [verdict, owner, system, lifecycle, coverage, drift] =
      await Promise.all([
        countBy('verdict'),
        countBy('owner'),
        countBy('system'),
        countBy('lifecycle'),
        this.filtered(filter)
          .where('applicable', true)
          .select(
            this.db.raw('avg(annotation_coverage) as mean'),
            this.db.raw(
              'sum(case when annotation_coverage = 0 then 1 else 0 end) as bare',
            ),
          )
          .first(),
        this.filtered(filter)
          .where('drift', true)
          .count({ count: '*' })
          .first(),
      ]);
    // Every verdict appears, so the chart keeps its shape when one is empty.
    const verdictCounts = VERDICTS.map(v => ({
      value: v,
      count: verdict.find(f => f.value === v)?.count ?? 0,
    }));
    return {
      verdict: verdictCounts,
      owner,
      system,
      lifecycle,
      coverage: {
        mean: Number(coverage?.mean ?? 0),
        bare: Number(coverage?.bare ?? 0),
      },
      drift: Number(drift?.count ?? 0),
    };
  }
}

function toRecord(
  { summary, contentHash, inputs, etag, observed }: StoredEvaluation,
  evaluatedAt: Date,
) {
  return {
    entity_ref: summary.entityRef,
    kind: summary.kind,
    namespace: summary.namespace,
    name: summary.name,
    title: summary.title ?? null,
    type: summary.type ?? null,
    // Filter columns are lower-cased like catalog refs; summary_json keeps the original.
    owner: summary.owner?.toLowerCase() ?? null,
    system: summary.system?.toLowerCase() ?? null,
    lifecycle: summary.lifecycle?.toLowerCase() ?? null,
    search_text: [summary.name, summary.title, summary.owner, summary.system]
      .filter(Boolean)
      .join(' ')
      .toLowerCase(),
    applicable: summary.applicable,
    verdict: summary.verdict,
    istio_score: summary.scores.istio,
    linkerd_score: summary.scores.linkerd,
    confidence: summary.confidence,
    diagnostic_count: summary.diagnosticCount,
    current_mesh: summary.currentMesh,
    drift: summary.drift,
    annotation_coverage: summary.annotationCoverage,
    rules_version: summary.rulesVersion,
    content_hash: contentHash,
    summary_json: JSON.stringify({
      ...summary,
      evaluatedAt: evaluatedAt.toISOString(),
    }),
    observed_verdict: observed?.verdict ?? null,
    observed_istio_score: observed?.scores.istio ?? null,
    observed_linkerd_score: observed?.scores.linkerd ?? null,
    observed_confidence: observed?.confidence ?? null,
    observed_diagnostic_count: observed?.diagnosticCount ?? null,
    observed_current_mesh: observed?.currentMesh ?? null,
    observed_drift: observed?.drift ?? null,
    observed_annotation_coverage: observed?.annotationCoverage ?? null,
    observed_summary_json: observed
      ? JSON.stringify({ ...observed, evaluatedAt: evaluatedAt.toISOString() })
      : null,
    evaluated_at: evaluatedAt,
    first_seen_at: evaluatedAt,
    inputs_json: inputs ? JSON.stringify(inputs) : null,
    catalog_etag: etag ?? null,
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map(v => v.trim().toLowerCase())
    .filter(Boolean);
}

function escapeLike(word: string) {
  return word.replace(/[\\%_]/g, c => `\\${c}`);
}

/** Cursors are opaque to clients: a versioned, base64url-encoded offset. */
function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, offset }), 'utf8').toString(
    'base64url',
  );
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const parsed = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (
      parsed?.v === 1 &&
      // Safe integers only: a made-up huge offset must not reach the SQL.
      Number.isSafeInteger(parsed.offset) &&
      parsed.offset >= 0
    ) {
      return parsed.offset;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    `Invalid cursor "${cursor.slice(
      0,
      40,
    )}": use the nextCursor of a previous response, or omit it for the first page`,
  );
}
