import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  alice,
  MeshTestBackend,
  refreshAndWaitForList,
  startMeshTestBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(240_000);

/**
 * What the catalog already says (tags, API definitions) is read the same way
 * by the entity route and by the background refresh that fills the
 * dashboard: a tagged component, or one whose consumed AsyncAPI names a
 * Kafka server, gets the same inferred inputs, so the card and the dashboard
 * agree on its scores and confidence (docs/catalog-inference.md).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-inference-'));
const extraFile = path.join(dir, 'inference.yaml');
fs.writeFileSync(
  extraFile,
  `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: live-scores
  tags: [websocket]
spec:
  type: service
  lifecycle: production
  owner: group:default/platform
  consumesApis: [match-events]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: match-events
spec:
  type: asyncapi
  lifecycle: production
  owner: group:default/platform
  definition: |
    asyncapi: 2.6.0
    info: { title: Match events, version: 1.0.0 }
    servers:
      production:
        url: broker.example.com:9092
        protocol: kafka
    channels: {}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: stats-relay
  tags: [statsd]
spec:
  type: service
  lifecycle: production
  owner: group:default/platform
`,
);

describe('inference from the catalog, entity route and refresh alike', () => {
  let backend: MeshTestBackend;
  let total: number;

  beforeAll(async () => {
    backend = await startMeshTestBackend({ extraLocations: [extraFile] });
    // Wait until the extra file's component and its relation are ingested.
    for (let i = 0; i < 300; i++) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/component/default/live-scores')
        .set('Authorization', alice);
      if (res.body.relations?.some((r: any) => r.type === 'consumesApi')) break;
      await new Promise(r => setTimeout(r, 200));
    }
    const all = await request(backend.server)
      .get('/api/catalog/entities/by-query')
      .query({ filter: 'kind=component', limit: 1 })
      .set('Authorization', alice);
    total = all.body.totalItems;
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the card reads the tag and the consumed API definition', async () => {
    const res = await request(backend.server)
      .get(
        '/api/service-mesh/v1/entities/component/default/live-scores/evaluation',
      )
      .set('Authorization', alice);
    expect(res.status).toBe(200);
    const protocols = res.body.requirements.protocols;
    expect(protocols.value).toEqual(
      expect.arrayContaining(['websocket', 'tcp']),
    );
    const details = protocols.sources.map((s: any) => s.detail).join('\n');
    expect(details).toMatch(/inferred from tag websocket/);
    expect(details).toMatch(/kafka/);
  });

  it('the dashboard row says what the card says', async () => {
    await refreshAndWaitForList(backend, total);
    for (const name of ['live-scores', 'stats-relay']) {
      const [card, list] = await Promise.all([
        request(backend.server)
          .get(
            `/api/service-mesh/v1/entities/component/default/${name}/evaluation`,
          )
          .set('Authorization', alice),
        request(backend.server)
          .get('/api/service-mesh/v1/evaluations')
          .query({ q: name })
          .set('Authorization', alice),
      ]);
      const row = list.body.items.find((i: any) => i.name === name);
      expect(row).toBeTruthy();
      expect({
        name,
        applicable: row.applicable,
        verdict: row.verdict,
      }).toEqual({
        name,
        applicable: card.body.applicable,
        verdict: card.body.verdict,
      });
      expect(row.confidence).toBe(card.body.confidence);
      expect(row.scores).toEqual(card.body.scores);
    }
    // A component tagged only with a UDP protocol is no mesh candidate, on
    // the card and on the dashboard alike.
    const stats = await request(backend.server)
      .get(
        '/api/service-mesh/v1/entities/component/default/stats-relay/evaluation',
      )
      .set('Authorization', alice);
    expect(stats.body.applicable).toBe(false);
  });
});
