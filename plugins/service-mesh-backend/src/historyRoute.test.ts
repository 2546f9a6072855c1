import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  alice,
  bob,
  MeshTestBackend,
  refreshAndWaitForList,
  startMeshTestBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(120_000);

/**
 * The history routes on the real catalog and the test permission policy:
 * fraud-scoring is readable only by alice.
 */
describe('verdict history routes', () => {
  let backend: MeshTestBackend;
  const get = (url: string, authorization: string) =>
    request(backend.server)
      .get(`/api/service-mesh${url}`)
      .set('Authorization', authorization);

  beforeAll(async () => {
    backend = await startMeshTestBackend({
      serviceMesh: { history: { retentionDays: 30 } },
    });
    await refreshAndWaitForList(backend, 4, alice);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it('answers 401 without credentials', async () => {
    for (const url of [
      '/v1/entities/component/default/payments/history',
      '/v1/history/verdict-counts',
      '/v1/history/changes',
    ]) {
      const res = await get(url, mockCredentials.none.header());
      expect({ url, status: res.status }).toEqual({ url, status: 401 });
    }
  });

  it('shows an entity history to a reader, and a hidden entity as missing', async () => {
    const own = await get(
      '/v1/entities/component/default/fraud-scoring/history',
      alice,
    );
    expect(own.status).toBe(200);
    expect(own.body).toEqual({
      entityRef: 'component:default/fraud-scoring',
      transitions: [],
    });
    const hidden = await get(
      '/v1/entities/component/default/fraud-scoring/history',
      bob,
    );
    const missing = await get(
      '/v1/entities/component/default/no-such-thing/history',
      bob,
    );
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('wasm');
  });

  it('counts over time only the entities the caller may read', async () => {
    const total = (body: any) =>
      Object.values(body.days.at(-1).counts as Record<string, number>).reduce(
        (s, n) => s + n,
        0,
      );
    const forAlice = await get('/v1/history/verdict-counts?days=3', alice);
    const forBob = await get('/v1/history/verdict-counts?days=3', bob);
    expect(forAlice.status).toBe(200);
    expect(forAlice.body.days).toHaveLength(3);
    expect(forAlice.body.retentionDays).toBe(30);
    expect(total(forAlice.body)).toBe(4);
    expect(total(forBob.body)).toBe(3);
  });

  it('refuses days beyond the retention and unknown parameters, naming them', async () => {
    const tooMany = await get('/v1/history/verdict-counts?days=31', alice);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(
      /query parameter days: "31"; accepted: an integer from 1 to 30/,
    );
    const unknown = await get('/v1/history/changes?since=yesterday', alice);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /Unknown query parameter "since"; accepted: days, limit/,
    );
  });
});
