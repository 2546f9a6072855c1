import { OVERHEAD_FIGURES, OverheadFigure } from '../facts/overhead';
import type { OverheadFactId } from '../facts/factIds';
import type { MeshId, Overhead } from '../schema';

/**
 * Proxy cost and added latency per mesh, from the cited figures only
 * (docs/decision-model.md §3). Reference load: about 1000 rps per replica,
 * the load of Istio 1.24's performance page. Each quantity names the figure
 * and harness it rests on; figures from different harnesses are never set
 * side by side as if like-for-like.
 */

const F = OVERHEAD_FIGURES;
const r3 = (n: number) => Math.round(n * 1000) / 1000;
const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;

/** One pod's own resource requests (application containers), and where they were read. @public */
export interface WorkloadRequests {
  cpuMillicores: number;
  memoryMiB: number;
  from: string;
}

/** @internal */
export interface OverheadOptions {
  /** Istio ambient with L7 needs: one waypoint on top of the ztunnels. */
  waypoint?: boolean;
  /** The workload's own requests, for the share the proxies add. */
  workload?: WorkloadRequests;
}

type Basis = NonNullable<Overhead['basis']>[number];

function harnessOf(figure: OverheadFigure): string {
  const { measured, versions, runBy } = figure.harness;
  const who = {
    project: 'the project',
    vendor: 'vendor-run',
    'third-party': 'third party',
  }[runBy];
  return `${measured}${versions ? `; ${versions}` : ''} (${who})`;
}

function basis(quantity: Basis['quantity'], figure: OverheadFigure): Basis {
  return {
    quantity,
    fact: figure.id,
    harness: harnessOf(figure),
    source: { title: figure.source.title, url: figure.source.url },
    derived: figure.derived !== undefined,
    ...(figure.derived ? { how: figure.derived.how } : {}),
  };
}

function sourcesOf(figures: OverheadFigure[]): Overhead['sources'] {
  const seen = new Map<string, Overhead['sources'][number]>();
  for (const f of figures) {
    const s = f.source;
    if (!seen.has(s.url))
      seen.set(s.url, {
        title: s.title,
        url: s.url,
        date: s.date ?? 'undated',
      });
  }
  return [...seen.values()];
}

/** How much the proxies add to what the workload itself requests (1 = as much again). */
export function workloadShare(
  proxyCpuVcpu: number,
  proxyMemoryMiB: number,
  replicas: number,
  workload: WorkloadRequests,
): NonNullable<Overhead['workloadShare']> {
  const cpu =
    workload.cpuMillicores > 0
      ? r2(proxyCpuVcpu / ((replicas * workload.cpuMillicores) / 1000))
      : undefined;
  const memory =
    workload.memoryMiB > 0
      ? r2(proxyMemoryMiB / (replicas * workload.memoryMiB))
      : undefined;
  return {
    ...(cpu !== undefined ? { cpu } : {}),
    ...(memory !== undefined ? { memory } : {}),
    from: workload.from,
  };
}

const pct = (share: number) => `${Math.round(share * 100)}%`;

function shareSentence(share: Overhead['workloadShare']): string {
  if (!share || (share.cpu === undefined && share.memory === undefined))
    return '';
  const parts = [
    share.cpu !== undefined ? `${pct(share.cpu)} of the CPU` : undefined,
    share.memory !== undefined
      ? `${pct(share.memory)} of the memory`
      : undefined,
  ].filter(Boolean);
  return ` The proxies would add ${parts.join(
    ' and ',
  )} the workload itself requests (${share.from}).`;
}

const NOT_MEASURED = ' Not a measurement of your workload.';

/** The numbers of an estimate without its prose: what the scoring weighs. @internal */
export interface ProxyCost {
  mode: 'sidecar' | 'ambient';
  proxyCpuVcpu: number;
  proxyMemoryMiB: number;
  /** The figures the CPU and memory rest on. */
  facts: OverheadFactId[];
}

