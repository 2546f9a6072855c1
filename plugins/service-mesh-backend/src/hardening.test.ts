import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  alice,
  MeshTestBackend,
  refreshAndWaitForList,
  startMeshTestBackend,
} from './__testUtils__/testBackend';
import { MAX_DRAFT_REFS } from './validation';

jest.setTimeout(180_000);

/**
 * Client input that used to reach the database or the catalog as it was
 * (NUL bytes, newlines, tens of thousands of refs) and came back as a 5xx or
 * with the catalog's internals. Each is a 400 that names the input, on
 * PostgreSQL as on SQLite.
 */
describe('bad client input', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('on %s', id => {
    let backend: MeshTestBackend;
    const get = (url: string) =>
      request(backend.server)
        .get(`/api/service-mesh${url}`)
        .set('Authorization', alice);

    beforeAll(async () => {
      backend = await startMeshTestBackend({
        databases: {
          catalog: await databases.init(id),
          'service-mesh': await databases.init(id),
        },
      });
      await refreshAndWaitForList(backend, 4);
    }, 120_000);

    afterAll(async () => {
      await backend?.stop();
    });

    describe('GET /v1/evaluations', () => {
      it.each([
        ['q', 'q=%00'],
        ['q', 'q=pay%00'],
        ['owner', 'owner=%00'],
        ['system', 'system=x%00'],
        ['lifecycle', 'lifecycle=%00'],
        ['owner', 'owner=group:default/platform%0A'],
        ['cursor', 'cursor=%00'],
      ])('refuses a control character in %s (%s)', async (param, query) => {
        const res = await get(`/v1/evaluations?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toBe(
          `Invalid query: "${param}": must be text with no control characters (U+0000–U+001F, U+007F–U+009F)`,
        );
      });

      it.each([
        ['q', 'q=%FF%00'],
        ['owner', 'owner=%E2%82'],
      ])(
        'refuses a value that is not percent-encoded UTF-8 in %s (%s)',
        async (param, query) => {
          const res = await get(`/v1/evaluations?${query}`);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toBe(
            `Invalid query: "${param}": not valid percent-encoded UTF-8; accepted: UTF-8 text, percent-encoded`,
          );
        },
      );

      it('still filters by ordinary text', async () => {
        const res = await get('/v1/evaluations?q=pay');
        expect(res.status).toBe(200);
        expect(res.body.items.map((i: any) => i.entityRef).sort()).toEqual([
          'component:default/payments',
          'component:default/payments-sdk',
        ]);
      });
    });

    describe('POST /v1/evaluate (a draft)', () => {
      const draft = (spec: object, metadata: object = {}, extra = {}) => ({
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'probe', ...metadata },
          spec: { type: 'service', lifecycle: 'production', ...spec },
          ...extra,
        },
      });
      const evaluate = (body: object) =>
        request(backend.server)
          .post('/api/service-mesh/v1/evaluate')
          .set('Authorization', alice)
          .send(body);

      it.each([
        ['spec.owner', draft({ owner: 'group:default/plat\u0000form' })],
        ['spec.owner', draft({ owner: 'platform\n' })],
        ['spec.system', draft({ system: 'check\u0000out' })],
        ['spec.consumesApis[1]', draft({ consumesApis: ['a', 'b\u0000'] })],
        ['spec.dependsOn[0]', draft({ dependsOn: ['resource:x\u007f'] })],
        [
          'metadata.namespace',
          draft({ owner: 'platform' }, { namespace: 'de\u0000fault' }),
        ],
        [
          'relations[0].targetRef',
          draft(
            {},
            {},
            {
              relations: [
                { type: 'ownedBy', targetRef: 'group:default/p\u0000' },
              ],
            },
          ),
        ],
        ['spec.owner', draft({ owner: 'group:default/not a name' })],
        ['metadata.namespace', draft({}, { namespace: 'Not_A_Namespace' })],
        [
          'relations[0].targetRef',
          draft(
            {},
            {},
            { relations: [{ type: 'partOf', targetRef: 'checkout' }] },
          ),
        ],
      ])('answers 400 naming entity.%s', async (field, body) => {
        const res = await evaluate(body);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toContain(
          `Invalid request body: entity.${field}: `,
        );
        expect(res.body.error.message).toMatch(
          /expected .*no control characters/,
        );
      });

      it('still resolves ordinary refs, relative ones and upper case ones', async () => {
        const res = await evaluate(
          draft({
            owner: 'Group:Default/Platform',
            system: 'checkout',
            providesApis: ['payments-grpc'],
            dependsOn: ['resource:payments-db'],
          }),
        );
        expect(res.status).toBe(200);
        expect(res.body.entityRef).toBe('component:default/probe');
      });

      it('refuses a draft naming more refs than the cap, before the catalog is asked', async () => {
        const apis = (n: number) =>
          Array.from({ length: n }, (_, i) => `api:default/generated-${i}`);
        const under = await evaluate(
          draft({ consumesApis: apis(MAX_DRAFT_REFS) }),
        );
        expect(under.status).toBe(200);
        for (const n of [MAX_DRAFT_REFS + 1, 30_000]) {
          const over = await evaluate(draft({ consumesApis: apis(n) }));
          expect(over.status).toBe(400);
          expect(over.body.error).toEqual({
            name: 'InputError',
            message: `Invalid request body: entity names ${n} entity refs to resolve (owner, system and its domain, APIs, resources); at most ${MAX_DRAFT_REFS} distinct refs are accepted per request`,
          });
        }
      });
    });

    describe('path parameters', () => {
      it.each([
        ['name', '/v1/entities/component/default/pay%00ments/evaluation'],
        ['name', '/v1/entities/component/default/payments%0A/evaluation'],
        ['namespace', '/v1/entities/component/de%0Dfault/payments/evaluation'],
        ['kind', '/v1/entities/comp%00onent/default/payments/evaluation'],
        ['name', '/v1/systems/default/check%00out/evaluation'],
        ['name', '/v1/systems/default/checkout%0A/evaluation'],
      ])('refuse a control character in %s: %s', async (param, url) => {
        const res = await get(url);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(
          new RegExp(
            `^Invalid path parameter ${param}: .*no control characters`,
          ),
        );
        // Nothing of the catalog's own answer (its internal URLs).
        expect(res.text).not.toContain('by-name');
        expect(res.text).not.toContain('/api/catalog');
      });
    });
  });
});
