/**
 * The sources the facts cite (docs/facts.md), kept once so facts can share them.
 * `date` is the publication date where the source states one.
 */

/** A cited source (a type, not an interface, so it fits JSON-shaped response types). @public */
export type FactSource = {
  title: string;
  url: string;
  date?: string;
};

/** Shared citations, by short name. @public */
export const FACT_SOURCES = {
  // The blog post the project started from. Its address was never recorded,
  // so it has none: a fact cited only here is labelled "seed article only".
  seed: {
    title:
      'Seed article: the Istio vs Linkerd blog post this project started from (no URL recorded; claims not checked against a primary source)',
    url: '',
  },
  istioDocs: {
    title: 'Istio documentation: concepts and reference',
    url: 'https://istio.io/latest/docs/',
  },
  linkerdDocs: {
    title: 'Linkerd documentation: features',
    url: 'https://linkerd.io/2/features/',
  },
  linkerdEdge202306: {
    title:
      'Linkerd edge release roundup, June 2023 (HTTPRoute timeouts, GEP-1742)',
    url: 'https://linkerd.io/2023/06/',
    date: '2023-06',
  },
  linkerd216: {
    title:
      'Announcing Linkerd 2.16 (retries and timeouts as HTTPRoute annotations, audit mode)',
    url: 'https://linkerd.io/2024/08/13/announcing-linkerd-2.16/',
    date: '2024-08-13',
  },
  linkerd213Routing: {
    title: 'Linkerd 2.13 task: configuring dynamic request routing',
    url: 'https://linkerd.io/2.13/tasks/configuring-dynamic-request-routing/',
  },
  linkerdRequestRouting: {
    title: 'Linkerd features: request routing',
    url: 'https://linkerd.io/2/features/request-routing/',
  },
  linkerdIssue4385: {
    title:
      'linkerd/linkerd2 issue 4385: traffic shadowing / mirroring (open since 2020)',
    url: 'https://github.com/linkerd/linkerd2/issues/4385',
  },
  linkerdIssue11027: {
    title: 'linkerd/linkerd2 issue 11027 (closed as duplicate of 4385, 2023)',
    url: 'https://github.com/linkerd/linkerd2/issues/11027',
    date: '2023',
  },
  servicemeshes: {
    title: 'servicemesh.es comparison table',
    url: 'https://servicemesh.es/',
  },
  linkerd217: {
    title:
      'Announcing Linkerd 2.17 (rate limiting, egress, federated services, OpenTelemetry)',
    url: 'https://linkerd.io/2024/12/05/announcing-linkerd-2.17/',
    date: '2024-12-05',
  },
  linkerdCircuitBreakingRef: {
    title: 'Linkerd reference: circuit breaking',
    url: 'https://linkerd.io/2/reference/circuit-breaking/',
  },
  linkerdCircuitBreakersTask: {
    title: 'Linkerd task: circuit breakers',
    url: 'https://linkerd.io/2/tasks/circuit-breakers/',
  },
  linkerd214: {
    title:
      'Announcing Linkerd 2.14 (pod-to-pod multi-cluster, Gateway API mesh conformance)',
    url: 'https://linkerd.io/2023/08/23/announcing-linkerd-2.14/',
    date: '2023-08',
  },
  linkerd215: {
    title: 'Announcing Linkerd 2.15 (mesh expansion, ExternalWorkload, SPIFFE)',
    url: 'https://linkerd.io/2024/02/21/announcing-linkerd-2.15/',
    date: '2024-02-21',
  },
  linkerd218: {
    title:
      'Announcing Linkerd 2.18 (GitOps multi-cluster links, last release installing Gateway API CRDs)',
    url: 'https://linkerd.io/2025/04/',
    date: '2025-04',
  },
  linkerdAuthzRef: {
    title: 'Linkerd reference: authorization policy',
    url: 'https://linkerd.io/2/reference/authorization-policy/',
  },
  istioAmbientGa: {
    title: 'Istio: ambient mode reaches general availability (Istio 1.24)',
    url: 'https://istio.io/latest/blog/2024/ambient-reaches-ga/',
    date: '2024-11-07',
  },
  linkerdProtocolDetection: {
    title: 'Linkerd features: protocol detection',
    url: 'https://linkerd.io/2/features/protocol-detection/',
  },
  istioProtocolSelection: {
    title: 'Istio: protocol selection',
    url: 'https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/',
  },
  buoyant215Stable: {
    title: 'Buoyant: clarifications on Linkerd 2.15 stable releases',
    url: 'https://buoyant.io/blog/clarifications-on-linkerd-2-15-stable-announcement',
    date: '2024-02-23',
  },
  istioPerf124: {
    title: 'Istio performance and scalability (Istio 1.24)',
    url: 'https://istio.io/v1.24/docs/ops/deployment/performance-and-scalability/',
    date: '2024-11',
  },
  istioPerf116: {
    title: 'Istio performance and scalability (Istio 1.12–1.16 pages)',
    url: 'https://istio.io/v1.16/docs/ops/deployment/performance-and-scalability/',
  },
  istioPerf122: {
    title: 'Istio performance and scalability (Istio 1.22, ambient)',
    url: 'https://istio.io/v1.22/docs/ops/deployment/performance-and-scalability/',
  },
  linkerdBench2021: {
    title:
      'Linkerd vs Istio benchmarks (Linkerd 2.10.2 vs Istio 1.10.0; Kinvolk harness, vendor-run)',
    url: 'https://linkerd.io/2021/05/27/linkerd-vs-istio-benchmarks/',
    date: '2021-05-27',
  },
  linkerdBench2021Redux: {
    title:
      'Benchmarking Linkerd and Istio: 2021 Redux (Linkerd 2.11.1 vs Istio 1.12.0, vendor-run)',
    url: 'https://linkerd.io/2021/11/29/linkerd-vs-istio-benchmarks-2021/',
    date: '2021-11-29',
  },
  linkerdBench2025: {
    title:
      'Linkerd vs Istio sidecar and ambient benchmark, 2025 (vendor-run; versions not stated)',
    url: 'https://linkerd.io/2025/04/24/linkerd-vs-ambient-mesh-2025-benchmarks/',
    date: '2025-04-24',
  },
  liveWyer2024: {
    title:
      'LiveWyer: service mesh performance comparison (EKS 4× c5.large, Bookinfo, oha)',
    url: 'https://livewyer.io/blog/2024/05/08/comparison-of-service-meshes/',
    date: '2024-05-08',
  },
  linkerdIngress: {
    title:
      'Linkerd features: ingress (Linkerd does not provide its own ingress controller)',
    url: 'https://linkerd.io/2/features/ingress/',
  },
  linkerdGatewayApi: {
    title:
      'Linkerd features: Gateway API support (compatibility table: 2.15–2.17 read HTTPRoute v1beta1 and GRPCRoute v1alpha2; v1 from 2.18)',
    url: 'https://linkerd.io/2/features/gateway-api/',
  },
  linkerdCrdsValues: {
    title:
      'linkerd2 charts/linkerd-crds/values.yaml (installGatewayAPI: false from 2.19)',
    url: 'https://github.com/linkerd/linkerd2/blob/main/charts/linkerd-crds/values.yaml',
  },
  linkerd219Mtls: {
    title:
      'Linkerd features: automatic mTLS (post-quantum ML-KEM-768 hybrid key exchange by default since 2.19)',
    url: 'https://linkerd.io/2/features/automatic-mtls/',
  },
  linkerd220: {
    title:
      'Announcing Linkerd 2.20 (rate-limit-aware circuit breaking and load balancing, native sidecars by default, Gateway API 1.2.1–1.5.1)',
    url: 'https://linkerd.io/2026/06/23/announcing-linkerd-2.20/',
    date: '2026-06-23',
  },
  linkerdWebsocket210: {
    title:
      'Linkerd features: protocol detection (WebSockets and other HTTP upgrades proxied; appProtocol read since 2.18)',
    url: 'https://linkerd.io/2/features/protocol-detection/',
  },
  linkerdEgressRef: {
    title:
      'Linkerd reference: EgressNetwork (egress control is not a security boundary; pair with NetworkPolicy)',
    url: 'https://linkerd.io/2/reference/egress-network/',
  },
  istioRateLimit: {
    title:
      'Istio task: rate limiting (Envoy local/global rate limit configured through EnvoyFilter; no first-class API)',
    url: 'https://istio.io/latest/docs/tasks/policy-enforcement/rate-limit/',
  },
  istioTrafficExtension: {
    title:
      'Istio reference: TrafficExtension (Istio 1.30; supersedes WasmPlugin)',
    url: 'https://istio.io/latest/docs/reference/config/proxy_extensions/traffic_extension/',
  },
  istioAmbientFeatures: {
    title:
      'Istio: ambient mode feature status (multicluster alpha, multi-primary multi-network only; VMs unsupported; VirtualService, WasmPlugin, EnvoyFilter alpha on waypoints)',
    url: 'https://istio.io/latest/docs/ambient/usage/l7-features/',
  },
  istioSupportedReleases: {
    title:
      'Istio: supported releases (the control plane may be one minor version ahead of the data plane)',
    url: 'https://istio.io/latest/docs/releases/supported-releases/',
  },
  istioWaypoint: {
    title:
      'Istio: configure waypoint proxies (ztunnel is L4 only: HTTP metrics, access logs and tracing need a waypoint)',
    url: 'https://istio.io/latest/docs/ambient/usage/waypoint/',
  },
  istioAmbientEgress: {
    title:
      'Istio ambient: egress gateways (an egress waypoint plus a ServiceEntry labelled istio.io/use-waypoint and an AuthorizationPolicy)',
    url: 'https://istio.io/latest/docs/ambient/usage/egress-gateway/',
  },
  istioOutboundPolicy: {
    title:
      'istio/api mesh config: outboundTrafficPolicy REGISTRY_ONLY "does not act as … any form of an outbound firewall"',
    url: 'https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/',
  },
  istioZtunnelRegistryOnly: {
    title:
      'istio/istio issue 54281: ztunnel does not enforce outboundTrafficPolicy REGISTRY_ONLY',
    url: 'https://github.com/istio/istio/issues/54281',
  },
  istioZtunnelRegistryOnly2: {
    title:
      'istio/istio issue 58644: REGISTRY_ONLY ignored for ambient workloads',
    url: 'https://github.com/istio/istio/issues/58644',
  },
  istioEgressSecurity: {
    title:
      'Istio: egress gateways, additional security considerations (mesh egress is not a security boundary; pair with NetworkPolicy)',
    url: 'https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/#additional-security-considerations',
  },
  istioAmbientGatewayApi: {
    title:
      'Istio ambient: getting started (install the Kubernetes Gateway API CRDs first)',
    url: 'https://istio.io/latest/docs/ambient/getting-started/',
  },
} satisfies Record<string, FactSource>;
