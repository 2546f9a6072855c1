import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  Verdict,
  VERDICTS,
  VerdictTransition,
} from '@mesh-advisor/plugin-service-mesh-common';
import { Knex } from 'knex';
import type { Visibility } from '../EvaluationStore';

export const TRANSITIONS_TABLE = 'service_mesh_verdict_transitions';
const EVALUATIONS_TABLE = 'service_mesh_evaluations';
const DAY_MS = 24 * 60 * 60_000;

/** Verdict counts at the end of one UTC day. */
export interface DailyVerdictCounts {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  counts: Record<Verdict, number>;
}

/**
 * Reads the verdict transitions the store writes (in the same transaction as
 * the evaluation row), and prunes them after the retention period. Every
 * query over many entities takes the caller's {@link Visibility}, applied in
 * SQL through the evaluations table: a transition is seen only with its
 * entity's current row, so transitions of entities that left the catalog
 * are never shown.
 */
export class VerdictHistory {
  static async create(database: DatabaseService): Promise<VerdictHistory> {
    // The migrations are run by EvaluationStore.create on the same database.
    return new VerdictHistory(await database.getClient());
  }

  private constructor(private readonly db: Knex) {}

  /** The transitions of one entity, newest first. The caller checks readability. */
  async ofEntity(
    entityRef: string,
    limit: number,
  ): Promise<VerdictTransition[]> {
    const rows = await this.db(TRANSITIONS_TABLE)
      .where('entity_ref', entityRef.toLowerCase())
      .orderBy([
        { column: 'changed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toTransition);
  }

  /**
   * The latest transition of each visible entity whose verdict changed at or
   * after `since`, newest first, at most `limit` (and how many there are).
   */
  async changedSince(
    since: Date,
    visibility: Visibility | undefined,
    limit: number,
  ): Promise<{ items: VerdictTransition[]; totalItems: number }> {
    const rows = await this.visibleTransitions(visibility)
      .where(`t.changed_at`, '>=', since)
      .select('t.*')
      .orderBy([
        { column: 't.changed_at', order: 'desc' },
        { column: 't.id', order: 'desc' },
      ]);
    const latest = new Map<string, any>();
    for (const row of rows) {
      if (!latest.has(row.entity_ref)) latest.set(row.entity_ref, row);
    }
    const all = [...latest.values()];
    return {
      items: all.slice(0, limit).map(toTransition),
      totalItems: all.length,
    };
  }

  /**
   * Verdict counts at the end of each of the last `days` UTC days (today up
   * to now), over the visible entities in the store today: each entity's
   * verdict on a day is rebuilt from its current verdict and the transitions
   * after that day. Entities count from the day they were first stored.
   */
  async dailyCounts(
    days: number,
    visibility: Visibility | undefined,
    now: Date,
  ): Promise<DailyVerdictCounts[]> {
    const today = Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate(),
    );
    const firstDay = today - (days - 1) * DAY_MS;
    const [entities, transitions] = await Promise.all([
      applyVisibility(this.db(`${EVALUATIONS_TABLE} as e`), visibility).select(
        'e.entity_ref',
        'e.verdict',
        'e.first_seen_at',
      ),
      this.visibleTransitions(visibility)
        .where('t.changed_at', '>=', new Date(firstDay))
        .select('t.entity_ref', 't.changed_at', 't.from_verdict'),
    ]);
    // Per entity, its transitions newest first.
    const byEntity = new Map<string, Array<{ at: number; from: Verdict }>>();
    for (const t of transitions) {
      const list = byEntity.get(t.entity_ref) ?? [];
      list.push({ at: timeOf(t.changed_at), from: t.from_verdict });
      byEntity.set(t.entity_ref, list);
    }
    for (const list of byEntity.values()) list.sort((a, b) => b.at - a.at);

    const result: DailyVerdictCounts[] = [];
    for (let d = 0; d < days; d++) {
      const start = firstDay + d * DAY_MS;
      result.push({
        day: new Date(start).toISOString().slice(0, 10),
        counts: Object.fromEntries(VERDICTS.map(v => [v, 0])) as Record<
          Verdict,
          number
        >,
      });
    }
    for (const entity of entities) {
      const firstSeen = timeOf(entity.first_seen_at);
      const changes = byEntity.get(entity.entity_ref) ?? [];
      let verdict: Verdict = entity.verdict;
      let next = 0; // index into changes (newest first) not yet undone
      // From today backwards: undo each transition made after the day's end.
      for (let d = days - 1; d >= 0; d--) {
        const end = Math.min(firstDay + (d + 1) * DAY_MS, now.getTime() + 1);
        while (next < changes.length && changes[next].at >= end) {
          verdict = changes[next].from;
          next++;
        }
        if (firstSeen >= end) break;
        result[d].counts[verdict] += 1;
      }
    }
    return result;
  }

  /** Deletes transitions older than the retention; returns how many. */
  async prune(retentionDays: number, now: Date): Promise<number> {
    return this.db(TRANSITIONS_TABLE)
      .where(
        'changed_at',
        '<',
        new Date(now.getTime() - retentionDays * DAY_MS),
      )
      .delete();
  }

  /** Transitions (alias `t`) of entities with a current row the caller may see. */
  private visibleTransitions(visibility: Visibility | undefined) {
    return applyVisibility(
      this.db(`${TRANSITIONS_TABLE} as t`).join(
        `${EVALUATIONS_TABLE} as e`,
        'e.entity_ref',
        't.entity_ref',
      ),
      visibility,
    );
  }
}

/** The list route's visibility rule, on the evaluations table aliased `e`. */
function applyVisibility(
  query: Knex.QueryBuilder,
  visibility: Visibility | undefined,
): Knex.QueryBuilder {
  if (visibility && 'only' in visibility) {
    query.whereIn('e.entity_ref', visibility.only);
  } else if (visibility) {
    if (visibility.except.length) {
      query.whereNotIn('e.entity_ref', visibility.except);
    }
    query.where('e.first_seen_at', '<=', new Date(visibility.seenBefore));
  }
  return query;
}

/** SQLite returns timestamps as epoch milliseconds, PostgreSQL as Date. */
function timeOf(value: Date | number | string): number {
  return value instanceof Date ? value.getTime() : new Date(value).getTime();
}

function toTransition(row: any): VerdictTransition {
  return {
    entityRef: row.entity_ref,
    changedAt: new Date(timeOf(row.changed_at)).toISOString(),
    from: row.from_verdict,
    to: row.to_verdict,
    fromRulesVersion: row.from_rules_version,
    rulesVersion: row.rules_version,
    changes: JSON.parse(row.changed_inputs_json),
  };
}
