import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  assessEntity,
  parseMeshPolicy,
  summarizeEvaluation,
} from '@mesh-advisor/plugin-service-mesh-common';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { EvaluationStore, StoredEvaluation } from './EvaluationStore';

const migrationsDirectory = resolvePackagePath(
  '@mesh-advisor/plugin-service-mesh-backend',
  'migrations',
);

jest.setTimeout(60_000);

const policy = parseMeshPolicy(undefined);

function component(
  name: string,
  annotations: Record<string, string>,
  spec: object = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-a',
      ...spec,
    },
  };
}

function stored(entity: Entity, hash = 'h1'): StoredEvaluation {
  const assessment = assessEntity({ entity }, policy);
  return {
    summary: summarizeEvaluation(assessment, entity),
    contentHash: hash,
  };
}

const entities = [
  component(
    'alpha',
    { 'mesh-advisor.io/needs': 'wasm-extensions' },
    { system: 'shop' },
  ),
  component(
    'bravo',
    { 'mesh-advisor.io/needs': 'tap' },
    { owner: 'group:default/team-b' },
  ),
  component('charlie', {
    'mesh-advisor.io/current-mesh': 'istio',
    'mesh-advisor.io/needs': 'tap',
  }),
  component('delta_100%', {}, { type: 'library' }),
  component(
    'echo',
    { 'mesh-advisor.io/needs': 'mtls' },
    { lifecycle: 'experimental' },
  ),
];

/** The stored verdicts by entity name, through the dashboard's own query. */
async function verdicts(store: EvaluationStore) {
  const page = await store.list({}, { limit: 500 });
  return Object.fromEntries(page.items.map(i => [i.name, i.verdict]));
}

async function hashes(store: EvaluationStore) {
  return new Map(
    [...(await store.storedState())].map(([ref, s]) => [ref, s.contentHash]),
  );
}

