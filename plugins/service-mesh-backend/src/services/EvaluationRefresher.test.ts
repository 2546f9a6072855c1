import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterObservation,
  parseMeshPolicy,
} from '@mesh-advisor/plugin-service-mesh-common';
import { CatalogReader } from './CatalogReader';
import { createClusterObservationStore } from './ClusterObservations';
import { EvaluationRefresher } from './EvaluationRefresher';
import { EvaluationStore } from './EvaluationStore';

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

/**
 * What the refresher decides from what the catalog returns: the catalog is
 * replaced by a list of entities here (its real paging is covered by the
 * integration tests), the store is real.
 */
describe('EvaluationRefresher', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('evaluates and writes only what changed, and removes what left', async () => {
    const store = await EvaluationStore.create({
      getClient: async () => databases.init('SQLITE_3'),
    });
    let catalog = [component('a', 'mtls'), component('b', 'tap')];
    const reader = {
      async *streamEntities() {
        yield catalog.map(e => JSON.parse(JSON.stringify(e)));
      },
      loadContexts: async (entities: Entity[]) =>
        entities.map(entity => ({ entity })),
      rememberRelatedRefs: jest.fn(async () => {}),
    } as unknown as CatalogReader;
    const remembered = () =>
      (reader.rememberRelatedRefs as jest.Mock).mock.calls
        .flatMap(([contexts]) => contexts)
        .map(context => context.entity.metadata.name);
    const logger = mockServices.logger.mock();
    const refresher = new EvaluationRefresher({
      auth: mockServices.auth(),
      logger,
      reader,
      store,
      policy: parseMeshPolicy(undefined),
      pageSize: 500,
    });

    expect(await refresher.refresh()).toEqual({
      evaluated: 2,
      written: 2,
      removed: 0,
    });
    expect(remembered()).toEqual(['a', 'b']);
    expect(await refresher.refresh()).toEqual({
      evaluated: 2,
      written: 0,
      removed: 0,
    });
    // Unchanged inputs: their related refs were remembered by the first run.
    expect(remembered()).toEqual(['a', 'b']);
    // Operators see where a slow refresh spends its time.
    expect(logger.info).toHaveBeenLastCalledWith(
      expect.stringMatching(
        /^Refreshed service-mesh evaluations: 2 evaluated, 0 written, 0 removed in \d+ ms \(catalog \d+ ms, assessment \d+ ms, database \d+ ms\)$/,
      ),
      expect.objectContaining({ evaluated: 2, written: 0, removed: 0 }),
    );

    catalog = [component('a', 'mtls, wasm-extensions')];
    expect(await refresher.refresh()).toEqual({
      evaluated: 1,
      written: 1,
      removed: 1,
    });
    const { items } = await store.list({}, { limit: 10 });
    expect(items.map(i => [i.name, i.verdict])).toEqual([['a', 'istio']]);
  });

  it('change detection reads whole only the components whose etag changed', async () => {
    const store = await EvaluationStore.create({
      getClient: async () => databases.init('SQLITE_3'),
    });
    const withEtag = (entity: Entity, etag: string): Entity => ({
      ...entity,
      metadata: { ...entity.metadata, etag },
    });
    let catalog = [
      withEtag(component('a', 'mtls'), 'a1'),
      withEtag(component('b', 'tap'), 'b1'),
    ];
    const readWhole: string[][] = [];
    const reader = {
      async *streamEntities() {
        yield catalog;
      },
      async *streamChangeMarkers() {
        // Only what the pass asks for: kind, namespace, name and etag.
        yield catalog.map(e => ({
          kind: e.kind,
          metadata: {
            name: e.metadata.name,
            namespace: e.metadata.namespace,
            etag: e.metadata.etag,
          },
        }));
      },
      getEntitiesByRefs: async (refs: string[]) => {
        readWhole.push(refs);
        return catalog.filter(e =>
          refs.includes(`component:default/${e.metadata.name}`),
        );
      },
      loadContexts: async (entities: Entity[]) =>
        entities.map(entity => ({ entity })),
      rememberRelatedRefs: async () => {},
    } as unknown as CatalogReader;
    const refresher = new EvaluationRefresher({
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      reader,
      store,
      policy: parseMeshPolicy(undefined),
      pageSize: 500,
    });
    await refresher.refresh();
    expect(await refresher.detectChanges()).toEqual({
      checked: 2,
      changed: 0,
      written: 0,
      removed: 0,
    });
    expect(readWhole).toEqual([]);

    // a's needs change, b is re-stitched (new etag) with the same inputs,
    // c is new.
    catalog = [
      withEtag(component('a', 'mtls, wasm-extensions'), 'a2'),
      withEtag(component('b', 'tap'), 'b2'),
      withEtag(component('c', 'mtls'), 'c1'),
    ];
    expect(await refresher.detectChanges()).toEqual({
      checked: 3,
      changed: 3,
      written: 2,
      removed: 0,
    });
    expect(readWhole).toEqual([
      ['component:default/a', 'component:default/b', 'component:default/c'],
    ]);
    // b's new etag is remembered although its row was not rewritten.
    readWhole.length = 0;
    catalog = catalog.filter(e => e.metadata.name !== 'c');
    expect(await refresher.detectChanges()).toEqual({
      checked: 2,
      changed: 0,
      written: 0,
      removed: 1,
    });
    expect(readWhole).toEqual([]);
    const { items } = await store.list({}, { limit: 10 });
    expect(items.map(i => [i.name, i.verdict])).toEqual([
      ['a', 'istio'],
      ['b', expect.any(String)],
    ]);
  });

  it('stores the evaluation with cluster observations beside the catalog-only one, and follows new observations', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await EvaluationStore.create({ getClient: async () => knex });
    const observations = await createClusterObservationStore({
      getClient: async () => knex,
    });
    const observed = component('k', 'mtls');
    observed.metadata.annotations!['backstage.io/kubernetes-id'] = 'k';
    // Rows left from before its Kubernetes annotation was removed.
    const unannotated = component('u', 'mtls');
    const catalog = [observed, unannotated];
    const reader = {
      async *streamEntities() {
        yield catalog;
      },
      getEntitiesByRefs: async (refs: string[]) =>
        catalog.filter(e =>
          refs.includes(`component:default/${e.metadata.name}`),
        ),
      loadContexts: async (entities: Entity[]) =>
        entities.map(entity => ({ entity })),
      rememberRelatedRefs: async () => {},
    } as unknown as CatalogReader;
    const runs = (mesh: 'istio' | 'linkerd', observedAt: string) => [
      {
        cluster: 'prod',
        observedAt,
        status: 'ok',
        workloads: [{ kind: 'Deployment', namespace: 'k', name: 'k' }],
        pods: 2,
        dataPlanes: [mesh === 'istio' ? 'istio-sidecar' : 'linkerd'],
        currentMesh: mesh,
        injection: [],
        protocols: [],
      } as ClusterObservation,
    ];
    await observations.replace(
      'component:default/k',
      runs('linkerd', '2026-12-01T05:00:00Z'),
    );
    await observations.replace(
      'component:default/u',
      runs('linkerd', '2026-12-01T05:00:00Z'),
    );
    const refresher = new EvaluationRefresher({
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      reader,
      store,
      policy: parseMeshPolicy(undefined),
      pageSize: 500,
      observations,
    });
    const currentMeshes = async (allowed: boolean) =>
      Object.fromEntries(
        (await store.list({ observed: allowed }, { limit: 10 })).items.map(
          i => [i.name, i.currentMesh],
        ),
      );

    await refresher.refresh();
    expect(await currentMeshes(true)).toEqual({ k: 'linkerd', u: 'none' });
    expect(await currentMeshes(false)).toEqual({ k: 'none', u: 'none' });

    // Observed again, the same objects: nothing to rewrite.
    await observations.replace(
      'component:default/k',
      runs('linkerd', '2026-12-01T05:30:00Z'),
    );
    expect(await refresher.reevaluate(['component:default/k'])).toBe(0);
    // The cluster now runs istio: the row follows without a catalog change.
    await observations.replace(
      'component:default/k',
      runs('istio', '2026-12-01T06:00:00Z'),
    );
    expect(await refresher.reevaluate(['component:default/k'])).toBe(1);
    expect(await currentMeshes(true)).toEqual({ k: 'istio', u: 'none' });
    expect(await currentMeshes(false)).toEqual({ k: 'none', u: 'none' });
  });
});
