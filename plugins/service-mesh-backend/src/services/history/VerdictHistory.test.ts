import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  assessEntity,
  parseMeshPolicy,
  summarizeEvaluation,
} from '@mesh-advisor/plugin-service-mesh-common';
import { EvaluationStore, StoredEvaluation } from '../EvaluationStore';
import { evaluationInputs } from './inputs';
import { VerdictHistory } from './VerdictHistory';

jest.setTimeout(60_000);

const policy = parseMeshPolicy(undefined);

function component(name: string, needs: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'mesh-advisor.io/needs': needs },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/a',
    },
  };
}

/** A row as the refresher writes it, with the inputs it was decided on. */
function row(entity: Entity, rulesVersion = '2026-12-01'): StoredEvaluation {
  const summary = summarizeEvaluation(assessEntity({ entity }, policy), entity);
  return {
    summary: { ...summary, rulesVersion },
    contentHash: JSON.stringify(entity),
    inputs: evaluationInputs({ entity }, rulesVersion, 'p1'),
  };
}

const at = (iso: string) => new Date(iso);

describe('VerdictHistory', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function create(id: TestDatabaseId) {
    const knex = await databases.init(id);
    const database = { getClient: async () => knex };
    const store = await EvaluationStore.create(database);
    const history = await VerdictHistory.create(database);
    return { knex, store, history };
  }

  it.each(databases.eachSupportedId())(
    'records a transition with the inputs that changed, in the row write, on %p',
    async id => {
      const { store, history } = await create(id);
      // mtls alone: either mesh does it; wasm-extensions only Istio.
      await store.upsert(
        [row(component('a', 'mtls'))],
        at('2026-11-20T10:00:00Z'),
      );
      const first = (await store.list({}, { limit: 1 })).items[0].verdict;
      expect(first).not.toBe('istio');
      // Same verdict again: no transition.
      await store.upsert(
        [row(component('a', 'mtls, retries'))],
        at('2026-11-21T10:00:00Z'),
      );
      expect(await history.ofEntity('component:default/a', 10)).toEqual([]);

      await store.upsert(
        [row(component('a', 'mtls, retries, wasm-extensions'), '2026-12-02')],
        at('2026-11-22T10:00:00Z'),
      );
      expect(await history.ofEntity('component:default/A', 10)).toEqual([
        {
          entityRef: 'component:default/a',
          changedAt: '2026-11-22T10:00:00.000Z',
          from: first,
          to: 'istio',
          fromRulesVersion: '2026-12-01',
          rulesVersion: '2026-12-02',
          changes: [
            { input: 'needs', gained: ['wasm-extensions'], lost: [] },
            { input: 'rules version', from: '2026-12-01', to: '2026-12-02' },
          ],
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'lists recent changes and daily counts only over visible entities on %p',
    async id => {
      const { store, history } = await create(id);
      await store.upsert(
        [row(component('a', 'mtls')), row(component('b', 'mtls'))],
        at('2026-11-20T10:00:00Z'),
      );
      const before = (await store.list({}, { limit: 1 })).items[0].verdict;
      await store.upsert(
        [row(component('a', 'wasm-extensions'))],
        at('2026-11-28T09:00:00Z'),
      );
      await store.upsert(
        [row(component('b', 'wasm-extensions'))],
        at('2026-11-29T09:00:00Z'),
      );
      const now = at('2026-11-30T12:00:00Z');

      const all = await history.changedSince(
        at('2026-11-23T12:00:00Z'),
        undefined,
        10,
      );
      expect(all.items.map(t => [t.entityRef, t.from, t.to])).toEqual([
        ['component:default/b', before, 'istio'],
        ['component:default/a', before, 'istio'],
      ]);
      const onlyA = { only: ['component:default/a'] };
      expect(
        (
          await history.changedSince(at('2026-11-23T12:00:00Z'), onlyA, 10)
        ).items.map(t => t.entityRef),
      ).toEqual(['component:default/a']);
      const exceptA = {
        except: ['component:default/a'],
        seenBefore: now.toISOString(),
      };
      expect(
        (await history.changedSince(at('2026-11-23T12:00:00Z'), exceptA, 10))
          .totalItems,
      ).toBe(1);

      const days = await history.dailyCounts(4, undefined, now);
      expect(days.map(d => d.day)).toEqual([
        '2026-11-27',
        '2026-11-28',
        '2026-11-29',
        '2026-11-30',
      ]);
      expect(days.map(d => [d.counts.istio, d.counts[before]])).toEqual([
        [0, 2],
        [1, 1],
        [2, 0],
        [2, 0],
      ]);
      const visibleA = await history.dailyCounts(4, onlyA, now);
      expect(visibleA.map(d => d.counts.istio + d.counts[before])).toEqual([
        1, 1, 1, 1,
      ]);
      // An entity counts only from the day it was first stored.
      const early = await history.dailyCounts(12, undefined, now);
      expect(early[0].day).toBe('2026-11-19');
      expect(Object.values(early[0].counts).reduce((s, n) => s + n)).toBe(0);
      expect(Object.values(early[1].counts).reduce((s, n) => s + n)).toBe(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'prunes transitions older than the retention on %p',
    async id => {
      const { store, history } = await create(id);
      await store.upsert(
        [row(component('a', 'mtls'))],
        at('2026-01-01T00:00:00Z'),
      );
      await store.upsert(
        [row(component('a', 'wasm-extensions'))],
        at('2026-02-01T00:00:00Z'),
      );
      await store.upsert(
        [row(component('a', 'mtls'))],
        at('2026-11-29T00:00:00Z'),
      );
      expect(await history.ofEntity('component:default/a', 10)).toHaveLength(2);
      expect(await history.prune(90, at('2026-11-30T00:00:00Z'))).toBe(1);
      expect(
        (await history.ofEntity('component:default/a', 10)).map(
          t => t.changedAt,
        ),
      ).toEqual(['2026-11-29T00:00:00.000Z']);
    },
  );

  it('refuses a sort field that has no column', async () => {
    const { store } = await create('SQLITE_3');
    await expect(
      store.list({}, { limit: 1, sort: 'firstSeen' }),
    ).rejects.toThrow(/Invalid sort "firstSeen": accepted name, verdict/);
  });
});
