import { z } from 'zod';
import { CapabilityId } from './capabilityIds';
import type { CapabilityFactId } from './factIds';
import { FACT_SOURCES as S } from './sources';

/**
 * The capability facts as data: one record per capability and mesh. The evaluator reads support levels from here only, so a new
 * Linkerd release is a data change (and a new RULES_VERSION), not a code
 * change.
 */

/** A source a fact cites: its title, address and, when known, its date. @public */
export const factSourceSchema = z.object({
  title: z.string(),
  url: z.string(),
  date: z.string().optional(),
});

/**
 * Who makes a claim when no primary source backs it: `seed-article` is the
 * blog post the project started from. Such facts are never `verified`.
 *
 * @public
 */
export const FACT_CLAIMANTS = ['seed-article'] as const;

/** Validates a support level: `native`, `partial` or `none`. @public */
export const supportLevelSchema = z.enum(['native', 'partial', 'none']);
/** How well a mesh supports a capability or protocol. @public */
export type SupportLevel = z.infer<typeof supportLevelSchema>;

/**
 * One capability of one mesh, with where the fact comes from.
 *
 * @public
 */
export const capabilityFactSchema = z.object({
  /** Stable id used in `Factor.facts` and `Finding.facts`, e.g. `capability:linkerd:rate-limiting`. */
  id: z.string(),
  capability: z.string(),
  mesh: z.enum(['istio', 'linkerd']),
  support: supportLevelSchema,
  /** The oldest release that has it, when the source says. */
  minVersion: z.string().optional(),
  /** The resource or API that implements it. */
  resource: z.string().optional(),
  note: z.string(),
  sources: z.array(factSourceSchema).min(1),
  /** false when no primary source (the mesh's docs, source or release notes) backs it. */
  verified: z.boolean(),
  /** Set when only this claimant makes the claim (e.g. `seed-article`): not verified. */
  claimedBy: z.enum(FACT_CLAIMANTS).optional(),
  /**
   * Istio only: how the capability fares in ambient mode, when that differs
   * from sidecar mode (alpha, or not supported there).
   */
  ambient: z
    .object({
      support: supportLevelSchema,
      note: z.string(),
      sources: z.array(factSourceSchema).min(1),
    })
    .optional(),
});
/** One capability of one mesh (see {@link capabilityFactSchema}). @public */
export type CapabilityFact = z.infer<typeof capabilityFactSchema>;

type Row = Omit<
  CapabilityFact,
  'id' | 'capability' | 'mesh' | 'verified' | 'claimedBy'
> & {
  verified?: boolean;
};

/**
 * A fact whose only source is the seed article is that article's claim:
 * unverified and labelled so. @internal
 */
export function provenance(
  sources: ReadonlyArray<{ url: string }>,
  verified: boolean | undefined,
): { verified: boolean; claimedBy?: 'seed-article' } {
  const seedOnly = sources.every(s => s.url === S.seed.url);
  if (seedOnly) return { verified: false, claimedBy: 'seed-article' };
  return { verified: verified ?? true };
}

/** A capability fact whose id is typed (`capability:<mesh>:<capability>`). @public */
export type TypedCapabilityFact = CapabilityFact & { id: CapabilityFactId };

function pair(
  capability: CapabilityId,
  istio: Row,
  linkerd: Row,
): TypedCapabilityFact[] {
  return [
    {
      id: `capability:istio:${capability}`,
      capability,
      mesh: 'istio',
      ...istio,
      ...provenance(istio.sources, istio.verified),
    },
    {
      id: `capability:linkerd:${capability}`,
      capability,
      mesh: 'linkerd',
      ...linkerd,
      ...provenance(linkerd.sources, linkerd.verified),
    },
  ];
}

/**
 * Every capability fact, two per capability (Istio, Linkerd).
 *
 * @public
 */
