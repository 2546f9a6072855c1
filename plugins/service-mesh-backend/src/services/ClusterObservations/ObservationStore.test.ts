import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  assessEntity,
  ClusterObservation,
  parseMeshPolicy,
  summarizeEvaluation,
} from '@mesh-advisor/plugin-service-mesh-common';
import { EvaluationStore } from '../EvaluationStore';
import { createClusterObservationStore } from './ObservationStore';

jest.setTimeout(60_000);

const policy = parseMeshPolicy(undefined);

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

function observation(
  cluster: string,
  over: Partial<ClusterObservation> = {},
): ClusterObservation {
  return {
    cluster,
    observedAt: '2026-12-01T10:00:00.000Z',
    status: 'ok',
    workloads: [
      { kind: 'Deployment', namespace: 'shop', name: 'x', replicas: 2 },
    ],
    pods: 1,
    dataPlanes: ['istio-sidecar'],
    currentMesh: 'istio',
    currentMeshFrom: 'Pod shop/x-1',
    injection: ['istio-injection=enabled'],
    replicas: { value: 2, from: 'Deployment shop/x (spec.replicas)' },
    protocols: [],
    ...over,
  };
}

describe('cluster observation store', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function stores(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const database = { getClient: async () => knex };
    const evaluations = await EvaluationStore.create(database);
    const observations = await createClusterObservationStore(database);
    return { evaluations, observations };
  }

  it.each(databases.eachSupportedId())(
    'keeps one row per component and cluster, replaced as a whole, %p',
    async databaseId => {
      const { observations } = await stores(databaseId);
      await observations.replace('component:default/a', [
        observation('prod-eu'),
        observation('branch-01', { currentMesh: 'linkerd' }),
      ]);
      expect(
        (await observations.forEntity('component:default/a')).map(o => [
          o.cluster,
          o.currentMesh,
        ]),
      ).toEqual([
        ['branch-01', 'linkerd'],
        ['prod-eu', 'istio'],
      ]);

      // The next run found it only in prod-eu, and failing there.
      await observations.replace('component:default/a', [
        observation('prod-eu', { status: 'error', error: 'boom' }),
      ]);
      const [only] = await observations.forEntity('component:default/a');
      expect(only).toMatchObject({ cluster: 'prod-eu', status: 'error' });

      await observations.replace('component:default/b', [
        observation('prod-eu'),
      ]);
      expect(
        await observations.retainOnly(new Set(['component:default/b'])),
      ).toBe(1);
      expect(await observations.forEntity('component:default/a')).toEqual([]);
      expect(await observations.forEntity('component:default/b')).toHaveLength(
        1,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'joins observations with stored evaluations, restricted to what the caller may see, %p',
    async databaseId => {
      const { evaluations, observations } = await stores(databaseId);
      const firstSeen = new Date('2026-12-01T09:00:00.000Z');
      await evaluations.upsert(
        ['a', 'b'].map(name => ({
          summary: summarizeEvaluation(
            assessEntity({ entity: component(name) }, policy),
            component(name),
          ),
          contentHash: name,
        })),
        firstSeen,
      );
      await observations.replace('component:default/a', [
        observation('prod-eu'),
      ]);
      await observations.replace('component:default/b', [
        observation('prod-eu'),
      ]);
      // Observed but never evaluated: not listed.
      await observations.replace('component:default/c', [
        observation('prod-eu'),
      ]);

      const all = await observations.withEvaluations(undefined);
      expect(all.map(r => r.entityRef)).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
      // Each row carries the stored summary of its own component.
      expect(all.map(r => r.summary.entityRef)).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
      expect(all[0].summary.verdict).toBe(
        assessEntity({ entity: component('a') }, policy).verdict,
      );

      const onlyA = await observations.withEvaluations({
        only: ['component:default/a'],
      });
      expect(onlyA.map(r => r.entityRef)).toEqual(['component:default/a']);

      const exceptA = await observations.withEvaluations({
        except: ['component:default/a'],
        seenBefore: '2026-12-01T09:30:00.000Z',
      });
      expect(exceptA.map(r => r.entityRef)).toEqual(['component:default/b']);

      // Rows first seen after the caller's visibility was computed stay hidden.
      const before = await observations.withEvaluations({
        except: [],
        seenBefore: '2026-12-01T08:00:00.000Z',
      });
      expect(before).toEqual([]);
    },
  );
});