/**
 * Proxy CPU and memory over some replicas. Ambient: ztunnel runs once per
 * node and is shared by the node's pods, so it is charged per node, not per
 * pod; the node count is unknown here, and N replicas occupy at most N
 * nodes, the bound used. One waypoint for L7.
 *
 * @internal
 */
export function proxyCostOf(
  mesh: MeshId,
  mode: 'sidecar' | 'ambient',
  replicas: number,
  waypoint = false,
): ProxyCost {
  if (mesh === 'linkerd') {
    return {
      mode: 'sidecar',
      proxyCpuVcpu: r3(F.linkerdProxyVcpuDerived.values.vcpu * replicas),
      proxyMemoryMiB: r1(
        F.linkerdVsIstio2021Redux.values.linkerdProxyMemoryMB * replicas,
      ),
      facts: [F.linkerdProxyVcpuDerived.id, F.linkerdVsIstio2021Redux.id],
    };
  }
  if (mode === 'sidecar') {
    const proxy = F.istioSidecar124;
    return {
      mode,
      proxyCpuVcpu: r3(proxy.values.vcpu * replicas),
      proxyMemoryMiB: r1(proxy.values.memoryMB * replicas),
      facts: [proxy.id],
    };
  }
  const zt = F.istioZtunnel124;
  const wp = F.istioWaypoint124;
  const nodes = replicas;
  const w = waypoint ? 1 : 0;
  return {
    mode,
    proxyCpuVcpu: r3(zt.values.vcpu * nodes + w * wp.values.vcpu),
    proxyMemoryMiB: r1(zt.values.memoryMB * nodes + w * wp.values.memoryMB),
    facts: waypoint ? [zt.id, wp.id] : [zt.id],
  };
}

function linkerdSidecars(replicas: number): Omit<Overhead, 'workloadShare'> {
  const cpu = F.linkerdProxyVcpuDerived;
  const mem = F.linkerdVsIstio2021Redux;
  const cost = proxyCostOf('linkerd', 'sidecar', replicas);
  return {
    mesh: 'linkerd',
    mode: 'sidecar',
    replicas,
    proxyCpuVcpu: cost.proxyCpuVcpu,
    proxyMemoryMiB: cost.proxyMemoryMiB,
    addedLatencyMs: {
      low: F.linkerdVsIstio2021Redux.values.linkerdAddedMedianMs,
      high: F.linkerdVsIstio2021.values.linkerdAddedMedianMs,
    },
    label: `Estimate for ${replicas} replica(s): one linkerd2-proxy per pod at ${mem.values.linkerdProxyMemoryMB} MB (Linkerd 2.11.1 at 2,000 rps, Kinvolk's end-to-end harness, vendor-run). CPU ≈${cpu.values.vcpu} vCPU per proxy is derived, not published: ${cpu.derived.how}. Latency: added median at 2,000 rps in Kinvolk's harness (Linkerd 2.11.1 / 2.10.2, vendor-run), the same harness as the Istio sidecar figures.${NOT_MEASURED}`,
    sources: sourcesOf([mem, F.linkerdVsIstio2021, F.istioSidecar124]),
    basis: [
      basis('cpu', cpu),
      basis('memory', mem),
      basis('latency', F.linkerdVsIstio2021Redux),
      basis('latency', F.linkerdVsIstio2021),
    ],
  };
}

