import type { Entity } from '@backstage/catalog-model';
import { evaluateEntity, parseMeshPolicy, proxyCost } from '..';
import { ClusterObservation, evaluationSchema } from '../schema';

const policy = parseMeshPolicy(undefined);

function component(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

function observation(
  over: Partial<ClusterObservation> = {},
): ClusterObservation {
  return {
    cluster: 'prod-eu',
    observedAt: '2026-12-01T10:00:00.000Z',
    status: 'ok',
    workloads: [
      { kind: 'Deployment', namespace: 'shop', name: 'cart', replicas: 3 },
    ],
    pods: 1,
    dataPlanes: ['istio-sidecar'],
    currentMesh: 'istio',
    currentMeshFrom: 'Pod shop/cart-7d9-x2kq8',
    injection: [],
    replicas: {
      value: 7,
      from: 'HorizontalPodAutoscaler shop/cart (maxReplicas)',
    },
    protocols: [
      {
        protocol: 'grpc',
        from: 'Service shop/cart port grpc-cart 7070/TCP',
        via: 'port name',
      },
    ],
    ...over,
  };
}

describe('observed evidence', () => {
  it('replaces defaults with what the cluster runs, naming the object, cluster and time', () => {
    const bare = evaluateEntity({ entity: component() }, policy);
    const seen = evaluateEntity(
      { entity: component(), observations: [observation()] },
      policy,
    );
    expect(bare.requirements.currentMesh.value).toBe('none');
    expect(seen.requirements.currentMesh.value).toBe('istio');
    expect(seen.requirements.currentMesh.sources[0]).toEqual({
      kind: 'observed',
      ref: 'component:default/cart',
      detail:
        'observed: Pod shop/cart-7d9-x2kq8 in cluster prod-eu at 2026-12-01T10:00:00.000Z (istio-sidecar)',
    });
    expect(seen.requirements.replicas.value).toBe(7);
    expect(seen.requirements.protocols.value).toEqual(['grpc']);
    // Observed counts as declared in the confidence.
    expect(seen.confidence).toBeGreaterThan(bare.confidence);
    expect(seen.observed?.clusters).toHaveLength(1);
    expect(evaluationSchema.safeParse(seen).success).toBe(true);
  });

  it('keeps a declaration the cluster contradicts, with a diagnostic naming both', () => {
    const evaluation = evaluateEntity(
      {
        entity: component({ 'mesh-advisor.io/current-mesh': 'none' }),
        observations: [observation()],
      },
      policy,
    );
    expect(evaluation.requirements.currentMesh.value).toBe('none');
    const diagnostic = evaluation.diagnostics.find(
      d => d.annotation === 'mesh-advisor.io/current-mesh',
    );
    expect(diagnostic?.severity).toBe('warning');
    expect(diagnostic?.message).toContain('cluster prod-eu runs istio');
    expect(diagnostic?.fix).toBe('mesh-advisor.io/current-mesh: istio');
  });

  it('treats an observed UDP port like declared udp: outside the mesh', () => {
    const evaluation = evaluateEntity(
      {
        entity: component(),
        observations: [
          observation({
            protocols: [
              {
                protocol: 'udp',
                from: 'Service shop/cart port statsd 8125/UDP',
                via: 'protocol',
              },
            ],
          }),
        ],
      },
      policy,
    );
    expect(evaluation.requirements.protocols.value).toEqual(['udp']);
    expect(
      evaluation.diagnostics.some(
        d => d.value === 'udp' && /outside the mesh/.test(d.message),
      ),
    ).toBe(true);
  });

  it('turns a failed cluster into a diagnostic and no observed input', () => {
    const evaluation = evaluateEntity(
      {
        entity: component(),
        observations: [
          observation({
            status: 'error',
            error: 'timed out after 5000 ms',
            currentMesh: undefined,
            replicas: undefined,
            protocols: [],
          }),
        ],
      },
      policy,
    );
    expect(evaluation.requirements.currentMesh.sources[0].kind).toBe('default');
    expect(evaluation.diagnostics.map(d => d.message).join()).toContain(
      'Cluster prod-eu could not be observed',
    );
  });

  it('prices ambient pods without sidecars', () => {
    const sidecars = proxyCost('istio', ['istio-sidecar'], 10);
    const ambient = proxyCost('istio', ['istio-ambient'], 10);
    expect(ambient.proxyMemoryMiB).toBeLessThan(sidecars.proxyMemoryMiB);
    expect(proxyCost('none', [], 10).proxyCpuVcpu).toBe(0);
  });
});
