import path from 'node:path';
import request from 'supertest';
import {
  alice,
  bob,
  MeshTestBackend,
  refreshAndWaitForList,
  startMeshTestBackend,
  waitFor,
} from './__testUtils__/testBackend';

jest.setTimeout(120_000);

/**
 * A 404 for an entity the caller may not read must be the very same answer,
 * byte for byte, as for one that does not exist: in development mode too,
 * where Backstage's own error handler adds the error's stack (which names
 * the functions the request went through).
 */
describe('not found, in development mode', () => {
  let backend: MeshTestBackend;
  const nodeEnv = process.env.NODE_ENV;

  beforeAll(async () => {
    process.env.NODE_ENV = 'development';
    backend = await startMeshTestBackend({
      extraLocations: [
        path.resolve(__dirname, '__fixtures__/private-catalog.yaml'),
      ],
    });
    await waitFor(async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/system/default/vault')
        .set('Authorization', alice);
      return res.status === 200 || undefined;
    }, 'the private catalog');
    // The refresh remembers related refs of every component, hidden ones too.
    await refreshAndWaitForList(backend, 4);
  }, 90_000);

  afterAll(async () => {
    await backend?.stop();
    process.env.NODE_ENV = nodeEnv;
  });

  it.each([
    [
      '/v1/entities/component/default/fraud-scoring/evaluation',
      'fraud-scoring',
      'no-such-thing',
    ],
    ['/v1/systems/default/vault/evaluation', 'vault', 'no-such-system'],
  ])(
    'GET %s answers bob with the same bytes as for a missing entity',
    async (url, hiddenName, missingName) => {
      const get = (u: string) =>
        request(backend.server)
          .get(`/api/service-mesh${u}`)
          .set('Authorization', bob);
      // Twice each: the second read of the hidden one would find any hint
      // the first one left.
      for (let i = 0; i < 2; i++) {
        const hidden = await get(url);
        const missing = await get(url.replace(hiddenName, missingName));
        expect(hidden.status).toBe(404);
        expect(missing.status).toBe(404);
        expect(hidden.text).toBe(
          missing.text.replaceAll(missingName, hiddenName),
        );
        expect(hidden.body.error).toEqual({
          name: 'NotFoundError',
          message: expect.stringContaining(hiddenName),
        });
      }
    },
  );
});
