import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogReader } from './CatalogReader';
import { EvaluationStore } from './EvaluationStore';
import { ReadableEntities } from './ReadableEntities';

const STORED = [
  'component:default/public-a',
  'component:default/public-b',
  'component:default/secret',
];

/** A permission policy that answers CONDITIONAL, with the same conditions for everyone. */
const conditionalPermissions = {
  authorizeConditional: async () => [
    {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_KIND',
        resourceType: 'catalog-entity',
        params: { kinds: ['component'] },
      },
    },
  ],
} as any;

function setup() {
  const walks: string[] = [];
  let finishWalk: () => void = () => {};
  const reader = {
    readableRefs: async () => {
      walks.push('walk');
      await new Promise<void>(resolve => (finishWalk = resolve));
      return new Set(STORED.slice(0, 2));
    },
  } as unknown as CatalogReader;
  const store = {
    storedRefs: async () => STORED,
  } as unknown as EvaluationStore;
  const readable = new ReadableEntities(
    conditionalPermissions,
    mockServices.cache.mock({
      get: jest.fn(async () => undefined),
      set: jest.fn(async () => {}),
    }),
    reader,
    store,
  );
  return { readable, walks, finishWalk: () => finishWalk() };
}

describe('ReadableEntities', () => {
  it('walks the catalog once for callers with the same conditions who arrive together', async () => {
    const { readable, walks, finishWalk } = setup();

    const answers = Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        readable.visibility(mockCredentials.user(`user:default/u${i}`)),
      ),
    );
    await new Promise(r => setImmediate(r));
    finishWalk();

    for (const visibility of await answers) {
      expect(visibility).toEqual({
        except: ['component:default/secret'],
        seenBefore: expect.any(String),
      });
    }
    expect(walks).toHaveLength(1);
  });

  it('walks again once the walk in progress has finished', async () => {
    const { readable, walks, finishWalk } = setup();

    const first = readable.visibility(mockCredentials.user());
    await new Promise(r => setImmediate(r));
    finishWalk();
    await first;

    // The cache here remembers nothing, so the next caller needs a walk.
    const second = readable.visibility(mockCredentials.user());
    await new Promise(r => setImmediate(r));
    finishWalk();
    await second;

    expect(walks).toHaveLength(2);
  });
});
