import { mockCredentials } from '@backstage/backend-test-utils';
import path from 'node:path';
import request from 'supertest';
import {
  alice,
  MeshTestBackend,
  startMeshTestBackend,
  waitFor,
} from '../../__testUtils__/testBackend';
import { EVALUATION_FIELDS, projectEvaluationFields } from '../CatalogReader';

jest.setTimeout(120_000);

/**
 * A service principal (CI, the MCP action's callers) may read the whole
 * catalog, so its entity evaluation reads the entity and its related
 * entities in one catalog request once their refs are known. That read
 * must give exactly the evaluation the usual two-request read gives.
 */
describe('entity evaluation for a caller the catalog hides nothing from', () => {
  let backend: MeshTestBackend;
  const service = mockCredentials.service.header();
  const get = (url: string, auth: string) =>
    request(backend.server)
      .get(`/api/service-mesh${url}`)
      .set('Authorization', auth);

  beforeAll(async () => {
    backend = await startMeshTestBackend({
      extraLocations: [path.resolve(__dirname, '__fixtures__/tagged.yaml')],
    });
    await waitFor(async () => {
      const res = await get(
        '/v1/entities/component/default/metrics-relay/evaluation',
        alice,
      );
      return res.status === 200 || undefined;
    }, 'the tagged component in the catalog');
  }, 90_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it.each(['metrics-relay', 'payments'])(
    'gives %s the same evaluation on the one-request read as on the usual read',
    async name => {
      const url = `/v1/entities/component/default/${name}/evaluation`;
      // The first read is the usual one (no related refs known yet), the
      // second reads everything in one request.
      const first = await get(url, service);
      const second = await get(url, service);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      // And what a user who may read all of it is shown.
      const forAlice = await get(url, alice);
      expect(second.body.verdict).toBe(forAlice.body.verdict);
      expect(second.body.requirements).toEqual(forAlice.body.requirements);
    },
  );

  it('reads the protocols from the tags on the one-request read too', async () => {
    const url = '/v1/entities/component/default/metrics-relay/evaluation';
    await get(url, service);
    const res = await get(url, service);
    expect(res.body.requirements.protocols.value).toEqual(
      expect.arrayContaining(['udp', 'grpc']),
    );
  });

  it('answers 404 for a missing entity, with the usual message', async () => {
    const url = '/v1/entities/component/default/no-such-thing/evaluation';
    const res = await get(url, service);
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      name: 'NotFoundError',
      message: 'No entity component:default/no-such-thing found',
    });
  });

  it.each(['metrics-relay', 'payments'])(
    "gives a user's repeat view of %s (one request) the evaluation of their first view",
    async name => {
      const url = `/v1/entities/component/default/${name}/evaluation`;
      const first = await get(url, alice);
      const second = await get(url, alice);
      expect(first.status).toBe(200);
      expect(second.body).toEqual(first.body);
    },
  );

  it("projects whole entities exactly as the catalog's fields parameter does", async () => {
    const catalog = (query: string) =>
      request(backend.server)
        .get(`/api/catalog/entities/by-query?filter=kind=component&${query}`)
        .set('Authorization', service);
    const whole = await catalog('limit=500');
    const projected = await catalog(
      `limit=500&fields=${EVALUATION_FIELDS.join(',')}`,
    );
    expect(whole.body.items.length).toBeGreaterThanOrEqual(3);
    // Serialised identically, key order included: the refresh's input
    // hashes are taken over this JSON.
    expect(
      whole.body.items.map((e: any) =>
        JSON.stringify(projectEvaluationFields(e)),
      ),
    ).toEqual(projected.body.items.map((e: any) => JSON.stringify(e)));
  });
});
