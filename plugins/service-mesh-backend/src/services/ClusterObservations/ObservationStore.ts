import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { ClusterObservation } from '@mesh-advisor/plugin-service-mesh-common';
import { Knex } from 'knex';
import type { Visibility } from '../EvaluationStore';
import type { ClusterObservationStore, ObservedComponent } from './types';

const TABLE = 'service_mesh_cluster_observations';
const EVALUATIONS = 'service_mesh_evaluations';
const migrationsDir = resolvePackagePath(
  '@mesh-advisor/plugin-service-mesh-backend',
  'migrations',
);

/** Observations in `coreServices.database` (SQLite or PostgreSQL). */
class DatabaseObservationStore implements ClusterObservationStore {
  constructor(private readonly db: Knex) {}

  async replace(
    entityRef: string,
    observations: ClusterObservation[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(TABLE).where({ entity_ref: entityRef }).delete();
      if (observations.length === 0) return;
      await tx(TABLE).insert(
        observations.map(o => ({
          entity_ref: entityRef,
          cluster: o.cluster,
          observed_at: new Date(o.observedAt),
          status: o.status,
          current_mesh: o.currentMesh ?? null,
          replicas: o.replicas?.value ?? null,
          observation_json: JSON.stringify(o),
        })),
      );
    });
  }

  async retainOnly(entityRefs: Set<string>): Promise<number> {
    const rows = await this.db(TABLE).distinct('entity_ref');
    const gone = rows
      .map(r => r.entity_ref as string)
      .filter(ref => !entityRefs.has(ref));
    for (let i = 0; i < gone.length; i += 500) {
      await this.db(TABLE)
        .whereIn('entity_ref', gone.slice(i, i + 500))
        .delete();
    }
    return gone.length;
  }

  async forEntity(entityRef: string): Promise<ClusterObservation[]> {
    const rows = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('cluster')
      .select('observation_json');
    return rows.map(r => JSON.parse(r.observation_json));
  }

  async forEntities(
    entityRefs: string[],
  ): Promise<Map<string, ClusterObservation[]>> {
    const byRef = new Map<string, ClusterObservation[]>();
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows = await this.db(TABLE)
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .orderBy(['entity_ref', 'cluster'])
        .select('entity_ref', 'observation_json');
      for (const row of rows) {
        const list = byRef.get(row.entity_ref) ?? [];
        list.push(JSON.parse(row.observation_json));
        byRef.set(row.entity_ref, list);
      }
    }
    return byRef;
  }

  async withEvaluations(
    visibility: Visibility | undefined,
  ): Promise<ObservedComponent[]> {
    const query = this.db(`${TABLE} as o`)
      .join(`${EVALUATIONS} as e`, 'e.entity_ref', 'o.entity_ref')
      .select(
        'o.entity_ref as entity_ref',
        'o.observation_json as observation_json',
        // Only callers allowed observations get here: the evaluation with
        // them, as their entity card shows it.
        this.db.raw(
          'coalesce(e.observed_summary_json, e.summary_json) as summary_json',
        ),
      )
      .orderBy([
        { column: 'o.cluster', order: 'asc' },
        { column: 'o.entity_ref', order: 'asc' },
      ]);
    // The same restriction as the dashboard list (EvaluationStore.filtered).
    if (visibility && 'only' in visibility) {
      if (visibility.only.length === 0) return [];
      query.whereIn('o.entity_ref', visibility.only);
    } else if (visibility) {
      if (visibility.except.length) {
        query.whereNotIn('o.entity_ref', visibility.except);
      }
      query.where('e.first_seen_at', '<=', new Date(visibility.seenBefore));
    }
    const rows = await query;
    return rows.map(r => ({
      entityRef: r.entity_ref,
      observation: JSON.parse(r.observation_json),
      summary: JSON.parse(r.summary_json),
    }));
  }
}

export async function createClusterObservationStore(
  database: DatabaseService,
): Promise<ClusterObservationStore> {
  const db = await database.getClient();
  if (!database.migrations?.skip) {
    await db.migrate.latest({ directory: migrationsDir });
  }
  return new DatabaseObservationStore(db);
}
