import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { parseMeshPolicy } from '@mesh-advisor/plugin-service-mesh-common';
import { CatalogReader } from './CatalogReader';
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
});