describe('EvaluationStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createStore(id: TestDatabaseId) {
    const knex = await databases.init(id);
    const store = await EvaluationStore.create({ getClient: async () => knex });
    await store.upsert(
      entities.map(e => stored(e)),
      new Date('2026-11-25T10:00:00Z'),
    );
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'migrates and upserts without duplicates on %p',
    async id => {
      const { store } = await createStore(id);
      expect(Object.keys(await verdicts(store))).toHaveLength(5);
      // A second write of the same entities replaces, never duplicates.
      await store.upsert(
        entities.map(e => stored(e, 'h2')),
        new Date(),
      );
      expect(Object.keys(await verdicts(store))).toHaveLength(5);
      expect([...(await hashes(store)).values()]).toEqual(Array(5).fill('h2'));
      expect((await verdicts(store)).alpha).toBe('istio');
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the rows of an older schema when it upgrades on %p',
    async id => {
      const knex = await databases.init(id);
      // The schema as released before the full evaluation stopped being stored.
      await knex.migrate.up({
        directory: migrationsDirectory,
        name: '20261125000000_evaluations.js',
      });
      await knex.migrate.up({
        directory: migrationsDirectory,
        name: '20261125100000_first_seen.js',
      });
      const { summary } = stored(entities[0]);
      await knex('service_mesh_evaluations').insert({
        entity_ref: summary.entityRef,
        kind: summary.kind,
        namespace: summary.namespace,
        name: summary.name,
        search_text: summary.name,
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
        content_hash: 'old',
        summary_json: JSON.stringify(summary),
        evaluation_json: '{}',
        evaluated_at: new Date('2026-11-24T10:00:00Z'),
        first_seen_at: new Date('2026-11-24T10:00:00Z'),
      });

      const store = await EvaluationStore.create({
        getClient: async () => knex,
      });

      expect(await hashes(store)).toEqual(
        new Map([[summary.entityRef, 'old']]),
      );
      expect(
        await knex.schema.hasColumn(
          'service_mesh_evaluations',
          'evaluation_json',
        ),
      ).toBe(false);
      await store.upsert([stored(entities[0], 'new')], new Date());
      expect((await verdicts(store)).alpha).toBe('istio');
    },
  );

  it.each(databases.eachSupportedId())(
    'filters, counts and facets in SQL on %p',
    async id => {
      const { store } = await createStore(id);

      const istio = await store.list({ verdict: ['istio'] }, { limit: 10 });
      expect(istio.items.map(i => i.name)).toEqual(['alpha']);
      expect(istio.totalItems).toBe(1);

      const teamB = await store.list(
        { owner: 'group:default/team-b' },
        { limit: 10 },
      );
      expect(teamB.items.map(i => i.name)).toEqual(['bravo']);

      const drift = await store.list({ drift: true }, { limit: 10 });
      expect(drift.items.map(i => i.name)).toEqual(['charlie']); // runs Istio, verdict Linkerd

      // LIKE wildcards in q are literal text.
      const percent = await store.list({ q: '100%' }, { limit: 10 });
      expect(percent.items.map(i => i.name)).toEqual(['delta_100%']);
      expect(
        (await store.list({ q: '_' }, { limit: 10 })).items.map(i => i.name),
      ).toEqual(['delta_100%']);

      const all = await store.list({}, { limit: 10 });
      expect(all.facets.verdict).toEqual(
        expect.arrayContaining([
          { value: 'istio', count: 1 },
          { value: 'none', count: 1 },
        ]),
      );
      expect(all.facets.drift).toBe(1);
      expect(all.facets.lifecycle).toEqual(
        expect.arrayContaining([
          { value: 'production', count: 4 },
          { value: 'experimental', count: 1 },
        ]),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'pages with a cursor in a stable order on %p',
    async id => {
      const { store } = await createStore(id);
      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(
          {},
          { sort: '-linkerd', limit: 2, cursor },
        );
        expect(page.totalItems).toBe(5);
        names.push(...page.items.map(i => i.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect([...names].sort()).toEqual([
        'alpha',
        'bravo',
        'charlie',
        'delta_100%',
        'echo',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'restricts everything to the readable refs on %p',
    async id => {
      const { store } = await createStore(id);
      const visibility = {
        only: ['component:default/bravo', 'component:default/echo'],
      };
      const page = await store.list({ visibility }, { limit: 10 });
      expect(page.items.map(i => i.name)).toEqual(['bravo', 'echo']);
      expect(page.totalItems).toBe(2);
      expect(page.facets.verdict.reduce((n, f) => n + f.count, 0)).toBe(2);
      expect(page.facets.owner.map(f => f.value).sort()).toEqual([
        'group:default/team-a',
        'group:default/team-b',
      ]);
      const none = await store.list(
        { visibility: { only: [] } },
        { limit: 10 },
      );
      expect(none.totalItems).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'hides the excepted refs and rows first written after the visibility was computed on %p',
    async id => {
      const { store } = await createStore(id); // rows first written at 10:00
      const visibility = {
        except: ['component:default/alpha', 'component:default/bravo'],
        seenBefore: '2026-11-25T11:00:00Z',
      };
      const page = await store.list({ visibility }, { limit: 10 });
      expect(page.items.map(i => i.name)).toEqual([
        'charlie',
        'delta_100%',
        'echo',
      ]);
      expect(page.totalItems).toBe(3);
      expect(page.facets.verdict.reduce((n, f) => n + f.count, 0)).toBe(3);

      // A rewrite of a known row keeps it visible ...
      await store.upsert(
        [stored(entities[2], 'h2')],
        new Date('2026-11-25T12:00:00Z'),
      );
      // ... but a row new to the store stays hidden until the visibility is
      // computed again, since the catalog was not asked about it.
      await store.upsert(
        [stored(component('foxtrot', {}), 'h1')],
        new Date('2026-11-25T12:00:00Z'),
      );
      const later = await store.list({ visibility }, { limit: 10 });
      expect(later.items.map(i => i.name)).toEqual([
        'charlie',
        'delta_100%',
        'echo',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'removes entities that left the catalog on %p',
    async id => {
      const { store } = await createStore(id);
      await store.remove([
        'component:default/alpha',
        'component:default/bravo',
      ]);
      expect(Object.keys(await verdicts(store)).sort()).toEqual([
        'charlie',
        'delta_100%',
        'echo',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'lists, filters, sorts and counts by the observed variant only for callers allowed observations on %p',
    async id => {
      const { store } = await createStore(id);
      // alpha as its cluster shows it: already on linkerd, drifting from istio.
      const catalogOnly = stored(entities[0]);
      await store.upsert(
        [
          {
            ...catalogOnly,
            observed: {
              ...catalogOnly.summary,
              scores: { istio: 70, linkerd: 20 },
              confidence: 1,
              currentMesh: 'linkerd',
              drift: true,
            },
          },
        ],
        new Date('2026-11-25T11:00:00Z'),
      );
      const alphaOf = async (observed: boolean) =>
        (await store.list({ observed }, { limit: 500 })).items.find(
          i => i.name === 'alpha',
        )!;

      const denied = await alphaOf(false);
      expect(denied.currentMesh).toBe('none');
      expect(denied.drift).toBe(false);
      const allowed = await alphaOf(true);
      expect(allowed).toMatchObject({
        verdict: 'istio',
        scores: { istio: 70, linkerd: 20 },
        confidence: 1,
        currentMesh: 'linkerd',
        drift: true,
      });
      expect(allowed.scores).not.toEqual(denied.scores);

      // The filter, the counts and the sort use the same variant as the rows.
      const drifting = await store.list(
        { drift: true, observed: true },
        { limit: 500 },
      );
      // charlie declares istio and needs tap: drifting either way.
      expect(drifting.items.map(i => i.name)).toEqual(['alpha', 'charlie']);
      expect(drifting.facets.drift).toBe(2);
      const asDenied = await store.list({ drift: true }, { limit: 500 });
      expect(asDenied.items.map(i => i.name)).toEqual(['charlie']);
      expect(asDenied.facets.drift).toBe(1);
      const byIstio = await store.list(
        { observed: true },
        { limit: 1, sort: '-istio' },
      );
      expect(byIstio.items[0].name).toBe('alpha');
      expect(
        (await store.list({}, { limit: 1, sort: '-istio' })).items[0].scores
          .istio,
      ).not.toBe(70);

      // Observations gone: the next write clears the variant.
      await store.upsert([catalogOnly], new Date('2026-11-25T12:00:00Z'));
      expect((await alphaOf(true)).scores).toEqual(denied.scores);
    },
  );

  it('rejects a cursor it did not issue', async () => {
    const { store } = await createStore('SQLITE_3');
    await expect(
      store.list({}, { limit: 2, cursor: 'garbage' }),
    ).rejects.toThrow(/Invalid cursor "garbage"/);
  });
});
