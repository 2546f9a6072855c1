import { MESH_ANNOTATIONS } from '../annotations/constants';
import type {
  ClusterObservation,
  CurrentMesh,
  Diagnostic,
  Protocol,
  Requirements,
  ValueSource,
} from '../schema';
import { PROTOCOLS } from '../schema';
import { estimateOverhead } from '../overhead/estimate';

/**
 * Folds what the clusters run into the requirements. Precedence: declared
 * (on the component or inherited) > observed in a cluster > inferred from
 * the catalog > default. A declaration the cluster contradicts stays, with a
 * diagnostic naming both; every observed value names the object, the cluster
 * and the time it was read.
 */

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

function isDeclared(sources: ValueSource[]): boolean {
  const kind = sources[0]?.kind;
  return kind === 'annotation' || kind === 'inherited';
}

function observedSource(
  entityRef: string,
  what: string,
  o: ClusterObservation,
  note?: string,
): ValueSource {
  return {
    kind: 'observed',
    ref: entityRef,
    detail: `observed: ${what} in cluster ${o.cluster} at ${o.observedAt}${
      note ? ` (${note})` : ''
    }`,
  };
}

const notUsed = (s: ValueSource, why: string): ValueSource => ({
  ...s,
  detail: `${s.detail ?? s.kind} (not used: ${why})`,
});

/** Replaces an inferred or defaulted value, or checks it against a declared one. */
function fold<K extends 'currentMesh' | 'replicas' | 'protocols'>(
  requirements: Requirements,
  key: K,
  value: Requirements[K]['value'],
  sources: ValueSource[],
  onContradiction: (declared: Requirements[K]) => void,
  same: (a: Requirements[K]['value'], b: Requirements[K]['value']) => boolean,
) {
  const current = requirements[key];
  if (isDeclared(current.sources)) {
    if (!same(current.value, value)) onContradiction(current);
    (requirements as Record<string, unknown>)[key] = {
      value: current.value,
      sources: [
        ...current.sources,
        ...sources.map(s => notUsed(s, 'the declaration wins')),
      ],
    };
    return;
  }
  (requirements as Record<string, unknown>)[key] = {
    value,
    sources: [
      ...sources,
      ...current.sources.map(s => notUsed(s, 'observed in a cluster')),
    ],
  };
}

