import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  evaluationSchema,
  listEvaluationsResponseSchema,
  systemRollupSchema,
} from '@mesh-advisor/plugin-service-mesh-common';
import path from 'node:path';
import request from 'supertest';
import {
  alice,
  bob,
  MeshTestBackend,
  refreshAndWaitForList,
  startMeshTestBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(120_000);

/**
 * The permission boundary: with the test policy, fraud-scoring
 * (and, from private-catalog.yaml, the System `vault` and the API
 * `fraud-events`) are readable only by their owner alice. For bob nothing of
 * them may show in any route, and "hidden" must be indistinguishable from
 * "missing". For alice they show, which proves the checks below can fail.
 */

const privateCatalogFile = path.resolve(
  __dirname,
  '__fixtures__/private-catalog.yaml',
);

/** What only a reader of the hidden entities could know. */
const SECRETS = [
  'fraud-scoring',
  'fraud-events',
  'vault',
  'vault-secret-cni',
  'wasm-extensions',
  'test.example/private',
];

function expectNoSecrets(body: unknown, allowed: string[] = []) {
  const text = JSON.stringify(body);
  for (const secret of SECRETS.filter(s => !allowed.includes(s))) {
    expect({ secret, found: text.includes(secret) }).toEqual({
      secret,
      found: false,
    });
  }
}

/** The parts of a Backstage error body that do not echo the request URL. */
function errorShape(body: any, rename: [string, string][] = []) {
  let message: string = body?.error?.message ?? '';
  // Refs are case-insensitive; messages may show them lower-cased.
  for (const [from, to] of rename) {
    message = message.replace(
      new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'),
      to,
    );
  }
  return {
    name: body?.error?.name,
    message,
    response: body?.response,
  };
}

const ACTION_PATH =
  '/api/service-mesh/.backstage/actions/v1/actions/service-mesh:evaluate-service-mesh-fit/invoke';

describe('permission boundary: what bob may not read never shows', () => {
  let backend: MeshTestBackend;
  const get = (url: string, who: string) =>
    request(backend.server)
      .get(`/api/service-mesh${url}`)
      .set('Authorization', who);
  const evaluate = (body: object, who: string) =>
    request(backend.server)
      .post('/api/service-mesh/v1/evaluate')
      .set('Authorization', who)
      .send(body);
  const invokeAction = (entityRef: string, who: string) =>
    request(backend.server)
      .post(ACTION_PATH)
      .set('Authorization', who)
      .send({ entityRef });

  beforeAll(async () => {
    backend = await startMeshTestBackend({
      extraLocations: [privateCatalogFile],
      // The real actions registry, so the MCP action is invoked over HTTP
      // exactly as @backstage/plugin-mcp-actions-backend does.
      features: [actionsRegistryServiceFactory],
    });
    // The private entities come from a second file: wait for them too.
    for (const ref of ['system/default/vault', 'api/default/fraud-events']) {
      for (let i = 0; i < 100; i++) {
        const res = await request(backend.server)
          .get(`/api/catalog/entities/by-name/${ref}`)
          .set('Authorization', alice);
        if (res.status === 200) break;
        await new Promise(r => setTimeout(r, 200));
      }
    }
    await refreshAndWaitForList(backend, 4);
  }, 90_000);

  afterAll(async () => {
    await backend?.stop();
  });

  describe('GET /v1/entities/:kind/:namespace/:name/evaluation', () => {
    it.each([
      ['component/default/fraud-scoring', 'component/default/no-such-thing'],
      ['Component/default/Fraud-Scoring', 'Component/default/No-Such-Thing'],
      ['system/default/vault', 'system/default/no-such-system'],
      ['api/default/fraud-events', 'api/default/no-such-api'],
    ])(
      'answers bob for %s exactly as for a missing entity',
      async (hidden, missing) => {
        const [h, m] = await Promise.all([
          get(`/v1/entities/${hidden}/evaluation`, bob),
          get(`/v1/entities/${missing}/evaluation`, bob),
        ]);
        expect(h.status).toBe(404);
        expect(m.status).toBe(404);
        const hiddenName = hidden.split('/')[2];
        const missingName = missing.split('/')[2];
        expect(errorShape(h.body, [[hiddenName, 'X']])).toEqual(
          errorShape(m.body, [[missingName, 'X']]),
        );
      },
    );

    it('shows it to alice, its owner', async () => {
      const res = await get(
        '/v1/entities/component/default/fraud-scoring/evaluation',
        alice,
      );
      expect(res.status).toBe(200);
      expect(
        evaluationSchema.parse(res.body).requirements.needs.value,
      ).toContain('wasm-extensions');
    });
  });

  describe('POST /v1/evaluate with refs to hidden entities', () => {
    const base = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'probe',
        annotations: { 'mesh-advisor.io/needs': 'mtls' },
      },
    };
    /** Refs in spec, resolved by the plugin. */
    const bySpec = (system: string, api: string, owner: string) => ({
      ...base,
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner,
        system,
        consumesApis: [api],
        dependsOn: ['resource:default/payments-db'],
      },
    });
    /** Refs in relations, as the catalog would have filled them. */
    const byRelations = (system: string, api: string, owner: string) => ({
      ...base,
      spec: { type: 'service', lifecycle: 'production' },
      relations: [
        { type: 'ownedBy', targetRef: owner },
        { type: 'partOf', targetRef: system },
        { type: 'consumesApi', targetRef: api },
      ],
    });
    const hidden = [
      'system:default/vault',
      'api:default/fraud-events',
      'component:default/fraud-scoring',
    ] as const;
    const missing = [
      'system:default/gone-system',
      'api:default/gone-api',
      'component:default/gone-component',
    ] as const;

    it.each([
      ['spec refs', bySpec],
      ['relations', byRelations],
    ])(
      'gives bob, for %s, the evaluation of refs that do not exist',
      async (_, draft) => {
        const [h, m, a] = await Promise.all([
          evaluate({ entity: draft(...hidden) }, bob),
          evaluate({ entity: draft(...missing) }, bob),
          evaluate({ entity: draft(...hidden) }, alice),
        ]);
        expect(h.status).toBe(200);
        expect(m.status).toBe(200);
        expect(a.status).toBe(200);
        const forBob = evaluationSchema.parse(h.body);

        // Indistinguishable from missing refs (only the refs bob wrote differ).
        let renamed = JSON.stringify(m.body);
        missing.forEach((ref, i) => {
          renamed = renamed.split(ref).join(hidden[i]);
        });
        expect(forBob).toEqual(JSON.parse(renamed));

        // None of the hidden entities' data: vault's annotations, fraud-events' type.
        expect(JSON.stringify(forBob)).not.toContain('vault-secret-cni');
        expect(forBob.requirements.clusterProfile.value).toBe('standard');
        expect(forBob.requirements.cni.value).toBeUndefined();
        expect(forBob.requirements.needs.value).not.toContain('tap');
        expect(forBob.requirements.protocols.value).not.toContain('grpc');

        // Alice, who may read them, gets their data: the check can fail.
        const forAlice = evaluationSchema.parse(a.body);
        expect(forAlice.requirements.clusterProfile.value).toBe('edge');
        expect(forAlice.requirements.cni.value).toBe('vault-secret-cni');
        expect(forAlice.requirements.needs.value).toContain('tap');
        expect(forAlice.requirements.protocols.value).toContain('grpc');
      },
    );

    it("evaluates bob's own draft named like the hidden entity, not the catalog's copy", async () => {
      const res = await evaluate(
        {
          entity: {
            ...base,
            metadata: { name: 'fraud-scoring' },
            spec: { type: 'service', owner: 'group:default/platform' },
          },
        },
        bob,
      );
      expect(res.status).toBe(200);
      const evaluation = evaluationSchema.parse(res.body);
      expect(evaluation.requirements.needs.value).toEqual([]); // the catalog's copy needs wasm-extensions
      // The deciding questions of a provisional draft offer every capability
      // as a candidate answer (wasm-extensions among them), whatever the
      // catalog holds; everything else must not mention the hidden copy.
      const { decidingQuestions, ...rest } = evaluation;
      expect(decidingQuestions?.length).toBeGreaterThan(0);
      expectNoSecrets(rest, ['fraud-scoring']);
    });
  });

  describe('GET /v1/evaluations', () => {
    it('leaves it out of the items, the totals and every facet', async () => {
      const [forBob, forAlice] = await Promise.all([
        get('/v1/evaluations?limit=500', bob),
        get('/v1/evaluations?limit=500', alice),
      ]);
      expect(forBob.status).toBe(200);
      const bobList = listEvaluationsResponseSchema.parse(forBob.body);
      const aliceList = listEvaluationsResponseSchema.parse(forAlice.body);
      expectNoSecrets(bobList);
      expect(bobList.totalItems).toBe(3);
      expect(aliceList.totalItems).toBe(4);
      const sum = (facet: { count: number }[]) =>
        facet.reduce((n, f) => n + f.count, 0);
      expect(sum(bobList.facets.verdict)).toBe(3);
      expect(sum(bobList.facets.lifecycle)).toBe(3);
      expect(sum(bobList.facets.system)).toBe(3);
      expect(sum(bobList.facets.owner)).toBe(3);
      // fraud-scoring is the only component alice owns herself.
      expect(bobList.facets.owner.map(f => f.value)).not.toContain(
        'user:default/alice',
      );
      expect(aliceList.facets.owner.map(f => f.value)).toContain(
        'user:default/alice',
      );
      // Its verdict (istio) is not counted for bob.
      const istio = (l: typeof bobList) =>
        l.facets.verdict.find(f => f.value === 'istio')?.count;
      expect(istio(aliceList)! - istio(bobList)!).toBe(1);
    });

    it.each([
      'q=fraud',
      'q=scoring',
      'owner=user:default/alice',
      'owner=USER:default/Alice',
      'verdict=istio&q=fraud',
      'system=system:default/checkout&q=fraud',
      'sort=-istio&q=fraud',
    ])('finds nothing of it for bob with %s', async query => {
      const [forBob, forAlice] = await Promise.all([
        get(`/v1/evaluations?${query}`, bob),
        get(`/v1/evaluations?${query}`, alice),
      ]);
      expect(forBob.status).toBe(200);
      expect(forBob.body.items).toEqual([]);
      expect(forBob.body.totalItems).toBe(0);
      expect(forBob.body.facets.verdict.every((f: any) => f.count === 0)).toBe(
        true,
      );
      expect(forBob.body.facets.owner).toEqual([]);
      expectNoSecrets(forBob.body);
      // alice finds it with the same query.
      expect(forAlice.body.items.map((i: any) => i.name)).toEqual([
        'fraud-scoring',
      ]);
    });

    it('never pages onto it for bob', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const res = await get(
          `/v1/evaluations?sort=name&limit=1${
            cursor ? `&cursor=${cursor}` : ''
          }`,
          bob,
        );
        expect(res.status).toBe(200);
        expect(res.body.totalItems).toBe(3);
        expectNoSecrets(res.body);
        seen.push(...res.body.items.map((i: any) => i.name));
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(['cart', 'payments', 'payments-sdk']);
    });
  });

  describe('GET /v1/systems/:namespace/:name/evaluation', () => {
    it('rolls checkout up for bob without it', async () => {
      const [forBob, forAlice] = await Promise.all([
        get('/v1/systems/default/checkout/evaluation', bob),
        get('/v1/systems/default/checkout/evaluation', alice),
      ]);
      expect(forBob.status).toBe(200);
      systemRollupSchema.parse(forBob.body);
      expectNoSecrets(forBob.body);
      expect(JSON.stringify(forAlice.body)).toContain('fraud-scoring');
    });

    it('answers bob for the hidden system exactly as for a missing one', async () => {
      const [h, m, a] = await Promise.all([
        get('/v1/systems/default/vault/evaluation', bob),
        get('/v1/systems/default/no-such-system/evaluation', bob),
        get('/v1/systems/default/vault/evaluation', alice),
      ]);
      expect(h.status).toBe(404);
      expect(m.status).toBe(404);
      expect(errorShape(h.body, [['vault', 'X']])).toEqual(
        errorShape(m.body, [['no-such-system', 'X']]),
      );
      expect(a.status).toBe(200);
    });
  });

  describe('MCP action evaluate-service-mesh-fit (actions registry over HTTP)', () => {
    it('is registered for AI assistants', async () => {
      const res = await request(backend.server)
        .get('/api/service-mesh/.backstage/actions/v1/actions')
        .set('Authorization', bob);
      expect(res.status).toBe(200);
      expect(res.body.actions.map((a: any) => a.id)).toContain(
        'service-mesh:evaluate-service-mesh-fit',
      );
    });

    it.each([
      ['component:default/fraud-scoring', 'component:default/no-such-thing'],
      ['fraud-scoring', 'no-such-thing'],
      ['Component:Default/Fraud-Scoring', 'Component:Default/No-Such-Thing'],
    ])(
      'answers bob for %s exactly as for a missing entity',
      async (hidden, missing) => {
        const [h, m] = await Promise.all([
          invokeAction(hidden, bob),
          invokeAction(missing, bob),
        ]);
        expect(h.status).toBe(404);
        expect(m.status).toBe(404);
        expect(errorShape(h.body, [['fraud-scoring', 'X']])).toEqual(
          errorShape(m.body, [['no-such-thing', 'X']]),
        );
      },
    );

    it('answers alice, its owner', async () => {
      const res = await invokeAction('component:default/fraud-scoring', alice);
      expect(res.status).toBe(200);
      expect(res.body.output).toEqual(
        expect.objectContaining({
          entityRef: 'component:default/fraud-scoring',
          verdict: 'istio',
        }),
      );
      expect(res.body.output.blockers.linkerd.length).toBeGreaterThan(0);
    });

    it('gives bob an evaluation of checkout parts without it', async () => {
      const res = await invokeAction('component:default/payments', bob);
      expect(res.status).toBe(200);
      expectNoSecrets(res.body);
    });

    it('refuses a ref with a control character before the catalog sees it', async () => {
      const res = await invokeAction('component:default/pay\u0000ments', bob);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('Invalid entityRef');
      expect(res.body.error.message).toContain('no control characters');
      expect(res.text).not.toContain('by-name');
    });
  });
});
