import { parse } from 'yaml';
import { evaluateEntity, parseMeshPolicy } from '..';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import { component } from '../__fixtures__/entities';
import type { Evaluation } from '../schema';

const policy = parseMeshPolicy(undefined);
const A = MESH_ANNOTATIONS;

function evaluate(
  annotations: Record<string, string>,
  spec: Record<string, unknown> = {},
  p = policy,
): Evaluation {
  return evaluateEntity({ entity: component('svc', annotations, spec) }, p);
}
const manifest = (e: Evaluation, mesh: 'istio' | 'linkerd', kind: string) =>
  e.guidance[mesh].manifests.find(m => m.kind === kind);
const stepText = (e: Evaluation, mesh: 'istio' | 'linkerd') =>
  e.guidance[mesh].steps.map(s => `${s.title}: ${s.detail}`).join('\n');

describe('Linkerd routes follow the Linkerd release', () => {
  it('by default (Linkerd 2.20) writes v1 routes and says to install the Gateway API CRDs', () => {
    const e = evaluate({ [A.needs]: 'retries, timeouts' });
    expect(manifest(e, 'linkerd', 'HTTPRoute')!.apiVersion).toBe(
      'gateway.networking.k8s.io/v1',
    );
    const text = stepText(e, 'linkerd');
    expect(text).toMatch(/Install the Gateway API CRDs/);
    expect(text).toMatch(
      /gateway-api\/releases\/download\/v1\.5\.0\/standard-install\.yaml/,
    );
    expect(text).toMatch(/v1beta1/);
  });

  it('for Linkerd 2.16/2.17 writes HTTPRoute v1beta1 and GRPCRoute v1alpha2', () => {
    const old = parseMeshPolicy({ targets: { linkerd: '2.17' } });
    const http = evaluate({ [A.needs]: 'retries' }, {}, old);
    expect(manifest(http, 'linkerd', 'HTTPRoute')!.apiVersion).toBe(
      'gateway.networking.k8s.io/v1beta1',
    );
    expect(parse(manifest(http, 'linkerd', 'HTTPRoute')!.yaml).apiVersion).toBe(
      'gateway.networking.k8s.io/v1beta1',
    );
    const grpc = evaluate(
      { [A.needs]: 'retries', [A.protocols]: 'grpc' },
      {},
      old,
    );
    const route = manifest(grpc, 'linkerd', 'GRPCRoute')!;
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1alpha2');
    expect(
      parse(route.yaml).metadata.annotations['retry.linkerd.io/grpc'],
    ).toBe('unavailable');
    // Before 2.19 linkerd install --crds brings the Gateway API itself.
    expect(stepText(http, 'linkerd')).not.toMatch(
      /Install the Gateway API CRDs first/,
    );
  });

  it('Istio ambient says to install the Gateway API CRDs', () => {
    const e = evaluate({ [A.clusterProfile]: 'edge' });
    expect(e.guidance.istio.mode).toBe('ambient');
    expect(stepText(e, 'istio')).toMatch(/Install the Gateway API CRDs/);
  });
});

describe('ambient telemetry', () => {
  it('HTTP golden metrics and tracing get a waypoint in ambient mode (ztunnel is TCP-only)', () => {
    for (const need of ['golden-metrics', 'distributed-tracing']) {
      const e = evaluate({ [A.needs]: need, [A.clusterProfile]: 'edge' });
      expect(e.guidance.istio.mode).toBe('ambient');
      expect(
        e.guidance.istio.manifests.some(
          m => m.kind === 'Gateway' && m.yaml.includes('istio-waypoint'),
        ),
      ).toBe(true);
      expect(stepText(e, 'istio')).toMatch(/ztunnel reports TCP metrics only/);
      expect(e.overhead.istio.label).toMatch(/waypoint/);
    }
  });
});

describe('Linkerd policy onboarding refuses no caller on day one', () => {
  it('puts the Server in audit, and says how and when to switch to deny', () => {
    const e = evaluate({ [A.needs]: 'mtls' });
    const server = parse(manifest(e, 'linkerd', 'Server')!.yaml);
    // Without accessPolicy a Server denies every caller no policy authorizes.
    expect(server.spec.accessPolicy).toBe('audit');
    const text = stepText(e, 'linkerd');
    expect(text).toMatch(/ingress controller/);
    expect(text).toMatch(/NetworkAuthentication/);
    expect(text).toMatch(/set the Server's accessPolicy to deny/);
    // The old advice had no effect on a port with a Server.
    expect(text).not.toMatch(/Try config\.linkerd\.io\/default-inbound-policy/);
  });

  it('names the callers the catalog knows: consumers of the APIs it provides', () => {
    const entity = component('svc', { [A.needs]: 'mtls' });
    entity.relations = [
      { type: 'providesApi', targetRef: 'api:default/svc-api' },
    ];
    const api = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'svc-api', namespace: 'default' },
      spec: { type: 'openapi', lifecycle: 'production', owner: 'team' },
      relations: [
        { type: 'apiProvidedBy', targetRef: 'component:default/svc' },
        { type: 'apiConsumedBy', targetRef: 'component:default/cart' },
        { type: 'apiConsumedBy', targetRef: 'component:default/checkout' },
      ],
    };
    const e = evaluateEntity({ entity, apis: [api] }, policy);
    expect(stepText(e, 'linkerd')).toContain(
      'the catalog says component:default/cart, component:default/checkout call it',
    );
  });
});

describe('Istio ambient egress goes through an egress waypoint', () => {
  const ambientEgress = () =>
    evaluateEntity(
      {
        entity: component('svc', {
          [A.needs]: 'egress-control',
          [A.clusterProfile]: 'edge',
        }),
        resources: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: { name: 'payments-db', namespace: 'default' },
            spec: { type: 'database', owner: 'team' },
          },
        ],
      },
      policy,
    );

  it('emits a waypoint, a ServiceEntry that uses it and an AuthorizationPolicy on it, never REGISTRY_ONLY alone', () => {
    const e = evaluate(
      { [A.needs]: 'egress-control', [A.clusterProfile]: 'edge' },
      { dependsOn: ['resource:default/payments-db'] },
    );
    const manifests = e.guidance.istio.manifests.map(m => parse(m.yaml));
    const waypoint = manifests.find(
      m => m.kind === 'Gateway' && m.metadata.namespace === 'istio-egress',
    );
    expect(waypoint?.spec.gatewayClassName).toBe('istio-waypoint');
    const entry = manifests.find(m => m.kind === 'ServiceEntry');
    expect(entry?.metadata.labels['istio.io/use-waypoint']).toBe('waypoint');
    expect(entry?.metadata.namespace).toBe('istio-egress');
    const policyOnEntry = manifests.find(
      m =>
        m.kind === 'AuthorizationPolicy' &&
        m.spec.targetRefs?.[0]?.kind === 'ServiceEntry',
    );
    expect(policyOnEntry?.spec.targetRefs[0].name).toBe(entry?.metadata.name);
    const text = stepText(e, 'istio');
    expect(text).toMatch(/not an outbound firewall/);
    expect(text).toMatch(/not a security boundary/);
    expect(text).not.toMatch(/^Set meshConfig\.outboundTrafficPolicy/m);
    expect(ambientEgress().guidance.istio.manifests.length).toBeGreaterThan(0);
  });

  it('Linkerd egress says the same about security boundaries', () => {
    const e = evaluate({ [A.needs]: 'egress-control' });
    expect(stepText(e, 'linkerd')).toMatch(/not a security boundary/);
  });
});
