import type { Entity } from '@backstage/catalog-model';
import { evaluateEntity, parseMeshPolicy } from '..';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import { OVERHEAD_FIGURES } from '../facts/overhead';
import { ClusterObservation, evaluationSchema } from '../schema';

/** The data plane the evaluation picks drives the factors and the estimate (issues #13, #15). */

const policy = parseMeshPolicy(undefined);
const A = MESH_ANNOTATIONS;

function component(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

function observed(
  requests?: ClusterObservation['requests'],
): ClusterObservation {
  return {
    cluster: 'edge-1',
    observedAt: '2026-12-01T10:00:00.000Z',
    status: 'ok',
    workloads: [
      { kind: 'Deployment', namespace: 'shop', name: 'cart', replicas: 2 },
    ],
    pods: 2,
    dataPlanes: [],
    currentMesh: 'none',
    injection: [],
    protocols: [],
    ...(requests ? { requests } : {}),
  };
}

const factor = (
  e: ReturnType<typeof evaluateEntity>,
  mesh: string,
  id: string,
) => e.factors.find(f => f.mesh === mesh && f.id === id);

describe('ambient in the scoring and the estimate', () => {
  const annotations = { [A.replicas]: '4' };

  it('charges ztunnel per node, not an Envoy per pod, when edge picks ambient', () => {
    const edge = evaluateEntity(
      { entity: component({ ...annotations, [A.clusterProfile]: 'edge' }) },
      policy,
    );
    const large = evaluateEntity(
      { entity: component({ ...annotations, [A.clusterProfile]: 'large' }) },
      policy,
    );
    expect(edge.guidance.istio.mode).toBe('ambient');
    expect(edge.overhead.istio.mode).toBe('ambient');
    // 4 replicas on at most 4 nodes: 4 × ztunnel, no waypoint without L7 needs.
    expect(edge.overhead.istio.proxyCpuVcpu).toBeCloseTo(4 * 0.06);
    expect(edge.overhead.istio.proxyMemoryMiB).toBeCloseTo(4 * 12);
    expect(edge.overhead.istio.basis?.map(b => b.fact)).toEqual([
      OVERHEAD_FIGURES.istioZtunnel124.id,
      OVERHEAD_FIGURES.istioZtunnel124.id,
      OVERHEAD_FIGURES.istioAmbientL4122.id,
    ]);
    // The resource-budget charge is ambient's (mean of 0.3 CPU and 0.2 memory of sidecars), not a sidecar's −12.
    const charge = factor(edge, 'istio', 'resource-budget')!;
    expect(charge.points).toBe(-3);
    expect(charge.summary).toMatch(/ambient: ztunnel once per node/);
    expect(charge.facts).toContain(OVERHEAD_FIGURES.istioZtunnel124.id);
    expect(large.overhead.istio.mode).toBe('sidecar');
    expect(factor(large, 'istio', 'resource-budget')).toBeUndefined();
  });

  it('adds one waypoint where L7 needs exist, and says its hop is not in the latency figure', () => {
    const e = evaluateEntity(
      {
        entity: component({
          ...annotations,
          [A.clusterProfile]: 'edge',
          [A.needs]: 'retries',
        }),
      },
      policy,
    );
    expect(e.overhead.istio.proxyCpuVcpu).toBeCloseTo(4 * 0.06 + 0.25);
    expect(e.overhead.istio.proxyMemoryMiB).toBeCloseTo(4 * 12 + 60);
    expect(e.overhead.istio.basis?.map(b => b.fact)).toContain(
      OVERHEAD_FIGURES.istioWaypoint124.id,
    );
    expect(e.overhead.istio.label).toMatch(
      /waypoint's extra Envoy hop is not in it/,
    );
    // (0.49/0.8 + 108/240) / 2 of the edge weight 12.
    expect(factor(e, 'istio', 'resource-budget')!.points).toBe(-6);
  });

  it('names the harness of every figure and never sets the fortio microbenchmark beside the end-to-end one', () => {
    const e = evaluateEntity(
      { entity: component({ ...annotations, [A.clusterProfile]: 'edge' }) },
      policy,
    );
    for (const mesh of ['istio', 'linkerd'] as const) {
      const basis = e.overhead[mesh].basis ?? [];
      expect(basis.map(b => b.quantity).sort()).toEqual(
        expect.arrayContaining(['cpu', 'latency', 'memory']),
      );
      for (const b of basis) expect(b.harness.length).toBeGreaterThan(20);
    }
    const istioLatency = e.overhead.istio.basis!.filter(
      b => b.quantity === 'latency',
    );
    expect(istioLatency.map(b => b.harness).join()).toMatch(/fortio/);
    expect(istioLatency.map(b => b.harness).join()).not.toMatch(/Kinvolk/);
    expect(e.overhead.istio.label).toMatch(/not the end-to-end harness/);
  });

  it('says the Linkerd vCPU is derived and how', () => {
    const e = evaluateEntity({ entity: component(annotations) }, policy);
    const cpu = e.overhead.linkerd.basis!.find(b => b.quantity === 'cpu')!;
    expect(cpu).toMatchObject({
      fact: 'overhead:linkerd-proxy-vcpu-derived',
      derived: true,
    });
    expect(cpu.how).toMatch(/0\.20 vCPU .* × 36 ms \/ 67 ms/);
    expect(e.overhead.linkerd.label).toMatch(/derived, not published/);
    const memory = e.overhead.linkerd.basis!.find(
      b => b.quantity === 'memory',
    )!;
    expect(memory.derived).toBe(false);
  });

  it('cites the same-harness ambient benchmark in the latency factor when Istio runs ambient', () => {
    const edge = evaluateEntity(
      {
        entity: component({
          [A.clusterProfile]: 'edge',
          [A.latencyBudgetMs]: '15',
        }),
      },
      policy,
    );
    const istio = factor(edge, 'istio', 'latency-budget')!;
    expect(istio.facts).toEqual([OVERHEAD_FIGURES.linkerdVsIstio2025.id]);
    expect(istio.summary).toMatch(/ambient's p99 was 11\.2 ms above Linkerd's/);
    const standard = evaluateEntity(
      { entity: component({ [A.latencyBudgetMs]: '15' }) },
      policy,
    );
    expect(factor(standard, 'istio', 'latency-budget')!.facts).not.toContain(
      OVERHEAD_FIGURES.istioAmbientL4122.id,
    );
  });
});

describe('overhead as a share of the workload', () => {
  it('says what share of the observed requests each mesh adds and weighs it in the resource budget', () => {
    const small = evaluateEntity(
      {
        entity: component({ [A.clusterProfile]: 'large' }),
        observations: [
          observed({
            cpuMillicores: 250,
            memoryMiB: 64,
            proxyCpuMillicores: 0,
            proxyMemoryMiB: 0,
            from: 'Deployment shop/cart',
          }),
        ],
      },
      policy,
    );
    expect(() => evaluationSchema.parse(small)).not.toThrow();
    expect(small.requirements.workloadRequests?.value).toEqual({
      cpuMillicores: 250,
      memoryMiB: 64,
    });
    // Istio sidecar: 0.20 vCPU on a 0.25 vCPU pod, 60 MB on a 64 MiB pod.
    expect(small.overhead.istio.workloadShare).toMatchObject({
      cpu: 0.8,
      memory: 0.94,
    });
    expect(small.overhead.istio.workloadShare!.from).toMatch(
      /Deployment shop\/cart in cluster edge-1/,
    );
    expect(small.overhead.linkerd.workloadShare?.memory).toBeCloseTo(0.41, 2);
    expect(small.overhead.istio.label).toMatch(
      /80% of the CPU and 94% of the memory/,
    );
    const istio = factor(small, 'istio', 'workload-share')!;
    const linkerd = factor(small, 'linkerd', 'workload-share')!;
    expect(istio.axis).toBe('resource-budget');
    expect(istio.points).toBe(-9); // 94% of its memory × the weight 10
    expect(linkerd.points).toBe(-4); // 43% of its CPU (the derived figure)
    expect(istio.summary).toMatch(
      /94% of the memory the workload itself requests/,
    );
    expect(istio.evidence[0].kind).toBe('observed');

    const roomy = evaluateEntity(
      {
        entity: component({ [A.clusterProfile]: 'large' }),
        observations: [
          observed({
            cpuMillicores: 1000,
            memoryMiB: 512,
            proxyCpuMillicores: 0,
            proxyMemoryMiB: 0,
            from: 'Deployment shop/cart',
          }),
        ],
      },
      policy,
    );
    // A big pod barely notices its proxy: the charge shrinks with the share.
    expect(factor(roomy, 'istio', 'workload-share')!.points).toBe(-2); // 20% of its CPU
    expect(roomy.scores.istio - roomy.scores.linkerd).toBeGreaterThan(
      small.scores.istio - small.scores.linkerd,
    );
  });

  it('adds nothing when the requests are unknown', () => {
    const e = evaluateEntity(
      { entity: component(), observations: [observed()] },
      policy,
    );
    expect(e.requirements.workloadRequests).toBeUndefined();
    expect(e.overhead.istio.workloadShare).toBeUndefined();
    expect(e.factors.some(f => f.id === 'workload-share')).toBe(false);
  });
});