/** @internal */
export function applyObservations(
  requirements: Requirements,
  observations: ClusterObservation[] | undefined,
  entityRef: string,
  diagnostics: Diagnostic[],
): void {
  if (!observations?.length) return;
  const ok = observations.filter(o => o.status === 'ok');
  for (const o of observations) {
    if (o.status === 'error') {
      diagnostics.push({
        severity: 'warning',
        annotation: KUBERNETES_ID,
        entityRef,
        message: `${
          o.cluster ? `Cluster ${o.cluster}` : 'The Kubernetes plugin'
        } could not be observed at ${o.observedAt}: ${
          o.error ?? 'unknown error'
        }. Evaluated without its evidence.`,
      });
    }
  }

  // Current mesh: a mesh seen in any cluster outweighs clusters where it runs none.
  const withPods = ok.filter(o => o.currentMesh !== undefined);
  if (withPods.length > 0) {
    const meshes = new Set(withPods.map(o => o.currentMesh!));
    const running = (['istio', 'linkerd'] as const).filter(m => meshes.has(m));
    if (running.length > 1) {
      diagnostics.push({
        severity: 'info',
        annotation: MESH_ANNOTATIONS.currentMesh,
        entityRef,
        message: `Runs different meshes across clusters: ${withPods
          .map(o => `${o.currentMesh} in ${o.cluster}`)
          .join(', ')}. ${running[0]} is taken as its current mesh.`,
      });
    }
    const value: CurrentMesh = running[0] ?? 'none';
    const used = withPods.filter(o => o.currentMesh === value);
    fold(
      requirements,
      'currentMesh',
      value,
      used.map(o =>
        observedSource(
          entityRef,
          o.currentMeshFrom ?? 'its pods',
          o,
          o.dataPlanes.length ? o.dataPlanes.join(', ') : 'no mesh proxy',
        ),
      ),
      declared => {
        const where = used[0];
        diagnostics.push({
          severity: 'warning',
          annotation: MESH_ANNOTATIONS.currentMesh,
          entityRef: declared.sources[0].ref ?? entityRef,
          message: `Declares current-mesh ${declared.value}, but cluster ${
            where.cluster
          } runs ${value} (${
            where.dataPlanes.join(', ') || 'no mesh proxy'
          } in ${where.currentMeshFrom ?? 'its pods'}, observed at ${
            where.observedAt
          }). The declaration is used; correct it if the cluster is right.`,
          value: declared.value,
          fix: `${MESH_ANNOTATIONS.currentMesh}: ${value}`,
        });
      },
      (a, b) => a === b,
    );
  }

  // Replicas: the sum over clusters (each cluster's HPA maximum, else spec.replicas).
  const scaled = ok.filter(o => o.replicas !== undefined);
  if (scaled.length > 0) {
    const value = Math.min(
      100000,
      scaled.reduce((sum, o) => sum + o.replicas!.value, 0),
    );
    fold(
      requirements,
      'replicas',
      value,
      scaled.map(o =>
        observedSource(
          entityRef,
          o.replicas!.from,
          o,
          `${o.replicas!.value} replicas`,
        ),
      ),
      declared => {
        diagnostics.push({
          severity: 'info',
          annotation: MESH_ANNOTATIONS.replicas,
          entityRef: declared.sources[0].ref ?? entityRef,
          message: `Declares ${
            declared.value
          } replicas; the clusters run up to ${value} (${scaled
            .map(o => `${o.replicas!.from} in ${o.cluster}`)
            .join(', ')}). The declaration is used.`,
          value: String(declared.value),
        });
      },
      (a, b) => a === b,
    );
  }

  foldRequests(requirements, ok, entityRef);

  // Protocols: those told by the Service ports (appProtocol, Istio port names, UDP).
  const seen = new Map<Protocol, ValueSource[]>();
  for (const o of ok) {
    for (const p of o.protocols) {
      const list = seen.get(p.protocol) ?? [];
      list.push(
        observedSource(entityRef, p.from, o, `${p.via} ⇒ ${p.protocol}`),
      );
      seen.set(p.protocol, list);
    }
  }
  if (seen.size > 0) {
    const value = PROTOCOLS.filter(p => seen.has(p));
    fold(
      requirements,
      'protocols',
      value,
      value.flatMap(p => seen.get(p)!),
      declared => {
        const missing = value.filter(p => !declared.value.includes(p));
        if (missing.length === 0) return;
        diagnostics.push({
          severity: missing.includes('udp') ? 'warning' : 'info',
          annotation: MESH_ANNOTATIONS.protocols,
          entityRef: declared.sources[0].ref ?? entityRef,
          message: `The clusters show ${missing.join(', ')} (${missing
            .flatMap(p => seen.get(p)!.map(s => s.detail))
            .join('; ')}), which the declared protocols (${declared.value.join(
            ', ',
          )}) leave out. The declaration is used.`,
          fix: `${MESH_ANNOTATIONS.protocols}: ${PROTOCOLS.filter(
            p => declared.value.includes(p) || missing.includes(p),
          ).join(', ')}`,
        });
      },
      // Declared protocols that merely add to what the ports tell agree with them.
      (declared, observed) => observed.every(p => declared.includes(p)),
    );
  }
}

/**
 * One pod's resource requests, for the share of them a mesh's proxies would
 * add (docs/decision-model.md §3). Nothing declares requests, so the
 * observation is the only source; with several clusters the first that read
 * them is used and the others are listed as not used.
 */
function foldRequests(
  requirements: Requirements,
  ok: ClusterObservation[],
  entityRef: string,
): void {
  const withRequests = ok.filter(o => o.requests !== undefined);
  if (withRequests.length === 0) return;
  const [used, ...others] = withRequests;
  const r = used.requests!;
  const describe = (o: ClusterObservation) =>
    observedSource(
      entityRef,
      o.requests!.from,
      o,
      `${o.requests!.cpuMillicores}m CPU, ${
        o.requests!.memoryMiB
      } MiB requested per pod`,
    );
  requirements.workloadRequests = {
    value: { cpuMillicores: r.cpuMillicores, memoryMiB: r.memoryMiB },
    sources: [
      describe(used),
      ...others.map(o =>
        notUsed(describe(o), `cluster ${used.cluster} is used`),
      ),
    ],
  };
}

/**
 * The proxy cost of a mesh over some replicas, from the overhead estimate:
 * Istio ambient when its pods are enrolled in ambient mode, else sidecars.
 * Zero for none (and either: no mesh is chosen yet).
 *
 * @public
 */
export function proxyCost(
  mesh: string,
  dataPlanes: readonly string[],
  replicas: number,
): { proxyCpuVcpu: number; proxyMemoryMiB: number } {
  if (mesh !== 'istio' && mesh !== 'linkerd') {
    return { proxyCpuVcpu: 0, proxyMemoryMiB: 0 };
  }
  const ambient =
    mesh === 'istio' &&
    dataPlanes.includes('istio-ambient') &&
    !dataPlanes.some(d => d.startsWith('istio-') && d !== 'istio-ambient');
  const o = estimateOverhead(
    mesh,
    ambient ? 'ambient' : 'sidecar',
    replicas,
    false,
  );
  return { proxyCpuVcpu: o.proxyCpuVcpu, proxyMemoryMiB: o.proxyMemoryMiB };
}
