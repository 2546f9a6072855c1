import { FACT_SOURCES as S, FactSource } from './sources';

/**
 * The cited benchmark figures (docs/facts.md) the overhead estimate and the
 * latency and resource-budget factors use. Figures from different harnesses
 * are never like-for-like: each names its harness, and a figure computed
 * from others says it is derived and how.
 */

/**
 * What a figure measured: the harness, the versions and who ran it.
 *
 * @public
 */
export interface OverheadHarness {
  /** The load generator, application, load and what was read. */
  measured: string;
  /** The mesh versions measured; absent when the source does not state them. */
  versions?: string;
  /** The mesh's own project, a vendor of one of the meshes, or a third party. */
  runBy: 'project' | 'vendor' | 'third-party';
}

/**
 * One benchmark figure with its harness.
 *
 * @public
 */
export interface OverheadFigure<Id extends string = string> {
  /** Stable id cited by the overhead estimate. */
  id: Id;
  /** What was measured, in one sentence. */
  description: string;
  /** The values; units in the key names. */
  values: Readonly<Record<string, number>>;
  /** Where the figure is published. */
  source: FactSource;
  /** How it was measured. */
  harness: OverheadHarness;
  /** The release measured, when the figure is about one mesh release. */
  minVersion?: string;
  /** Read in the mesh's own docs or blog (true), or only a third party's (false). */
  verified: boolean;
  /** Set when the figure is computed from other figures rather than published. */
  derived?: { from: readonly string[]; how: string };
}

const ISTIO_LOAD_TEST =
  "Istio's load-test mesh (1000 services, 2000 pods, 70,000 mesh-wide rps); one proxy at 1000 rps of 1 KB HTTP";
const KINVOLK =
  "Kinvolk's benchmark harness: sustained load through a small microservices application (gRPC and HTTP calls), latency measured end to end at the client, at 2,000 rps";