export const CAPABILITY_FACTS: TypedCapabilityFact[] = [
  ...pair(
    'mtls',
    {
      support: 'native',
      resource: 'PeerAuthentication (security.istio.io/v1)',
      note: 'On by default for meshed traffic; a PeerAuthentication in STRICT mode enforces it.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'native',
      note: 'Automatic for all meshed TCP traffic, on at install; since 2.19 the key exchange defaults to the post-quantum hybrid ML-KEM-768 (X25519MLKEM768).',
      sources: [S.seed, S.linkerdDocs, S.linkerd219Mtls],
    },
  ),
  ...pair(
    'retries',
    {
      support: 'native',
      resource:
        'VirtualService (networking.istio.io/v1); Gateway API HTTPRoute',
      note: 'Per-route retries with retryOn conditions.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'native',
      minVersion: '2.16',
      resource: 'HTTPRoute / GRPCRoute annotations retry.linkerd.io/*',
      note: 'Retries as HTTPRoute annotations since 2.16 (ServiceProfile retries before, legacy). 2.16/2.17 read HTTPRoute v1beta1 and GRPCRoute v1alpha2; gateway.networking.k8s.io/v1 from 2.18.',
      sources: [S.linkerd216, S.linkerdGatewayApi],
    },
  ),
  ...pair(
    'timeouts',
    {
      support: 'native',
      resource: 'VirtualService timeout; Gateway API HTTPRoute timeouts',
      note: 'Per-route request timeouts.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'native',
      minVersion: '2.16',
      resource:
        'HTTPRoute timeouts (GEP-1742) and timeout.linkerd.io/* annotations',
      note: 'HTTPRoute timeouts since edge 2023-06; timeout annotations since 2.16.',
      sources: [S.linkerdEdge202306, S.linkerd216],
    },
  ),
  ...pair(
    'traffic-split',
    {
      support: 'native',
      resource: 'VirtualService route weights; HTTPRoute backendRefs weights',
      note: 'Weighted canary between subsets or Services.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'native',
      resource: 'HTTPRoute backendRefs weights (SMI TrafficSplit earlier)',
      note: 'Weighted canary with Gateway API backendRefs.',
      sources: [S.seed, S.linkerdDocs],
    },
  ),
  ...pair(
    'header-routing',
    {
      support: 'native',
      resource: 'VirtualService http.match headers',
      note: 'Routing on headers, path, query, method.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'native',
      minVersion: '2.13',
      resource: 'HTTPRoute matches (path, headers, query params, method)',
      note: 'Dynamic request routing since 2.13 (stable-2.13.0 / edge-23.3.2); the seed article predates it.',
      sources: [S.linkerd213Routing, S.linkerdRequestRouting],
    },
  ),
  ...pair(
    'mirroring',
    {
      support: 'native',
      resource: 'VirtualService mirror',
      note: 'Shadows a share of live traffic to another subset.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'none',
      note: 'Traffic shadowing is an open feature request (linkerd2 #4385, open since 2020; #11027 closed as its duplicate in 2023).',
      sources: [S.seed, S.linkerdIssue4385, S.linkerdIssue11027],
    },
  ),
  ...pair(
    'fault-injection',
    {
      support: 'native',
      resource: 'VirtualService fault (abort and delay)',
      note: 'Injects aborts and delays per route.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'partial',
      resource: 'HTTPRoute backendRefs to an erroring deployment',
      note: 'Aborts only, by splitting traffic to an extra erroring deployment; no delay injection.',
      sources: [S.seed, S.servicemeshes],
    },
  ),
  ...pair(
    'rate-limiting',
    {
      support: 'partial',
      resource:
        'EnvoyFilter (networking.istio.io/v1alpha3) inserting Envoy local/global rate limit',
      note: 'No first-class rate-limit API: Envoy local or global rate limiting is configured only through EnvoyFilter, a low-level API that can break on upgrades (alpha on waypoints in ambient mode).',
      sources: [S.istioRateLimit, S.istioAmbientFeatures],
    },
    {
      support: 'native',
      minVersion: '2.17',
      resource: 'HTTPLocalRateLimitPolicy (policy.linkerd.io/v1alpha1)',
      note: 'Server-side local rate limiting since 2.17 (the seed article predates it).',
      sources: [S.linkerd217],
    },
  ),
  ...pair(
    'circuit-breaking',
    {
      support: 'native',
      resource: 'DestinationRule outlierDetection and connectionPool',
      note: 'Outlier detection plus connection-pool limits.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'native',
      minVersion: '2.13',
      resource: 'Service annotations balancer.linkerd.io/failure-accrual*',
      note: 'Endpoint-level, client-side consecutive-failures accrual on HTTP status; no connection-pool limits. Linkerd 2.20 adds `unified` circuit breaking, which also backs off endpoints answering rate-limit responses (HTTP 429, gRPC RESOURCE_EXHAUSTED).',
      sources: [
        S.linkerdCircuitBreakingRef,
        S.linkerdCircuitBreakersTask,
        S.linkerd220,
      ],
    },
  ),
  ...pair(
    'ingress-gateway',
    {
      support: 'native',
      resource: 'Istio ingress gateway; Gateway API Gateway',
      note: 'Ships an Envoy-based ingress gateway.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'none',
      note: 'No ingress built in: bring NGINX, Envoy or any ingress controller and mesh it.',
      sources: [S.seed, S.linkerdIngress],
    },
  ),
  ...pair(
    'egress-control',
    {
      support: 'native',
      resource:
        'Sidecar mode: Sidecar outboundTrafficPolicy REGISTRY_ONLY + ServiceEntry; ambient mode: egress waypoint + ServiceEntry (istio.io/use-waypoint) + AuthorizationPolicy',
      note: 'Allow-lists outbound destinations with ServiceEntries. Not a security boundary: REGISTRY_ONLY is not an outbound firewall and ztunnel ignores it in ambient mode, where egress goes through an egress waypoint with AuthorizationPolicy; pair with NetworkPolicy.',
      sources: [
        S.istioDocs,
        S.istioOutboundPolicy,
        S.istioZtunnelRegistryOnly,
        S.istioZtunnelRegistryOnly2,
        S.istioAmbientEgress,
        S.istioEgressSecurity,
      ],
    },
    {
      support: 'native',
      minVersion: '2.17',
      resource:
        'EgressNetwork (policy.linkerd.io/v1alpha1) + Gateway API routes',
      note: 'L7 egress visibility and policy since 2.17 (the seed article predates it). Not a security boundary: pair it with NetworkPolicy.',
      sources: [S.seed, S.linkerd217, S.linkerdEgressRef],
    },
  ),
  ...pair(
    'multi-cluster',
    {
      support: 'native',
      note: 'Multi-primary and primary-remote topologies with east-west gateways.',
      sources: [S.seed, S.istioDocs],
      ambient: {
        support: 'partial',
        note: 'Alpha in ambient mode, and only the multi-primary multi-network topology.',
        sources: [S.istioAmbientFeatures],
      },
    },
    {
      support: 'native',
      minVersion: '2.14',
      note: 'Pod-to-pod since 2.14, federated services since 2.17, GitOps-declared links since 2.18.',
      sources: [S.linkerd214, S.linkerd217, S.linkerd218],
    },
  ),
  ...pair(
    'vm-workloads',
    {
      support: 'native',
      resource: 'WorkloadEntry, WorkloadGroup (networking.istio.io/v1)',
      note: 'VMs join the mesh as WorkloadEntries (sidecar mode).',
      sources: [S.seed, S.istioDocs],
      ambient: {
        support: 'none',
        note: 'VM workloads are not supported in ambient mode; they need sidecar mode.',
        sources: [S.istioAmbientFeatures],
      },
    },
    {
      support: 'native',
      minVersion: '2.15',
      resource: 'ExternalWorkload (workload.linkerd.io/v1beta1)',
      note: 'Mesh expansion for non-Kubernetes workloads since 2.15.',
      sources: [S.linkerd215],
    },
  ),
  ...pair(
    'wasm-extensions',
    {
      support: 'native',
      resource:
        'TrafficExtension (extensions.istio.io/v1alpha1, Istio 1.30+; supersedes WasmPlugin) or WasmPlugin before 1.30',
      note: 'Wasm (and, with TrafficExtension, Lua) filters in the Envoy chain. Istio 1.30 adds TrafficExtension, which supersedes WasmPlugin.',
      sources: [S.istioDocs, S.istioTrafficExtension],
      ambient: {
        support: 'partial',
        note: 'Alpha on waypoints in ambient mode (WasmPlugin); no Wasm in ztunnel.',
        sources: [S.istioAmbientFeatures],
      },
    },
    {
      support: 'none',
      note: 'linkerd2-proxy has no extension filter chain; no Wasm (seed article only).',
      sources: [S.seed],
    },
  ),
  ...pair(
    'external-authz',
    {
      support: 'native',
      resource: 'AuthorizationPolicy action CUSTOM (ext_authz provider)',
      note: 'Delegates decisions to an external authorizer (OPA, custom service).',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'none',
      note: 'Server/AuthorizationPolicy decide on mesh identity and networks only (audit mode since 2.16); no external authorizer.',
      sources: [S.seed, S.linkerdAuthzRef],
    },
  ),
  ...pair(
    'jwt-auth',
    {
      support: 'native',
      resource:
        'RequestAuthentication + AuthorizationPolicy (security.istio.io/v1)',
      note: 'Validates end-user JWTs and authorizes on their claims.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'none',
      note: 'No end-user JWT validation in the proxy (seed article only).',
      sources: [S.seed],
    },
  ),
  ...pair(
    'identity-federation',
    {
      support: 'native',
      resource: 'RequestAuthentication / Envoy OAuth2 and ext_authz filters',
      note: 'OAuth/OIDC with external IdPs through Envoy filters.',
      sources: [S.seed, S.istioDocs],
    },
    {
      support: 'none',
      minVersion: '2.15',
      note: 'No OAuth/OIDC federation; workload identities are SPIFFE-compatible since 2.15.',
      sources: [S.seed, S.linkerd215],
    },
  ),
  ...pair(
    'tap',
    {
      support: 'none',
      note: 'No built-in live request stream; use Kiali or access logs (seed article only).',
      sources: [S.seed],
    },
    {
      support: 'native',
      resource: 'linkerd viz tap',
      note: 'Live request stream per workload with linkerd viz tap.',
      sources: [S.seed, S.linkerdDocs],
    },
  ),
  ...pair(
    'golden-metrics',
    {
      support: 'native',
      note: 'Prometheus metrics; Kiali dashboards. In ambient mode ztunnel reports TCP metrics only: HTTP golden metrics need a waypoint.',
      sources: [S.seed, S.istioDocs, S.istioWaypoint],
    },
    {
      support: 'native',
      note: 'Prometheus metrics; Linkerd Viz dashboards.',
      sources: [S.seed, S.linkerdDocs],
    },
  ),
  ...pair(
    'distributed-tracing',
    {
      support: 'native',
      note: 'Jaeger, Zipkin, OpenTelemetry. In ambient mode tracing needs a waypoint (ztunnel is L4 only).',
      sources: [S.seed, S.istioDocs, S.istioWaypoint],
    },
    {
      support: 'native',
      minVersion: '2.17',
      note: 'Tracing; OpenTelemetry since 2.17.',
      sources: [S.seed, S.linkerd217],
    },
  ),
  ...pair(
    'sidecarless',
    {
      support: 'native',
      minVersion: '1.24',
      resource: 'ambient mode: ztunnel + waypoint',
      note: 'Ambient mode (ztunnel per node, waypoint per namespace for L7) is GA since 1.24 (2024-11-07).',
      sources: [S.istioAmbientGa],
    },
    {
      support: 'none',
      note: 'Sidecar only; ambient-style data plane "still being investigated" in the 2.15 post. Since 2.20 the proxy runs as a native Kubernetes sidecar container by default.',
      sources: [S.linkerd215, S.linkerd220],
    },
  ),
  ...pair(
    'gateway-api',
    {
      support: 'native',
      note: 'Gateway API for ingress and mesh; waypoints are Gateway API Gateways. The Gateway API CRDs are not installed by Istio: install them first (ambient needs them).',
      sources: [S.seed, S.istioAmbientGa, S.istioAmbientGatewayApi],
    },
    {
      support: 'native',
      minVersion: '2.14',
      note: 'First mesh to pass the Gateway API mesh conformance profile (2.14). 2.16/2.17 read HTTPRoute v1beta1 and GRPCRoute v1alpha2; v1 from 2.18. From 2.19 Linkerd installs no Gateway API CRDs (install them first); 2.20 supports Gateway API 1.2.1–1.5.1.',
      sources: [
        S.linkerd214,
        S.linkerd218,
        S.linkerdGatewayApi,
        S.linkerdCrdsValues,
        S.linkerd220,
      ],
    },
  ),
];

// Per-mesh maps: this lookup is on the evaluator's hot path.
const byMesh = {
  istio: new Map(
    CAPABILITY_FACTS.filter(f => f.mesh === 'istio').map(f => [
      f.capability,
      f,
    ]),
  ),
  linkerd: new Map(
    CAPABILITY_FACTS.filter(f => f.mesh === 'linkerd').map(f => [
      f.capability,
      f,
    ]),
  ),
};

/**
 * The fact for one capability of one mesh.
 *
 * @public
 */
export function capabilityFact(
  mesh: 'istio' | 'linkerd',
  capability: string,
): TypedCapabilityFact | undefined {
  return byMesh[mesh].get(capability);
}
