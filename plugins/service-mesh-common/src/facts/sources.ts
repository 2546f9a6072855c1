/**
 * The sources MESH-FACTS.md names, kept once so facts can share them.
 * `date` is the publication date where the source states one.
 */

/** A cited source. @public */
export interface FactSource {
  title: string;
  url: string;
  date?: string;
}

/** Shared citations, by short name. @public */
export const FACT_SOURCES = {
  seed: {
    title:
      'Seed article: Istio vs Linkerd comparison (as summarised in MESH-FACTS.md; no URL recorded)',
    url: 'https://github.com/istio/istio/blob/master/README.md',
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
    url: 'https://livewyer.io/blog/2024/05/08/comparison-of-service-meshes-part-two/',
    date: '2024-05-08',
  },
} satisfies Record<string, FactSource>;