const PUBLISHED = {
  istioSidecar124: {
    id: 'overhead:istio-1.24-sidecar',
    description: 'Istio 1.24 sidecar, 1000 rps of 1 KB HTTP, 2 workers',
    values: { vcpu: 0.2, memoryMB: 60 },
    source: S.istioPerf124,
    harness: {
      measured: `${ISTIO_LOAD_TEST}, sidecar with 2 worker threads`,
      versions: 'Istio 1.24',
      runBy: 'project',
    },
    minVersion: '1.24',
    verified: true,
  },
  istioWaypoint124: {
    id: 'overhead:istio-1.24-waypoint',
    description: 'Istio 1.24 waypoint, 1000 rps of 1 KB HTTP',
    values: { vcpu: 0.25, memoryMB: 60 },
    source: S.istioPerf124,
    harness: {
      measured: `${ISTIO_LOAD_TEST}, waypoint with 2 worker threads`,
      versions: 'Istio 1.24',
      runBy: 'project',
    },
    minVersion: '1.24',
    verified: true,
  },
  istioZtunnel124: {
    id: 'overhead:istio-1.24-ztunnel',
    description:
      'Istio 1.24 ztunnel (one per node, shared by its pods), 1000 rps of 1 KB HTTP',
    values: { vcpu: 0.06, memoryMB: 12 },
    source: S.istioPerf124,
    harness: {
      measured: `${ISTIO_LOAD_TEST}, one ztunnel`,
      versions: 'Istio 1.24',
      runBy: 'project',
    },
    minVersion: '1.24',
    verified: true,
  },
  istioSidecar116: {
    id: 'overhead:istio-1.16-sidecar',
    description:
      'Istio 1.12–1.16 Envoy sidecar: per 1000 rps, added p90 latency',
    values: { vcpuPer1000Rps: 0.35, memoryMB: 40, addedP90Ms: 2.65 },
    source: S.istioPerf116,
    harness: {
      measured:
        "Istio's load-test mesh; CPU and memory per 1000 rps through the proxy; latency added by the client and server sidecars at p90",
      versions: 'Istio 1.12–1.16',
      runBy: 'project',
    },
    minVersion: '1.12',
    verified: true,
  },
  istioAmbientL4122: {
    id: 'overhead:istio-1.22-ambient-l4',
    description: 'Istio 1.22 ambient L4: the two ztunnels add latency',
    values: { addedP90Ms: 0.17, addedP99Ms: 0.2 },
    source: S.istioPerf122,
    harness: {
      measured:
        "Istio's benchmark (fortio load generator, 1 KB HTTP at 1000 rps): latency the client and server ztunnels add over no mesh; a microbenchmark of the L4 path, no waypoint",
      versions: 'Istio 1.22',
      runBy: 'project',
    },
    minVersion: '1.22',
    verified: true,
  },
  linkerdVsIstio2021: {
    id: 'overhead:linkerd-2.10.2-vs-istio-1.10.0',
    description:
      'Linkerd 2.10.2 vs Istio 1.10.0 at 2,000 rps (vendor-run, Kinvolk harness)',
    values: {
      linkerdAddedMedianMs: 9,
      istioAddedMedianMs: 15,
      linkerdAddedMaxMs: 47,
      istioAddedMaxMs: 253,
      linkerdProxyMemoryMB: 17.8,
      istioProxyMemoryMB: 154.6,
      linkerdProxyCpuMs: 10,
      istioProxyCpuMs: 88,
    },
    source: S.linkerdBench2021,
    harness: {
      measured: `${KINVOLK}; Linkerd vs Istio sidecars`,
      versions: 'Linkerd 2.10.2, Istio 1.10.0',
      runBy: 'vendor',
    },
    verified: true,
  },
  linkerdVsIstio2021Redux: {
    id: 'overhead:linkerd-2.11.1-vs-istio-1.12.0',
    description: 'Linkerd 2.11.1 vs Istio 1.12.0 at 2,000 rps (vendor-run)',
    values: {
      linkerdAddedMedianMs: 6,
      istioAddedMedianMs: 17,
      linkerdAddedMaxMs: 42,
      istioAddedMaxMs: 350,
      linkerdProxyMemoryMB: 26.3,
      istioProxyMemoryMB: 156.2,
      linkerdProxyCpuMs: 36,
      istioProxyCpuMs: 67,
    },
    source: S.linkerdBench2021Redux,
    harness: {
      measured: `${KINVOLK}; Linkerd vs Istio sidecars`,
      versions: 'Linkerd 2.11.1, Istio 1.12.0',
      runBy: 'vendor',
    },
    verified: true,
  },
  linkerdVsIstio2025: {
    id: 'overhead:linkerd-vs-istio-2025',
    description:
      'Linkerd vs Istio sidecar and ambient (+waypoint), 2025 (vendor-run, versions not stated)',
    values: {
      p99BelowIstioSidecarAt2000RpsMs: 163,
      p99BelowAmbientAt2000RpsMs: 11.2,
      p99BelowIstioSidecarAt200RpsMs: 22.83,
    },
    source: S.linkerdBench2025,
    harness: {
      measured:
        'wrk2 against the emojivoto application on GKE (3 × e2-standard-8), 20, 200 and 2,000 rps over 100 connections, north-south; only mTLS enabled, and for Istio ambient a waypoint for L7',
      runBy: 'vendor',
    },
    verified: true,
  },
  liveWyer2024: {
    id: 'overhead:livewyer-2024',
    description:
      'LiveWyer 2024 (third party, EKS 4× c5.large, Bookinfo, oha, 32 connections)',
    values: {
      baselineP50S: 0.2017,
      linkerdP50S: 0.2164,
      istioP50S: 0.2641,
      baselineP99S: 0.2891,
      linkerdP99S: 0.3059,
      istioP99S: 0.3872,
    },
    source: S.liveWyer2024,
    harness: {
      measured:
        'oha against the Bookinfo application on EKS (4 × c5.large), 32 connections; end-to-end p50 and p99',
      runBy: 'third-party',
    },
    // A third party's run, not the meshes' own docs.
    verified: false,
  },
} as const satisfies Record<string, OverheadFigure>;

const r3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The cited figures, plus the one the estimate derives: Linkerd publishes no
 * proxy vCPU per 1000 rps.
 *
 * @public
 */
export const OVERHEAD_FIGURES = {
  ...PUBLISHED,
  linkerdProxyVcpuDerived: {
    id: 'overhead:linkerd-proxy-vcpu-derived',
    description:
      'Linkerd proxy vCPU per 1000 rps (derived, not published by any benchmark)',
    values: {
      vcpu: r3(
        (PUBLISHED.istioSidecar124.values.vcpu *
          PUBLISHED.linkerdVsIstio2021Redux.values.linkerdProxyCpuMs) /
          PUBLISHED.linkerdVsIstio2021Redux.values.istioProxyCpuMs,
      ),
    },
    source: S.linkerdBench2021Redux,
    harness: {
      measured:
        "Istio 1.24's sidecar vCPU (Istio's load test) scaled by the Linkerd/Istio proxy CPU ratio of the 2021 Redux (Kinvolk harness): two harnesses combined",
      versions: 'Istio 1.24; Linkerd 2.11.1 vs Istio 1.12.0',
      runBy: 'vendor',
    },
    verified: false,
    derived: {
      from: [
        PUBLISHED.istioSidecar124.id,
        PUBLISHED.linkerdVsIstio2021Redux.id,
      ],
      how: '0.20 vCPU (Istio 1.24 sidecar) × 36 ms / 67 ms (Linkerd / Istio proxy CPU, 2021 Redux)',
    },
  },
} as const satisfies Record<string, OverheadFigure>;

/** The id of an overhead figure (see {@link OVERHEAD_FIGURES}). @public */
export type OverheadFactId =
  (typeof OVERHEAD_FIGURES)[keyof typeof OVERHEAD_FIGURES]['id'];
