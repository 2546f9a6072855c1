import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  domainEntityRef,
  evaluateEntity,
  EvaluationContext,
  evaluationSchema,
  parseMeshPolicy,
  relatedEntityRefs,
  listEvaluationsResponseSchema,
  systemRollupSchema,
} from '@mesh-advisor/plugin-service-mesh-common';
import { Server } from 'node:http';
import request from 'supertest';
import {
  alice,
  bob,
  refreshAndWaitForList,
  MeshTestBackend,
  startMeshTestBackend,
} from './__testUtils__/testBackend';

describe('service-mesh backend plugin, on a real catalog', () => {
  let backend: MeshTestBackend;
  let server: Server;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    // The real catalog fed src/__fixtures__/catalog.yaml, the private-entities
    // policy (fraud-scoring readable only by alice), and this plugin. Resolves
    // once the catalog has ingested the fixture.
    backend = await startMeshTestBackend();
    server = backend.server;
    stop = () => backend.stop();
  }, 60_000);

  afterAll(async () => {
    await stop?.();
  });

  describe('GET /v1/entities/:kind/:namespace/:name/evaluation', () => {
    it('evaluates a component with what the catalog knows about it', async () => {
      const res = await request(server)
        .get(
          '/api/service-mesh/v1/entities/component/default/payments/evaluation',
        )
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      const evaluation = evaluationSchema.parse(res.body);
      expect(evaluation.entityRef).toBe('component:default/payments');
      // external-authz and jwt-auth are Istio-only: Linkerd is blocked.
      expect(evaluation.verdict).toBe('istio');
      expect(evaluation.blockers.linkerd.length).toBeGreaterThan(0);
      // Inherited from the owner group, the domain, the API and the resource.
      expect(evaluation.requirements.opsCapacity.value).toBe('dedicated');
      expect(evaluation.requirements.clusterProfile.value).toBe('large');
      expect(evaluation.requirements.protocols.value).toEqual(
        expect.arrayContaining(['grpc']),
      );
      expect(evaluation.requirements.egressDestinations.value).toContain(
        'resource:default/payments-db',
      );
    });

    it('reports a typo in an annotation as a diagnostic, not an error', async () => {
      const res = await request(server)
        .get('/api/service-mesh/v1/entities/component/default/cart/evaluation')
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      const diagnostic = res.body.diagnostics.find(
        (d: any) => d.annotation === 'mesh-advisor.io/needs',
      );
      expect(diagnostic.message).toContain('retires');
      expect(diagnostic.suggestion).toBe('retries');
    });

    it.each([
      ['no credentials', mockCredentials.none.header()],
      ['an invalid token', mockCredentials.user.invalidHeader()],
    ])('answers 401 with %s', async (_, header) => {
      for (const route of [
        '/v1/entities/component/default/payments/evaluation',
        '/v1/evaluations',
        '/v1/systems/default/checkout/evaluation',
        '/v1/capabilities',
        '/v1/clusters',
      ]) {
        const res = await request(server)
          .get(`/api/service-mesh${route}`)
          .set('Authorization', header);
        expect(res.status).toBe(401);
      }
      const res = await request(server)
        .post('/api/service-mesh/v1/evaluate')
        .set('Authorization', header)
        .send({});
      expect(res.status).toBe(401);
    });

    it.each(['payments', 'cart', 'payments-sdk'])(
      'evaluates %s exactly as from its whole catalog entities (the fields it reads are enough)',
      async name => {
        // The route reads only EVALUATION_FIELDS; evaluating the entities as
        // the catalog holds them in full must give the same evaluation.
        const whole = async (ref: string) => {
          const { kind, namespace, name: n } = parseEntityRef(ref);
          const res = await request(server)
            .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${n}`)
            .set('Authorization', alice);
          return res.status === 200 ? (res.body as Entity) : undefined;
        };
        const entity = (await whole(`component:default/${name}`))!;
        const refs = relatedEntityRefs(entity);
        const system = refs.system ? await whole(refs.system) : undefined;
        const domainRef = system ? domainEntityRef(system) : undefined;
        const context = {
          entity,
          owner: refs.owner ? await whole(refs.owner) : undefined,
          system,
          domain: domainRef ? await whole(domainRef) : undefined,
          apis: (await Promise.all(refs.apis.map(whole))).filter(Boolean),
          resources: (await Promise.all(refs.resources.map(whole))).filter(
            Boolean,
          ),
        } as EvaluationContext;
        expect(context.owner).toBeDefined();

        const res = await request(server)
          .get(
            `/api/service-mesh/v1/entities/component/default/${name}/evaluation`,
          )
          .set('Authorization', alice);

        expect(res.status).toBe(200);
        // As the caller receives it: JSON (computed fields included).
        expect(res.body).toEqual(
          JSON.parse(
            JSON.stringify(
              evaluateEntity(context, parseMeshPolicy({ margin: 5 })),
            ),
          ),
        );
      },
    );

    it('answers the same when the entity is read again with its remembered related refs', async () => {
      const url =
        '/api/service-mesh/v1/entities/component/default/cart/evaluation';
      const first = await request(server).get(url).set('Authorization', alice);
      const second = await request(server).get(url).set('Authorization', alice);
      expect(first.status).toBe(200);
      expect(second.body).toEqual(first.body);
    });

    it('never shows a hidden entity because its refs were remembered for its owner', async () => {
      const url =
        '/api/service-mesh/v1/entities/component/default/fraud-scoring/evaluation';
      expect(
        (await request(server).get(url).set('Authorization', alice)).status,
      ).toBe(200);
      const hidden = await request(server).get(url).set('Authorization', bob);
      expect(hidden.status).toBe(404);
      expect(JSON.stringify(hidden.body)).not.toContain('wasm');
    });

    it('answers the same 404 for a missing entity and one the caller may not read', async () => {
      const missing = await request(server)
        .get(
          '/api/service-mesh/v1/entities/component/default/no-such-thing/evaluation',
        )
        .set('Authorization', bob);
      const hidden = await request(server)
        .get(
          '/api/service-mesh/v1/entities/component/default/fraud-scoring/evaluation',
        )
        .set('Authorization', bob);
      expect(missing.status).toBe(404);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.name).toBe(missing.body.error.name);
      expect(hidden.body.error.message.replace('fraud-scoring', 'X')).toBe(
        missing.body.error.message.replace('no-such-thing', 'X'),
      );

      const owner = await request(server)
        .get(
          '/api/service-mesh/v1/entities/component/default/fraud-scoring/evaluation',
        )
        .set('Authorization', alice);
      expect(owner.status).toBe(200);
      expect(owner.body.blockers.linkerd.length).toBeGreaterThan(0); // wasm-extensions
    });
  });

  describe('POST /v1/evaluate', () => {
    const draft = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'new-service',
        annotations: { 'mesh-advisor.io/needs': 'mtls, retries' },
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/platform',
        system: 'checkout',
      },
    };

    it('evaluates an entity that is not in the catalog, resolving the refs it names', async () => {
      const res = await request(server)
        .post('/api/service-mesh/v1/evaluate')
        .set('Authorization', alice)
        .send({ entity: draft });
      expect(res.status).toBe(200);
      const evaluation = evaluationSchema.parse(res.body);
      expect(evaluation.entityRef).toBe('component:default/new-service');
      expect(evaluation.requirements.opsCapacity.value).toBe('dedicated'); // from group:default/platform
    });

    it('applies what-if overrides', async () => {
      const res = await request(server)
        .post('/api/service-mesh/v1/evaluate')
        .set('Authorization', alice)
        .send({
          entity: draft,
          overrides: { needs: ['mtls', 'wasm-extensions'] },
        });
      expect(res.status).toBe(200);
      expect(res.body.verdict).toBe('istio');
      expect(res.body.blockers.linkerd.length).toBeGreaterThan(0);
    });

    it.each([
      ['no entity', {}, /entity/],
      [
        'an entity without a name',
        { entity: { ...draft, metadata: {} } },
        /entity\.metadata\.name/,
      ],
      [
        'a wrong override type',
        { entity: draft, overrides: { replicas: 'many' } },
        /overrides\.replicas/,
      ],
      [
        'an unknown override',
        { entity: draft, overrides: { colour: 'red' } },
        /colour/,
      ],
    ])('answers 400 naming the problem for %s', async (_, body, message) => {
      const res = await request(server)
        .post('/api/service-mesh/v1/evaluate')
        .set('Authorization', alice)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const res = await request(server)
        .post('/api/service-mesh/v1/evaluate')
        .set('Authorization', alice)
        .set('Content-Type', 'application/json')
        .send('{"entity": ');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/not valid JSON/);
    });

    it('answers 413 for a body over 1 MiB', async () => {
      const res = await request(server)
        .post('/api/service-mesh/v1/evaluate')
        .set('Authorization', alice)
        .send({
          entity: {
            ...draft,
            metadata: { name: 'big', description: 'x'.repeat(1024 * 1024) },
          },
        });
      expect(res.status).toBe(413);
      expect(res.body.error.message).toMatch(/limit is 1048576 bytes/);
    });
  });

  describe('stored evaluations: refresh and GET /v1/evaluations', () => {
    beforeAll(async () => {
      await refreshAndWaitForList(backend, 4);
    }, 30_000);

    it('stores every component of the catalog, paging through it', async () => {
      const res = await request(server)
        .get('/api/service-mesh/v1/evaluations?sort=name')
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      const list = listEvaluationsResponseSchema.parse(res.body);
      expect(list.items.map(i => i.name)).toEqual([
        'cart',
        'fraud-scoring',
        'payments',
        'payments-sdk',
      ]);
      expect(list.items.find(i => i.name === 'payments-sdk')?.verdict).toBe(
        'none',
      );
    });

    it('filters, sorts and pages with an opaque cursor', async () => {
      const first = await request(server)
        .get('/api/service-mesh/v1/evaluations?sort=name&limit=3')
        .set('Authorization', alice);
      expect(first.body.items).toHaveLength(3);
      expect(first.body.totalItems).toBe(4);
      const second = await request(server)
        .get(
          `/api/service-mesh/v1/evaluations?sort=name&limit=3&cursor=${first.body.nextCursor}`,
        )
        .set('Authorization', alice);
      expect(second.body.items.map((i: any) => i.name)).toEqual([
        'payments-sdk',
      ]);
      expect(second.body.nextCursor).toBeUndefined();

      const istio = await request(server)
        .get('/api/service-mesh/v1/evaluations?verdict=istio&q=pay')
        .set('Authorization', alice);
      expect(istio.body.items.map((i: any) => i.name)).toEqual(['payments']);
    });

    it('hides what the caller may not read from the list, the totals and the facets', async () => {
      const res = await request(server)
        .get('/api/service-mesh/v1/evaluations')
        .set('Authorization', bob);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: any) => i.name)).not.toContain(
        'fraud-scoring',
      );
      expect(res.body.totalItems).toBe(3);
      const verdictTotal = res.body.facets.verdict.reduce(
        (n: number, f: any) => n + f.count,
        0,
      );
      expect(verdictTotal).toBe(3);
      expect(JSON.stringify(res.body)).not.toContain('fraud-scoring');
    });

    it.each([
      ['verdict=maybe', /verdict/],
      ['limit=5000', /limit/],
      ['sort=colour', /sort/],
      ['cursor=not-a-cursor', /cursor/],
      ['unknown=1', /unknown/],
    ])('answers 400 for %s', async (query, message) => {
      const res = await request(server)
        .get(`/api/service-mesh/v1/evaluations?${query}`)
        .set('Authorization', alice);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });
  });

  describe('GET /v1/systems/:namespace/:name/evaluation', () => {
    it('rolls the system up, naming the component that forces the verdict', async () => {
      const res = await request(server)
        .get('/api/service-mesh/v1/systems/default/checkout/evaluation')
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      const rollup = systemRollupSchema.parse(res.body);
      expect(rollup.verdict).toBe('istio');
      expect(rollup.forcing.map(f => f.entityRef)).toEqual(
        expect.arrayContaining([
          'component:default/payments',
          'component:default/fraud-scoring',
        ]),
      );
    });

    it('leaves out components the caller may not read', async () => {
      const res = await request(server)
        .get('/api/service-mesh/v1/systems/default/checkout/evaluation')
        .set('Authorization', bob);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain('fraud-scoring');
    });

    it('answers 404 for an unknown system', async () => {
      const res = await request(server)
        .get('/api/service-mesh/v1/systems/default/nope/evaluation')
        .set('Authorization', alice);
      expect(res.status).toBe(404);
    });
  });

  describe('GET /v1/capabilities', () => {
    it('lists the sourced facts with the rules version', async () => {
      const res = await request(server)
        .get('/api/service-mesh/v1/capabilities')
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(res.body.rulesVersion).toEqual(expect.any(String));
      const wasm = res.body.capabilities.find(
        (c: any) => c.capability === 'wasm-extensions' && c.mesh === 'linkerd',
      );
      expect(wasm.support).toBe('none');
      // Only the seed article says so: published, but labelled unverified.
      expect(wasm).toMatchObject({
        verified: false,
        claimedBy: 'seed-article',
      });
      // A verified fact always links to the mesh's own docs, notes or source.
      for (const fact of res.body.capabilities.filter((c: any) => c.verified)) {
        const urls = fact.sources.map((source: any) => source.url);
        expect({
          id: fact.id,
          linked: urls.some((u: string) => /^https:\/\//.test(u)),
        }).toEqual({
          id: fact.id,
          linked: true,
        });
      }
    });

    it('publishes every fact the evaluator decides with, each with sources, minVersion and verified', async () => {
      const res = await request(server)
        .get('/api/service-mesh/v1/capabilities')
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      const facts: any[] = res.body.facts;
      const byId = new Map(facts.map(f => [f.id, f]));
      expect(new Set(facts.map(f => f.kind))).toEqual(
        new Set(['capability', 'protocol', 'operations', 'overhead']),
      );
      // Operations and overhead facts the scoring cites are published too.
      expect(byId.get('ops:istio:proxy')).toMatchObject({
        kind: 'operations',
        verified: true,
      });
      expect(byId.get('overhead:istio-1.24-ztunnel')).toMatchObject({
        kind: 'overhead',
        minVersion: '1.24',
        verified: true,
      });
      // A figure computed from others is published as derived and unverified.
      const derived = byId.get('overhead:linkerd-proxy-vcpu-derived');
      expect(derived.verified).toBe(false);
      expect(derived.fact.derived.how).toMatch(/36 ms \/ 67 ms/);
      // Every fact an evaluation cites is in the list.
      const evaluation = await request(server)
        .get('/api/service-mesh/v1/entities/component/default/payments/evaluation')
        .set('Authorization', alice);
      expect(evaluation.status).toBe(200);
      const cited = [
        ...evaluation.body.factors.flatMap((f: any) => f.facts),
        ...evaluation.body.overhead.istio.basis.map((b: any) => b.fact),
        ...evaluation.body.overhead.linkerd.basis.map((b: any) => b.fact),
      ];
      expect(cited.length).toBeGreaterThan(0);
      expect(cited.filter((id: string) => !byId.has(id))).toEqual([]);
      for (const fact of facts) {
        expect(fact.sources.length).toBeGreaterThan(0);
        expect(typeof fact.verified).toBe('boolean');
      }
    });
  });
});
