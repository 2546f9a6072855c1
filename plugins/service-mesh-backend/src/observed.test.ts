import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  carol,
  KubernetesTestBackend,
  RecordedCluster,
  startKubernetesTestBackend,
  startRecordedCluster,
} from './__testUtils__/recordedCluster';
import { alice, bob, waitFor } from './__testUtils__/testBackend';

jest.setTimeout(180_000);

/**
 * Observed evidence end to end: the recorded cluster (prod-eu with Istio,
 * branch-01 with Linkerd), the real Kubernetes backend plugin reading it,
 * the scheduled observation, and the entity and clusters routes.
 */

const evaluationOf = (
  backend: KubernetesTestBackend,
  name: string,
  authorization = alice,
) =>
  request(backend.server)
    .get(`/api/service-mesh/v1/entities/component/default/${name}/evaluation`)
    .set('Authorization', authorization);

const observedSource = (body: any, input: string) =>
  body.requirements[input].sources.find((s: any) => s.kind === 'observed');

// The real Kubernetes backend loads @kubernetes/client-node with a dynamic
// `import()`, which jest's VM allows only with --experimental-vm-modules:
// `npm test` runs jest with it (scripts/mesh.mjs).
describe('observed evidence from the clusters', () => {
  let cluster: RecordedCluster;
  let backend: KubernetesTestBackend;

  beforeAll(async () => {
    cluster = await startRecordedCluster();
    backend = await startKubernetesTestBackend({ clusterUrl: cluster.url });
    await backend.runRefresh();
    await backend.runObservation();
    // The observation runs in the background; wait until the last component has its rows.
    const started = backend;
    for (const name of [
      'checkout-api',
      'cart-service',
      'promo-engine',
      'product-catalog',
      'fleet-analytics',
      'payment-gateway',
    ]) {
      let polls = 0;
      await waitFor(
        async () => {
          const res = await evaluationOf(started, name);
          const clusters: any[] = res.body.observed?.clusters ?? [];
          if (clusters.some(c => c.status === 'ok')) return true;
          // On a loaded machine a query can outlast the observer's timeout
          // and be stored as an error row: observe again.
          if (++polls % 25 === 0) {
            await started.runObservation().catch(() => {});
          }
          return undefined;
        },
        `the observation of ${name}`,
        300,
      );
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
  });

  it('sees the current mesh of a classic istio-proxy sidecar, naming the pod, cluster and time', async () => {
    const res = await evaluationOf(backend, 'checkout-api');
    expect(res.status).toBe(200);
    expect(res.body.requirements.currentMesh.value).toBe('istio');
    expect(observedSource(res.body, 'currentMesh').detail).toMatch(
      /^observed: Pod checkout\/checkout-api-6c6b5d7f4d-x2kq8 in cluster prod-eu at \d{4}-\d\d-\d\dT.* \(istio-sidecar\)$/,
    );
    expect(res.body.observed.clusters).toEqual([
      expect.objectContaining({
        cluster: 'prod-eu',
        status: 'ok',
        dataPlanes: ['istio-sidecar'],
        requests: expect.objectContaining({
          cpuMillicores: 250,
          proxyMemoryMiB: 128,
        }),
      }),
    ]);
    // Declared or observed, every deciding input counts fully in the confidence.
    expect(res.body.advice.map((a: any) => a.annotation)).not.toContain(
      'mesh-advisor.io/current-mesh',
    );
  });

  it('sees an istio-proxy native sidecar (init container, restartPolicy Always)', async () => {
    const res = await evaluationOf(backend, 'cart-service');
    expect(res.body.requirements.currentMesh.value).toBe('istio');
    expect(res.body.observed.clusters[0].dataPlanes).toEqual([
      'istio-native-sidecar',
    ]);
    expect(res.body.requirements.protocols.value).toEqual(['grpc']);
  });

  it('sees ambient enrolment, and takes the replicas from the HPA', async () => {
    const res = await evaluationOf(backend, 'promo-engine');
    expect(res.body.requirements.currentMesh.value).toBe('istio');
    expect(res.body.observed.clusters[0].dataPlanes).toEqual(['istio-ambient']);
    expect(res.body.requirements.replicas.value).toBe(9);
    expect(observedSource(res.body, 'replicas').detail).toContain(
      'HorizontalPodAutoscaler promotions/promo-engine (maxReplicas) in cluster prod-eu',
    );
  });

  it('sees linkerd-proxy in the Linkerd cluster', async () => {
    const res = await evaluationOf(backend, 'product-catalog');
    expect(res.body.requirements.currentMesh.value).toBe('linkerd');
    expect(observedSource(res.body, 'currentMesh').detail).toContain(
      'in cluster branch-01',
    );
  });

  it('makes an observed UDP port an outside-the-mesh note, as declared udp is', async () => {
    const res = await evaluationOf(backend, 'fleet-analytics');
    expect(res.body.requirements.protocols.value).toContain('udp');
    expect(
      res.body.diagnostics.some(
        (d: any) => d.value === 'udp' && /outside the mesh/.test(d.message),
      ),
    ).toBe(true);
    // The udp came from the Service port the cluster runs, named with it.
    expect(
      res.body.requirements.protocols.sources
        .filter((s: any) => s.kind === 'observed')
        .map((s: any) => s.detail),
    ).toContainEqual(
      expect.stringMatching(
        /^observed: Service analytics\/fleet-analytics .*8125\/UDP.* in cluster prod-eu at .*⇒ udp\)/,
      ),
    );
  });

  it('keeps a declaration the cluster contradicts, with a diagnostic', async () => {
    const res = await evaluationOf(backend, 'payment-gateway');
    expect(res.body.requirements.currentMesh.value).toBe('none');
    expect(res.body.requirements.currentMesh.sources[0].kind).toBe(
      'annotation',
    );
    const diagnostic = res.body.diagnostics.find(
      (d: any) => d.annotation === 'mesh-advisor.io/current-mesh',
    );
    expect(diagnostic.message).toContain(
      'Declares current-mesh none, but cluster prod-eu runs istio',
    );
    expect(diagnostic.fix).toBe('mesh-advisor.io/current-mesh: istio');
  });

  it('shows no observed input to a caller denied kubernetes.resources.read', async () => {
    const res = await evaluationOf(backend, 'checkout-api', carol);
    expect(res.status).toBe(200);
    expect(res.body.observed).toBeUndefined();
    expect(JSON.stringify(res.body.requirements)).not.toContain('observed');
    expect(res.body.requirements.currentMesh.value).toBe('none');

    const clusters = await request(backend.server)
      .get('/api/service-mesh/v1/clusters')
      .set('Authorization', carol);
    expect(clusters.status).toBe(403);
  });

  it('rolls observations up per cluster, for the entities the caller may read', async () => {
    await waitFor(async () => {
      const res = await request(backend.server)
        .get('/api/service-mesh/v1/clusters')
        .set('Authorization', alice);
      return res.body.clusters?.find((c: any) => c.name === 'prod-eu')
        ?.components.length >= 6
        ? true
        : undefined;
    }, 'the roll-up to list prod-eu');
    const res = await request(backend.server)
      .get('/api/service-mesh/v1/clusters')
      .set('Authorization', alice);
    expect(res.status).toBe(200);
    expect(res.body.clusters.map((c: any) => c.name)).toEqual([
      'branch-01',
      'prod-eu',
    ]);
    const prod = res.body.clusters.find((c: any) => c.name === 'prod-eu');
    const refs = prod.components.map((c: any) => c.entityRef);
    expect(refs).toContain('component:default/fraud-model');
    expect(prod.runs.istio).toBeGreaterThanOrEqual(4);
    expect(prod.proxyCost.running.proxyMemoryMiB).toBeGreaterThan(0);
    const checkout = prod.components.find(
      (c: any) => c.entityRef === 'component:default/checkout-api',
    );
    expect(checkout).toMatchObject({ runs: 'istio', replicas: 12 });

    // bob may not read the private fraud-model: not in his roll-up.
    const asBob = await request(backend.server)
      .get('/api/service-mesh/v1/clusters')
      .set('Authorization', bob);
    expect(asBob.status).toBe(200);
    expect(JSON.stringify(asBob.body)).not.toContain('fraud-model');
    expect(
      asBob.body.clusters.find((c: any) => c.name === 'prod-eu').components
        .length,
    ).toBe(prod.components.length - 1);

    const unauthenticated = await request(backend.server)
      .get('/api/service-mesh/v1/clusters')
      .set('Authorization', mockCredentials.none.header());
    expect(unauthenticated.status).toBe(401);
    const bad = await request(backend.server)
      .get('/api/service-mesh/v1/clusters?cluster=prod-eu')
      .set('Authorization', alice);
    expect(bad.status).toBe(400);
  });

  const dashboardRowOf = async (name: string, authorization: string) => {
    const res = await request(backend.server)
      .get(`/api/service-mesh/v1/evaluations?q=${name}&limit=50`)
      .set('Authorization', authorization);
    expect(res.status).toBe(200);
    return res.body.items.find((i: any) => i.name === name);
  };
  const headline = (body: any) => ({
    verdict: body.verdict,
    scores: { istio: body.scores.istio, linkerd: body.scores.linkerd },
    confidence: body.confidence,
  });

  it('shows an allowed caller the same verdict, scores and confidence on the dashboard row as on the card, and counts by them', async () => {
    const card = await evaluationOf(backend, 'checkout-api');
    expect(card.status).toBe(200);
    // The rows are re-evaluated after each observation run.
    const row = await waitFor(async () => {
      const r = await dashboardRowOf('checkout-api', alice);
      return r &&
        JSON.stringify(headline(r)) === JSON.stringify(headline(card.body))
        ? r
        : undefined;
    }, "checkout-api's dashboard row to take the observations in");
    expect(headline(row)).toEqual(headline(card.body));
    expect(row.currentMesh).toBe('istio');

    // The verdict counts and filters use the same row.
    const filtered = await request(backend.server)
      .get(
        `/api/service-mesh/v1/evaluations?q=checkout-api&verdict=${card.body.verdict}`,
      )
      .set('Authorization', alice);
    expect(filtered.body.items.map((i: any) => i.name)).toContain(
      'checkout-api',
    );
    expect(
      filtered.body.facets.verdict.find(
        (f: any) => f.value === card.body.verdict,
      ).count,
    ).toBeGreaterThanOrEqual(1);
    // The clusters roll-up names the same verdict.
    const clusters = await request(backend.server)
      .get('/api/service-mesh/v1/clusters')
      .set('Authorization', alice);
    const inProd = clusters.body.clusters
      .find((c: any) => c.name === 'prod-eu')
      .components.find(
        (c: any) => c.entityRef === 'component:default/checkout-api',
      );
    expect(inProd.verdict).toBe(card.body.verdict);
  });

  it('shows a caller denied kubernetes.resources.read the catalog-only row, as their card', async () => {
    const card = await evaluationOf(backend, 'checkout-api', carol);
    const row = await dashboardRowOf('checkout-api', carol);
    expect(headline(row)).toEqual(headline(card.body));
    expect(row.currentMesh).toBe('none');
    // The observed evaluation differs, so carol's row is not the observed one.
    const allowedRow = await dashboardRowOf('checkout-api', alice);
    expect(headline(row)).not.toEqual(headline(allowedRow));
  });

  it('answers at once while a cluster hangs, then says the cluster could not be observed', async () => {
    await cluster.setMode('prod-eu', 'hang');
    try {
      await backend.runObservation();
      // The route reads stored rows only: it answers while the cluster hangs.
      const during = await evaluationOf(backend, 'checkout-api');
      expect(during.status).toBe(200);

      // After the observation's timeout, the stored row says what failed.
      const after = await waitFor(async () => {
        const res = await evaluationOf(backend, 'checkout-api');
        return res.body.diagnostics?.some((d: any) =>
          /could not be observed/.test(d.message),
        )
          ? res
          : undefined;
      }, 'the hung cluster to be recorded');
      expect(after.status).toBe(200);
      expect(after.body.requirements.currentMesh.sources[0].kind).not.toBe(
        'observed',
      );
    } finally {
      await cluster.setMode('prod-eu', 'ok');
    }
  });
});

describe('observed evidence without the Kubernetes plugin', () => {
  let backend: KubernetesTestBackend;

  beforeAll(async () => {
    backend = await startKubernetesTestBackend({ kubernetes: false });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('still evaluates, with a diagnostic instead of observed inputs', async () => {
    await backend.runObservation();
    const res = await waitFor(async () => {
      const r = await evaluationOf(backend, 'checkout-api');
      return r.body.diagnostics?.some((d: any) =>
        /Kubernetes plugin could not be observed/.test(d.message),
      )
        ? r
        : undefined;
    }, 'the observation to record the missing plugin');
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBeDefined();
    expect(res.body.requirements.currentMesh.sources[0].kind).toBe('default');
  });
});
