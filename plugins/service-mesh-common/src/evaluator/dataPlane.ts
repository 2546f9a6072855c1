import { L7_NEEDS } from '../guidance/types';
import {
  estimateOverhead,
  proxyCostOf,
  ProxyCost,
  workloadShare,
  WorkloadRequests,
} from '../overhead/estimate';
import type { MeshId, Overhead, Requirements } from '../schema';

/**
 * Istio's data plane for these requirements: ambient (ztunnel per node, a
 * waypoint where L7 needs exist) or sidecars, and why. One decision for the
 * guidance, the overhead estimate and the resource-budget factor.
 *
 * @internal
 */
export interface IstioDataPlane {
  ambient: boolean;
  /** Ambient with L7 needs: a waypoint carries them. */
  waypoint: boolean;
  reason?: string;
}

/** @internal */
export function istioDataPlane(requirements: Requirements): IstioDataPlane {
  const waypoint = requirements.needs.value.some(n => L7_NEEDS.has(n));
  if (requirements.clusterProfile.value === 'edge') {
    return {
      ambient: true,
      waypoint,
      reason:
        'Ambient mode because the cluster profile is edge: ztunnel per node instead of an Envoy per pod saves most of the proxy memory.',
    };
  }
  if (requirements.needs.value.includes('sidecarless')) {
    return {
      ambient: true,
      waypoint,
      reason: 'Ambient mode because the team needs a sidecarless data plane.',
    };
  }
  return { ambient: false, waypoint: false };
}

/** The observed requests of one pod, when known. @internal */
function workloadRequestsOf(
  requirements: Requirements,
): WorkloadRequests | undefined {
  const observed = requirements.workloadRequests;
  if (!observed?.value) return undefined;
  return {
    ...observed.value,
    from: observed.sources[0]?.detail ?? 'observed resource requests',
  };
}

/**
 * Each mesh's overhead on the data plane the evaluation picks, with the
 * share of the workload's own requests when those are known.
 *
 * @internal
 */
export function overheadFor(
  requirements: Requirements,
): Record<MeshId, Overhead> {
  const plane = istioDataPlane(requirements);
  const replicas = requirements.replicas.value;
  const workload = workloadRequestsOf(requirements);
  return {
    istio: estimateOverhead(
      'istio',
      plane.ambient ? 'ambient' : 'sidecar',
      replicas,
      { waypoint: plane.ambient && plane.waypoint, workload },
    ),
    linkerd: estimateOverhead('linkerd', 'sidecar', replicas, { workload }),
  };
}

/** What the scoring weighs per mesh: the cost numbers and the workload share, no prose. @internal */
export type MeshCost = ProxyCost & {
  workloadShare?: ReturnType<typeof workloadShare>;
};

/** The same numbers as {@link overheadFor}, without building its labels (the scoring runs often). @internal */
export function costsFor(requirements: Requirements): Record<MeshId, MeshCost> {
  const plane = istioDataPlane(requirements);
  const replicas = requirements.replicas.value;
  const workload = workloadRequestsOf(requirements);
  const withShare = (cost: ProxyCost): MeshCost =>
    workload
      ? {
          ...cost,
          workloadShare: workloadShare(
            cost.proxyCpuVcpu,
            cost.proxyMemoryMiB,
            replicas,
            workload,
          ),
        }
      : cost;
  return {
    istio: withShare(
      proxyCostOf(
        'istio',
        plane.ambient ? 'ambient' : 'sidecar',
        replicas,
        plane.ambient && plane.waypoint,
      ),
    ),
    linkerd: withShare(proxyCostOf('linkerd', 'sidecar', replicas)),
  };
}
