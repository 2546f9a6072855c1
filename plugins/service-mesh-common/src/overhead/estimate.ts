import { OVERHEAD_FIGURES } from '../facts/overhead';
import type { MeshId, Overhead } from '../schema';

/**
 * Proxy cost and added latency per mesh, from the cited figures only.
 * Reference load: about 1000 rps per replica for CPU/memory (the Istio 1.24
 * performance page's load); latency from same-harness comparisons.
 */

const F = OVERHEAD_FIGURES;
const src = (s: { title: string; url: string; date?: string }) => ({
  title: s.title,
  url: s.url,
  date: s.date ?? 'undated',
});
const r3 = (n: number) => Math.round(n * 1000) / 1000;
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Linkerd per-proxy vCPU: Istio 1.24's sidecar figure scaled by the 2021 Redux proxy-CPU ratio (36 ms vs 67 ms). */
export const LINKERD_VCPU_PER_REPLICA = r3(
  (F.istioSidecar124.values.vcpu *
    F.linkerdVsIstio2021Redux.values.linkerdProxyCpuMs) /
    F.linkerdVsIstio2021Redux.values.istioProxyCpuMs,
);

export function estimateOverhead(
  mesh: MeshId,
  mode: 'sidecar' | 'ambient',
  replicas: number,
  waypoint: boolean,
): Overhead {
  if (mesh === 'linkerd') {
    return {
      mesh,
      mode: 'sidecar',
      replicas,
      proxyCpuVcpu: r3(LINKERD_VCPU_PER_REPLICA * replicas),
      proxyMemoryMiB: r1(
        F.linkerdVsIstio2021Redux.values.linkerdProxyMemoryMB * replicas,
      ),
      addedLatencyMs: {
        low: F.linkerdVsIstio2021Redux.values.linkerdAddedMedianMs,
        high: F.linkerdVsIstio2021.values.linkerdAddedMedianMs,
      },
      label: `Estimate for ${replicas} replica(s): one linkerd2-proxy each at ${F.linkerdVsIstio2021Redux.values.linkerdProxyMemoryMB} MB (Linkerd 2.11.1 at 2,000 rps, vendor-run); CPU is Istio 1.24's 0.20 vCPU per 1000 rps scaled by the 2021 proxy-CPU ratio (36 ms vs 67 ms). Latency: added median at 2,000 rps in the 2021 vendor-run benchmarks. Not a measurement of your workload.`,
      sources: [
        src(F.linkerdVsIstio2021Redux.source),
        src(F.linkerdVsIstio2021.source),
        src(F.istioSidecar124.source),
      ],
    };
  }
  if (mode === 'sidecar') {
    return {
      mesh,
      mode,
      replicas,
      proxyCpuVcpu: r3(F.istioSidecar124.values.vcpu * replicas),
      proxyMemoryMiB: r1(F.istioSidecar124.values.memoryMB * replicas),
      addedLatencyMs: {
        low: F.linkerdVsIstio2021.values.istioAddedMedianMs,
        high: F.linkerdVsIstio2021Redux.values.istioAddedMedianMs,
      },
      label: `Estimate for ${replicas} replica(s): one Envoy sidecar each at ≈0.20 vCPU and 60 MB per 1000 rps (Istio 1.24 performance page). Latency: added median at 2,000 rps in the 2021 vendor-run benchmarks (Istio 1.10 / 1.12). Not a measurement of your workload.`,
      sources: [
        src(F.istioSidecar124.source),
        src(F.linkerdVsIstio2021.source),
        src(F.linkerdVsIstio2021Redux.source),
      ],
    };
  }
  // Ambient: ztunnel is per node but scales with traffic, so its 1000 rps figure is charged per replica; one waypoint for L7.
  const wp = waypoint ? 1 : 0;
  return {
    mesh,
    mode,
    replicas,
    proxyCpuVcpu: r3(
      F.istioZtunnel124.values.vcpu * replicas +
        wp * F.istioWaypoint124.values.vcpu,
    ),
    proxyMemoryMiB: r1(
      F.istioZtunnel124.values.memoryMB * replicas +
        wp * F.istioWaypoint124.values.memoryMB,
    ),
    addedLatencyMs: waypoint
      ? {
          low: F.istioAmbientL4122.values.addedP99Ms,
          high: F.linkerdVsIstio2021Redux.values.istioAddedMedianMs,
        }
      : {
          low: F.istioAmbientL4122.values.addedP90Ms,
          high: F.istioAmbientL4122.values.addedP99Ms,
        },
    label: `Estimate for ${replicas} replica(s) in ambient mode: ztunnel share ≈0.06 vCPU and 12 MB per 1000 rps each${
      waypoint ? ', plus one waypoint at ≈0.25 vCPU and 60 MB (Istio 1.24)' : ''
    }. Latency: ${
      waypoint
        ? 'ztunnel p99 (Istio 1.22) up to one Envoy hop, bounded by the sidecar benchmark figure'
        : 'the two ztunnels at p90–p99 (Istio 1.22)'
    }. Not a measurement of your workload.`,
    sources: [
      src(F.istioZtunnel124.source),
      src(F.istioAmbientL4122.source),
      ...(waypoint ? [src(F.linkerdVsIstio2021Redux.source)] : []),
    ],
  };
}

export function zeroOverhead(mesh: MeshId, replicas: number): Overhead {
  return {
    mesh,
    mode: 'sidecar',
    replicas,
    proxyCpuVcpu: 0,
    proxyMemoryMiB: 0,
    addedLatencyMs: { low: 0, high: 0 },
    label: 'Not applicable: no proxy is added.',
    sources: [],
  };
}
