import { FACT_SOURCES as S, FactSource } from './sources';

/**
 * The cited benchmark figures (docs/facts.md) the overhead estimate and the
 * latency factor use. Vendor-run figures are marked as such in their titles.
 *
 * @public
 */
export interface OverheadFigure {
  id: string;
  description: string;
  /** The measured values; units in the key names. */
  values: Record<string, number>;
  source: FactSource;
}

/** @public */
export const OVERHEAD_FIGURES = {
  istioSidecar124: {
    id: 'overhead:istio-1.24-sidecar',
    description: 'Istio 1.24 sidecar, 1000 rps of 1 KB HTTP, 2 workers',
    values: { vcpu: 0.2, memoryMB: 60 },
    source: S.istioPerf124,
  },
  istioWaypoint124: {
    id: 'overhead:istio-1.24-waypoint',
    description: 'Istio 1.24 waypoint, 1000 rps of 1 KB HTTP',
    values: { vcpu: 0.25, memoryMB: 60 },
    source: S.istioPerf124,
  },
  istioZtunnel124: {
    id: 'overhead:istio-1.24-ztunnel',
    description: 'Istio 1.24 ztunnel, 1000 rps of 1 KB HTTP',
    values: { vcpu: 0.06, memoryMB: 12 },
    source: S.istioPerf124,
  },
  istioSidecar116: {
    id: 'overhead:istio-1.16-sidecar',
    description:
      'Istio 1.12–1.16 Envoy sidecar: per 1000 rps, added p90 latency',
    values: { vcpuPer1000Rps: 0.35, memoryMB: 40, addedP90Ms: 2.65 },
    source: S.istioPerf116,
  },
  istioAmbientL4122: {
    id: 'overhead:istio-1.22-ambient-l4',
    description: 'Istio 1.22 ambient L4: the two ztunnels add latency',
    values: { addedP90Ms: 0.17, addedP99Ms: 0.2 },
    source: S.istioPerf122,
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
  },
} satisfies Record<string, OverheadFigure>;
