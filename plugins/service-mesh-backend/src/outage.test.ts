import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Response } from 'express';
import request from 'supertest';
import {
  alice,
  MeshTestBackend,
  refreshAndWaitForList,
  startMeshTestBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(120_000);

/**
 * How the catalog is made unreachable: a test module of the *catalog* plugin
 * puts a switchable fault in front of the catalog's own HTTP routes (a
 * module's `httpRouter.use` runs before its plugin's router). The catalog
 * plugin keeps running; only its HTTP API stops answering, as when the
 * catalog pods are overloaded, restarting or partitioned away.
 *
 * This was chosen over overriding `catalogServiceRef` because nothing of our
 * side is replaced: the service-mesh plugin keeps its real client
 * (discovery → fetch → CatalogClient → DefaultCatalogService, with real
 * on-behalf-of tokens), so the tests go through `CatalogReader.guard`'s
 * timeout and `toCatalogError`'s mapping of real network and HTTP failures.
 * And unlike a second backend that is stopped, it can be switched back on
 * within the same process, which is what "recovers without a restart" needs.
 */
type CatalogFault =
  | 'none'
  /** accepts the request and never answers (a hung catalog) */
  | 'hang'
  /** drops the connection (a crashed catalog pod) */
  | 'down'
  /** answers 500 (the catalog's database is down) */
  | 'error';

let fault: CatalogFault = 'none';
const held = new Set<Response>();

const catalogFaults = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-faults',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use((req, res, next) => {
          switch (fault) {
            case 'hang':
              held.add(res);
              res.on('close', () => held.delete(res));
              return;
            case 'down':
              req.socket.destroy();
              return;
            case 'error':
              res.status(500).json({
                error: { name: 'Error', message: 'database is down' },
              });
              return;
            default:
              next();
          }
        });
      },
    });
  },
});

function setFault(next: CatalogFault) {
  fault = next;
  if (next === 'none') {
    // The hung catalog "restarts": its open connections drop.
    for (const res of held) res.socket?.destroy();
    held.clear();
  }
}

/** Rejects if the promise takes longer than ms. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} took longer than ${ms} ms`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A service principal: allowed everything, so the list is the raw store. */
const service = mockCredentials.service.header();
/** A user whose readable set is not cached yet (each call a new user). */
let coldUsers = 0;
const coldUser = () =>
  mockCredentials.user.header(`user:default/newcomer-${++coldUsers}`);

const draftWithRefs = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'draft', annotations: { 'mesh-advisor.io/needs': 'mtls' } },
  spec: {
    type: 'service',
    owner: 'group:default/platform',
    system: 'checkout',
  },
};
const draftWithoutRefs = {
  ...draftWithRefs,
  spec: { type: 'service', lifecycle: 'experimental' },
};

/** Every route that must read the catalog, as a request factory. */
function catalogRoutes(backend: MeshTestBackend) {
  const server = backend.server;
  return {
    'GET entity evaluation': () =>
      request(server)
        .get(
          '/api/service-mesh/v1/entities/component/default/payments/evaluation',
        )
        .set('Authorization', alice),
    'POST evaluate (refs to resolve)': () =>
      request(server)
        .post('/api/service-mesh/v1/evaluate')
        .set('Authorization', alice)
        .send({ entity: draftWithRefs }),
    'GET system roll-up': () =>
      request(server)
        .get('/api/service-mesh/v1/systems/default/checkout/evaluation')
        .set('Authorization', alice),
    'GET list (readable set not cached)': () =>
      request(server)
        .get('/api/service-mesh/v1/evaluations')
        .set('Authorization', coldUser()),
  };
}

/** The stored rows, as the dashboard would show them to an all-seeing caller. */
async function storedRows(backend: MeshTestBackend) {
  const res = await request(backend.server)
    .get('/api/service-mesh/v1/evaluations?sort=name&limit=500')
    .set('Authorization', service);
  expect(res.status).toBe(200);
  return { totalItems: res.body.totalItems, items: res.body.items };
}

describe('catalog outage', () => {
  let backend: MeshTestBackend;

  beforeAll(async () => {
    backend = await startMeshTestBackend({ features: [catalogFaults] });
    await refreshAndWaitForList(backend, 4);
  }, 90_000);

  afterEach(() => setFault('none'));

  afterAll(async () => {
    setFault('none');
    await backend?.stop();
  });

  describe.each<[CatalogFault, string]>([
    ['hang', 'does not answer'],
    ['down', 'drops connections'],
    ['error', 'answers 500'],
  ])('when the catalog %s', (mode, _description) => {
    it('answers 503 within 2 s on every route that reads the catalog', async () => {
      setFault(mode);

      const results = await Promise.all(
        Object.entries(catalogRoutes(backend)).map(async ([route, send]) => {
          const started = Date.now();
          const res = await send();
          return { route, res, ms: Date.now() - started };
        }),
      );
      for (const { route, res, ms } of results) {
        expect({ route, status: res.status }).toEqual({ route, status: 503 });
        expect(res.body.error).toEqual(
          expect.objectContaining({
            name: 'ServiceUnavailableError',
            message: expect.stringMatching(/catalog/),
          }),
        );
        // A timeout contract, not a speed benchmark.
        expect({ route, ms: ms < 2000 }).toEqual({ route, ms: true });
      }
    });

    it('still answers what needs no catalog', async () => {
      // alice's readable set is cached before the outage (60 s).
      await request(backend.server)
        .get('/api/service-mesh/v1/evaluations')
        .set('Authorization', alice)
        .expect(200);
      setFault(mode);
      const started = Date.now();
      const [capabilities, draft, cachedList] = await Promise.all([
        request(backend.server)
          .get('/api/service-mesh/v1/capabilities')
          .set('Authorization', alice),
        // Nothing to resolve: the what-if needs no catalog round trip.
        request(backend.server)
          .post('/api/service-mesh/v1/evaluate')
          .set('Authorization', alice)
          .send({ entity: draftWithoutRefs }),
        // alice's readable set is cached: served from the store.
        request(backend.server)
          .get('/api/service-mesh/v1/evaluations')
          .set('Authorization', alice),
      ]);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(capabilities.status).toBe(200);
      expect(draft.status).toBe(200);
      expect(draft.body.entityRef).toBe('component:default/draft');
      expect(cachedList.status).toBe(200);
      expect(cachedList.body.totalItems).toBe(4);
    });

    it('keeps every stored evaluation through a refresh during the outage', async () => {
      const before = await storedRows(backend);
      expect(before.totalItems).toBe(4);

      setFault(mode);
      // The refresh must give up on its own (and not hold the task forever).
      await within(15_000, backend.runRefresh(), 'The refresh');

      const after = await storedRows(backend);
      expect(after).toEqual(before);
    });

    it('recovers without a restart when the catalog is back', async () => {
      setFault(mode);
      const during = await catalogRoutes(backend)['GET entity evaluation']();
      expect(during.status).toBe(503);

      setFault('none');
      for (const [route, send] of Object.entries(catalogRoutes(backend))) {
        const res = await send();
        expect({ route, status: res.status }).toEqual({ route, status: 200 });
      }
      expect(
        (
          await request(backend.server)
            .get(
              '/api/service-mesh/v1/entities/component/default/payments/evaluation',
            )
            .set('Authorization', alice)
        ).body.verdict,
      ).toBe('istio');

      // The scheduled refresh works again, and the store still has everything.
      await within(15_000, backend.runRefresh(), 'The refresh');
      expect((await storedRows(backend)).totalItems).toBe(4);
    });
  });
});
