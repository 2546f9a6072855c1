import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogReader } from './CatalogReader';

const credentials = mockCredentials.user();

function entity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
  };
}

/** A catalog whose by-ref reads answer when the test says so. */
function controllableCatalog() {
  let inFlight = 0;
  let maxInFlight = 0;
  const pending: Array<() => void> = [];
  const catalog = {
    getEntityByRef: async (ref: string) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>(resolve => pending.push(resolve));
      inFlight--;
      return entity(ref.split('/')[1]);
    },
  } as unknown as CatalogService;
  return {
    catalog,
    maxInFlight: () => maxInFlight,
    answerAll: () => pending.splice(0).forEach(answer => answer()),
    waiting: () => pending.length,
  };
}

describe('CatalogReader', () => {
  it('keeps at most 8 catalog requests in flight and answers every caller', async () => {
    const fake = controllableCatalog();
    const reader = new CatalogReader(fake.catalog);

    const reads = Array.from({ length: 30 }, (_, i) =>
      reader.getEntity(`component:default/c${i}`, credentials),
    );
    let settled = 0;
    reads.forEach(read => read.finally(() => settled++).catch(() => {}));
    // The catalog answers whatever is waiting, round after round.
    while (settled < reads.length) {
      fake.answerAll();
      await new Promise(r => setImmediate(r));
    }

    const entities = await Promise.all(reads);
    expect(entities.map(e => e.metadata.name)).toEqual(
      Array.from({ length: 30 }, (_, i) => `c${i}`),
    );
    expect(fake.maxInFlight()).toBe(8);
  });

  it('answers 503 for a hung catalog and gives the slots back at the timeout', async () => {
    const fake = controllableCatalog();
    const reader = new CatalogReader(fake.catalog);

    // Eight reads that never get an answer take every slot ...
    const hung = Array.from({ length: 8 }, (_, i) =>
      reader.getEntity(`component:default/hung${i}`, credentials),
    );
    const results = await Promise.allSettled(hung);
    expect(results.map(r => r.status)).toEqual(Array(8).fill('rejected'));
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({
      name: 'ServiceUnavailableError',
    });

    // ... yet the next caller is served as soon as the catalog answers.
    const next = reader.getEntity('component:default/next', credentials);
    await new Promise(r => setImmediate(r));
    expect(fake.waiting()).toBe(9);
    fake.answerAll();
    expect((await next).metadata.name).toBe('next');
  });
});

describe('CatalogReader: a hidden entity and a missing one', () => {
  /**
   * The catalog as a caller sees it: component:default/secret exists (the
   * refresh, with the plugin's credentials, read it and remembered its
   * related refs) but this caller may not read it.
   */
  function setUp() {
    const calls: string[] = [];
    const catalog = {
      getEntityByRef: async (ref: string) => {
        calls.push(`getEntityByRef ${ref}`);
        return undefined;
      },
      getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => {
        calls.push(`getEntitiesByRefs ${entityRefs.join(',')}`);
        return { items: entityRefs.map(() => null) };
      },
    } as unknown as CatalogService;
    const cached = new Map<string, unknown>();
    const cache = {
      get: async (key: string) => {
        calls.push(`cache.get ${key}`);
        return cached.get(key);
      },
      set: async (key: string, value: unknown) => {
        cached.set(key, value);
      },
      delete: async (key: string) => {
        cached.delete(key);
      },
      withOptions: () => cache,
    };
    return { calls, cache, catalog };
  }

  it('go through exactly the same catalog calls, and the hint is not used', async () => {
    const { calls, cache, catalog } = setUp();
    const reader = new CatalogReader(catalog, cache as any);
    // What the refresh leaves behind for the existing component.
    await reader.rememberRelatedRefs([
      {
        entity: {
          ...entity('secret'),
          spec: { owner: 'group:default/vault-team', system: 'vault' },
        },
      },
    ]);

    const attempt = async (name: string) => {
      calls.length = 0;
      const error = await reader
        .loadEntityContext(`component:default/${name}`, credentials)
        .then(
          () => undefined,
          e => e,
        );
      return {
        error: { name: error?.name, message: error?.message },
        calls: calls.map(c => c.replaceAll(name, 'NAME')),
      };
    };
    const hidden = await attempt('secret');
    const missing = await attempt('missing');

    expect(hidden.error).toEqual({
      name: 'NotFoundError',
      message: 'No entity component:default/secret found',
    });
    expect({
      ...hidden,
      error: {
        ...hidden.error,
        message: hidden.error.message.replace('secret', 'NAME'),
      },
    }).toEqual({
      ...missing,
      error: {
        ...missing.error,
        message: missing.error.message.replace('missing', 'NAME'),
      },
    });
    // Only the caller's own read of the entity, nothing derived from the refresh.
    expect(missing.calls).toEqual([
      'cache.get caller-related-refs:user:default/mock:component:default/NAME',
      'getEntitiesByRefs component:default/NAME',
    ]);
  });

  it('reads an entity this user read before in one request, and a since-hidden one takes the 404 path of a deleted one', async () => {
    const { calls, cache } = setUp();
    let visible = true;
    const stored: Record<string, Entity> = {
      'component:default/shop': {
        ...entity('shop'),
        spec: { owner: 'group:default/team-a' },
      },
      'group:default/team-a': {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-a', namespace: 'default' },
      },
    };
    const catalog = {
      getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => {
        calls.push(`getEntitiesByRefs ${entityRefs.join(',')}`);
        return {
          items: entityRefs.map(ref =>
            visible || !ref.startsWith('component:')
              ? stored[ref] ?? null
              : null,
          ),
        };
      },
    } as unknown as CatalogService;
    const reader = new CatalogReader(catalog, cache as any);
    const read = async () => {
      calls.length = 0;
      const result = await reader
        .loadEntityContext('component:default/shop', credentials)
        .then(
          context => ({ owner: context.owner?.metadata.name }),
          e => ({ error: `${e.name}: ${e.message}` }),
        );
      return { result, reads: calls.filter(c => !c.startsWith('cache.get')) };
    };

    // First view: the entity alone, then its owner.
    expect(await read()).toEqual({
      result: { owner: 'team-a' },
      reads: [
        'getEntitiesByRefs component:default/shop',
        'getEntitiesByRefs group:default/team-a',
      ],
    });
    // Next view by the same user: one request, same evaluation input.
    expect(await read()).toEqual({
      result: { owner: 'team-a' },
      reads: ['getEntitiesByRefs component:default/shop,group:default/team-a'],
    });
    // Another user starts over with the entity alone.
    calls.length = 0;
    await reader.loadEntityContext(
      'component:default/shop',
      mockCredentials.user('user:default/other'),
    );
    expect(calls.filter(c => !c.startsWith('cache.get'))[0]).toBe(
      'getEntitiesByRefs component:default/shop',
    );
    // Hidden from the first user since: the same 404 as a missing entity,
    // and the next attempt starts over with the entity alone.
    visible = false;
    expect((await read()).result).toEqual({
      error: 'NotFoundError: No entity component:default/shop found',
    });
    expect(await read()).toEqual({
      result: {
        error: 'NotFoundError: No entity component:default/shop found',
      },
      reads: ['getEntitiesByRefs component:default/shop'],
    });
  });
});
