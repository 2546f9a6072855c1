import {
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  ClusterRollup,
  ListClustersResponse,
  proxyCost,
} from '@mesh-advisor/plugin-service-mesh-common';
import {
  ClusterObservationStore,
  ObservationAccess,
} from './services/ClusterObservations';
import { ReadableEntities } from './services/ReadableEntities';

/**
 * GET /v1/clusters: per cluster, the components observed there (only those
 * the caller may read), which mesh each points to and which it runs, the
 * conflicts, and the proxy cost. Reads stored rows only.
 */
export function createClustersRollup(options: {
  store: ClusterObservationStore;
  readable: ReadableEntities;
  access: ObservationAccess;
}) {
  const { store, readable, access } = options;
  return async function listClusters(
    credentials: BackstageCredentials,
    query: Record<string, unknown>,
  ): Promise<ListClustersResponse> {
    const unknown = Object.keys(query);
    if (unknown.length > 0) {
      throw new InputError(
        `GET /v1/clusters takes no query parameters; got ${unknown
          .slice(0, 5)
          .join(', ')}`,
      );
    }
    if (!(await access.mayRead(credentials))) {
      throw new NotAllowedError(
        'Cluster observations are shown to callers who may read Kubernetes resources (kubernetes.resources.read)',
      );
    }
    const visibility = await readable.visibility(credentials);
    const rows = await store.withEvaluations(visibility);

    const byCluster = new Map<string, typeof rows>();
    for (const row of rows) {
      // The empty name is the Kubernetes plugin itself failing: no cluster to list it under.
      if (!row.observation.cluster) continue;
      const list = byCluster.get(row.observation.cluster) ?? [];
      list.push(row);
      byCluster.set(row.observation.cluster, list);
    }

    const clusters: ClusterRollup[] = [];
    for (const [name, list] of [...byCluster].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const errors = list
        .filter(r => r.observation.status === 'error')
        .map(r => ({
          entityRef: r.entityRef,
          message: r.observation.error ?? 'unknown error',
        }));
      const components = list
        .filter(r => r.observation.status === 'ok')
        .map(({ entityRef, observation: o, summary }) => ({
          entityRef,
          ...(summary.title && { title: summary.title }),
          verdict: summary.verdict,
          runs: o.currentMesh ?? ('unknown' as const),
          dataPlanes: o.dataPlanes,
          replicas: o.replicas?.value ?? 1,
          observedAt: o.observedAt,
        }));
      const count = (values: string[]) =>
        values.reduce<Record<string, number>>((acc, v) => {
          acc[v] = (acc[v] ?? 0) + 1;
          return acc;
        }, {});
      const byMesh: Record<string, string[]> = {};
      for (const c of components) {
        if (c.verdict === 'istio' || c.verdict === 'linkerd') {
          (byMesh[c.verdict] ??= []).push(c.entityRef);
        }
      }
      const round = (n: number, d: number) =>
        Math.round(n * 10 ** d) / 10 ** d;
      const total = (mesh: (c: (typeof components)[number]) => string) => {
        let cpu = 0;
        let memory = 0;
        for (const c of components) {
          const cost = proxyCost(mesh(c), c.dataPlanes, c.replicas);
          cpu += cost.proxyCpuVcpu;
          memory += cost.proxyMemoryMiB;
        }
        return { proxyCpuVcpu: round(cpu, 3), proxyMemoryMiB: round(memory, 1) };
      };
      clusters.push({
        name,
        observedAt: list
          .map(r => r.observation.observedAt)
          .sort()
          .at(-1)!,
        errors,
        components,
        pointsTo: count(components.map(c => c.verdict)),
        runs: count(components.map(c => c.runs)),
        ...(Object.keys(byMesh).length > 1 && {
          conflict: {
            summary: `Components of ${name} point to different meshes: ${Object.entries(
              byMesh,
            )
              .map(([mesh, refs]) => `${refs.length} to ${mesh}`)
              .join(', ')}. One cluster usually runs one mesh.`,
            byMesh,
          },
        }),
        proxyCost: {
          running: total(c => c.runs),
          // Ambient only when the component already runs ambient.
          recommended: total(c => c.verdict),
        },
      });
    }
    return { clusters };
  };
}