function istioSidecars(replicas: number): Omit<Overhead, 'workloadShare'> {
  const proxy = F.istioSidecar124;
  const cost = proxyCostOf('istio', 'sidecar', replicas);
  return {
    mesh: 'istio',
    mode: 'sidecar',
    replicas,
    proxyCpuVcpu: cost.proxyCpuVcpu,
    proxyMemoryMiB: cost.proxyMemoryMiB,
    addedLatencyMs: {
      low: F.linkerdVsIstio2021.values.istioAddedMedianMs,
      high: F.linkerdVsIstio2021Redux.values.istioAddedMedianMs,
    },
    label: `Estimate for ${replicas} replica(s): one Envoy sidecar per pod at ≈${proxy.values.vcpu} vCPU and ${proxy.values.memoryMB} MB at 1000 rps (Istio 1.24, Istio's own load test). Latency: added median at 2,000 rps in Kinvolk's end-to-end harness (Istio 1.10 / 1.12, vendor-run), the same harness as the Linkerd figures.${NOT_MEASURED}`,
    sources: sourcesOf([
      proxy,
      F.linkerdVsIstio2021,
      F.linkerdVsIstio2021Redux,
    ]),
    basis: [
      basis('cpu', proxy),
      basis('memory', proxy),
      basis('latency', F.linkerdVsIstio2021),
      basis('latency', F.linkerdVsIstio2021Redux),
    ],
  };
}

/** Ambient: ztunnel per node (see proxyCostOf), one waypoint for L7. */
function istioAmbient(
  replicas: number,
  waypoint: boolean,
): Omit<Overhead, 'workloadShare'> {
  const zt = F.istioZtunnel124;
  const wp = F.istioWaypoint124;
  const lat = F.istioAmbientL4122;
  const nodes = replicas;
  const cost = proxyCostOf('istio', 'ambient', replicas, waypoint);
  return {
    mesh: 'istio',
    mode: 'ambient',
    replicas,
    proxyCpuVcpu: cost.proxyCpuVcpu,
    proxyMemoryMiB: cost.proxyMemoryMiB,
    addedLatencyMs: {
      low: lat.values.addedP90Ms,
      high: lat.values.addedP99Ms,
    },
    label: `Estimate for ${replicas} replica(s) in ambient mode: ztunnel runs once per node, shared by every pod on it, at ≈${
      zt.values.vcpu
    } vCPU and ${
      zt.values.memoryMB
    } MB at 1000 rps (Istio 1.24, Istio's own load test); counted on at most ${nodes} node(s), one per replica${
      waypoint
        ? `, plus one waypoint for the L7 needs at ≈${wp.values.vcpu} vCPU and ${wp.values.memoryMB} MB`
        : ''
    }. Latency: what the two ztunnels add at p90–p99 in Istio's fortio microbenchmark (Istio 1.22), not the end-to-end harness of the sidecar and Linkerd figures${
      waypoint ? "; the waypoint's extra Envoy hop is not in it" : ''
    }.${NOT_MEASURED}`,
    sources: sourcesOf(waypoint ? [zt, wp, lat] : [zt, lat]),
    basis: [
      basis('cpu', zt),
      ...(waypoint ? [basis('cpu', wp)] : []),
      basis('memory', zt),
      ...(waypoint ? [basis('memory', wp)] : []),
      basis('latency', lat),
    ],
  };
}

/**
 * The estimate for one mesh and data plane. With the workload's own
 * requests, it also says what share of them the proxies add.
 *
 * @public
 */
export function estimateOverhead(
  mesh: MeshId,
  mode: 'sidecar' | 'ambient',
  replicas: number,
  waypointOrOptions: boolean | OverheadOptions = {},
): Overhead {
  const options: OverheadOptions =
    typeof waypointOrOptions === 'boolean'
      ? { waypoint: waypointOrOptions }
      : waypointOrOptions;
  let estimate: Overhead;
  if (mesh === 'linkerd') estimate = linkerdSidecars(replicas);
  else if (mode === 'sidecar') estimate = istioSidecars(replicas);
  else estimate = istioAmbient(replicas, options.waypoint === true);
  if (!options.workload) return estimate;
  const share = workloadShare(
    estimate.proxyCpuVcpu,
    estimate.proxyMemoryMiB,
    replicas,
    options.workload,
  );
  return {
    ...estimate,
    label: `${estimate.label}${shareSentence(share)}`,
    workloadShare: share,
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
