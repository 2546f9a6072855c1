import type {
  ClusterObservation,
  DataPlane,
  Protocol,
} from '@mesh-advisor/plugin-service-mesh-common';

/**
 * Reads what a component runs from the objects the Kubernetes plugin returns
 * for it (`POST /resources/workloads/query`), one observation per cluster.
 * Objects are read defensively: any field may be missing or of another type.
 */

type Obj = Record<string, any>;

/** One cluster's part of the Kubernetes plugin's answer. */
interface ClusterObjects {
  cluster?: { name?: string };
  resources?: Array<{ type?: string; resources?: Obj[] }>;
  errors?: Array<Obj>;
}

const PROXY_CONTAINERS: Record<string, 'istio' | 'linkerd'> = {
  'istio-proxy': 'istio',
  'linkerd-proxy': 'linkerd',
};

/** Labels and annotations that ask a mesh to take a pod in. */
const INJECTION_KEYS = [
  'istio-injection',
  'istio.io/rev',
  'sidecar.istio.io/inject',
  'istio.io/dataplane-mode',
  'linkerd.io/inject',
];

/** Istio's port-name prefixes (protocol selection by name), and plain names. */
const PORT_NAME_PROTOCOLS: Record<string, Protocol> = {
  grpc: 'grpc',
  'grpc-web': 'grpc',
  http: 'http1',
  http2: 'http2',
  https: 'tcp',
  tcp: 'tcp',
  tls: 'tcp',
  mongo: 'tcp',
  redis: 'tcp',
  mysql: 'tcp',
};

const APP_PROTOCOLS: Record<string, Protocol> = {
  http: 'http1',
  http2: 'http2',
  'kubernetes.io/h2c': 'http2',
  grpc: 'grpc',
  'grpc-web': 'grpc',
  'kubernetes.io/ws': 'websocket',
  'kubernetes.io/wss': 'websocket',
  https: 'tcp',
  tls: 'tcp',
  tcp: 'tcp',
  mongo: 'tcp',
  redis: 'tcp',
  mysql: 'tcp',
  udp: 'udp',
};

const asArray = (v: unknown): Obj[] =>
  Array.isArray(v) ? v.filter(x => x && typeof x === 'object') : [];
const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
const nameOf = (kind: string, o: Obj) =>
  `${kind} ${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? '?'}`;

/** The data planes of one pod (or pod template). */
function dataPlanesOf(pod: Obj): DataPlane[] {
  const planes = new Set<DataPlane>();
  const spec = asRecord(pod.spec);
  for (const c of asArray(spec.containers)) {
    if (c.name === 'istio-proxy') planes.add('istio-sidecar');
    if (c.name === 'linkerd-proxy') planes.add('linkerd');
  }
  // Native sidecars (Kubernetes 1.29+): init containers that keep running.
  for (const c of asArray(spec.initContainers)) {
    if (c.restartPolicy !== 'Always') continue;
    if (c.name === 'istio-proxy') planes.add('istio-native-sidecar');
    if (c.name === 'linkerd-proxy') planes.add('linkerd');
  }
  const labels = asRecord(pod.metadata?.labels);
  const annotations = asRecord(pod.metadata?.annotations);
  if (
    annotations['ambient.istio.io/redirection'] === 'enabled' ||
    labels['istio.io/dataplane-mode'] === 'ambient'
  ) {
    planes.add('istio-ambient');
  }
  return [...planes];
}

/** CPU quantity in millicores ("250m", "2", "0.5"); undefined when unreadable. */
export function cpuMillicores(q: unknown): number | undefined {
  if (typeof q === 'number') return q * 1000;
  if (typeof q !== 'string') return undefined;
  const m = q.trim().match(/^(\d+(?:\.\d+)?)(m?)$/);
  if (!m) return undefined;
  return m[2] ? Number(m[1]) : Number(m[1]) * 1000;
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** Memory quantity in MiB ("256Mi", "1Gi", "512M", bytes). */
export function memoryMiB(q: unknown): number | undefined {
  if (typeof q === 'number') return q / 2 ** 20;
  if (typeof q !== 'string') return undefined;
  const m = q.trim().match(/^(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/);
  if (!m) return undefined;
  return (Number(m[1]) * MEMORY_UNITS[m[2] ?? '']) / 2 ** 20;
}

function requestsOf(pod: Obj, from: string) {
  const spec = asRecord(pod.spec);
  const totals = {
    cpuMillicores: 0,
    memoryMiB: 0,
    proxyCpuMillicores: 0,
    proxyMemoryMiB: 0,
  };
  let any = false;
  const add = (c: Obj) => {
    const requests = asRecord(asRecord(c.resources).requests);
    const cpu = cpuMillicores(requests.cpu);
    const memory = memoryMiB(requests.memory);
    if (cpu === undefined && memory === undefined) return;
    any = true;
    const proxy = c.name in PROXY_CONTAINERS;
    totals[proxy ? 'proxyCpuMillicores' : 'cpuMillicores'] += cpu ?? 0;
    totals[proxy ? 'proxyMemoryMiB' : 'memoryMiB'] += memory ?? 0;
  };
  asArray(spec.containers).forEach(add);
  asArray(spec.initContainers)
    .filter(c => c.restartPolicy === 'Always')
    .forEach(add);
  if (!any) return undefined;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    cpuMillicores: round(totals.cpuMillicores),
    memoryMiB: round(totals.memoryMiB),
    proxyCpuMillicores: round(totals.proxyCpuMillicores),
    proxyMemoryMiB: round(totals.proxyMemoryMiB),
    from,
  };
}

function portProtocol(
  port: Obj,
):
  | { protocol: Protocol; via: 'appProtocol' | 'port name' | 'protocol' }
  | undefined {
  if (String(port.protocol ?? 'TCP').toUpperCase() === 'UDP') {
    return { protocol: 'udp', via: 'protocol' };
  }
  if (typeof port.appProtocol === 'string') {
    const p = APP_PROTOCOLS[port.appProtocol.toLowerCase()];
    if (p) return { protocol: p, via: 'appProtocol' };
  }
  if (typeof port.name === 'string') {
    const name = port.name.toLowerCase();
    // `grpc-web` first, then the prefix before the first dash (`http-api` → http).
    const p =
      PORT_NAME_PROTOCOLS[name] ?? PORT_NAME_PROTOCOLS[name.split('-')[0]];
    if (p) return { protocol: p, via: 'port name' };
  }
  return undefined;
}

/** The observation of one component in one cluster. */
function observeCluster(
  item: ClusterObjects,
  observedAt: string,
): ClusterObservation {
  const cluster = String(item.cluster?.name ?? '');
  const byType = new Map<string, Obj[]>();
  for (const r of asArray(item.resources)) {
    const list = byType.get(String(r.type)) ?? [];
    list.push(...asArray(r.resources));
    byType.set(String(r.type), list);
  }
  const of = (type: string) => byType.get(type) ?? [];
  const errors = asArray(item.errors);
  const found = [...byType.values()].some(list => list.length > 0);
  if (errors.length > 0 && !found) {
    return {
      cluster,
      observedAt,
      status: 'error',
      error: errors
        .slice(0, 3)
        .map(
          e =>
            `${e.errorType ?? 'error'}${
              e.statusCode ? ` ${e.statusCode}` : ''
            }${e.resourcePath ? ` on ${e.resourcePath}` : ''}${
              e.message ? `: ${String(e.message).slice(0, 200)}` : ''
            }`,
        )
        .join('; '),
      workloads: [],
      pods: 0,
      dataPlanes: [],
      injection: [],
      protocols: [],
    };
  }

  const pods = of('pods');
  const workloads = [
    ...of('deployments').map(o => ({ kind: 'Deployment', o })),
    ...of('statefulsets').map(o => ({ kind: 'StatefulSet', o })),
    ...of('daemonsets').map(o => ({ kind: 'DaemonSet', o })),
  ];

  // Only pods tell the data plane: sidecars are injected at pod creation, so
  // a pod template does not show them. Templates still tell resource requests.
  const podLike = pods.map(p => ({ obj: p, from: nameOf('Pod', p) }));
  const templates = workloads
    .filter(w => w.o.spec?.template?.spec)
    .map(w => ({
      obj: { spec: w.o.spec.template.spec },
      from: `${nameOf(w.kind, w.o)} (pod template)`,
    }));
  const dataPlanes = new Set<DataPlane>();
  const meshOf = new Map<string, string>();
  for (const { obj, from } of podLike) {
    for (const plane of dataPlanesOf(obj)) {
      dataPlanes.add(plane);
      const mesh = plane.startsWith('istio') ? 'istio' : 'linkerd';
      if (!meshOf.has(mesh)) meshOf.set(mesh, from);
    }
  }
  let currentMesh: ClusterObservation['currentMesh'];
  let currentMeshFrom: string | undefined;
  if (podLike.length > 0) {
    if (meshOf.has('istio')) currentMesh = 'istio';
    else if (meshOf.has('linkerd')) currentMesh = 'linkerd';
    else currentMesh = 'none';
    currentMeshFrom =
      currentMesh === 'none' ? podLike[0].from : meshOf.get(currentMesh);
  }

  const injection = new Set<string>();
  for (const { obj } of podLike) {
    const labels = asRecord(obj.metadata?.labels);
    const annotations = asRecord(obj.metadata?.annotations);
    for (const key of INJECTION_KEYS) {
      for (const source of [labels, annotations]) {
        if (typeof source[key] === 'string')
          injection.add(`${key}=${source[key]}`);
      }
    }
  }

  // Replicas: the autoscaler's ceiling, else what the workloads ask for.
  let replicas: ClusterObservation['replicas'];
  const hpas = of('horizontalpodautoscalers').filter(
    h => Number.isInteger(h.spec?.maxReplicas) && h.spec.maxReplicas > 0,
  );
  const scaled = workloads.filter(
    w => Number.isInteger(w.o.spec?.replicas) && w.o.spec.replicas > 0,
  );
  if (hpas.length > 0) {
    replicas = {
      value: hpas.reduce((s, h) => s + h.spec.maxReplicas, 0),
      from: hpas
        .map(h => `${nameOf('HorizontalPodAutoscaler', h)} (maxReplicas)`)
        .join(', '),
    };
  } else if (scaled.length > 0) {
    replicas = {
      value: scaled.reduce((s, w) => s + w.o.spec.replicas, 0),
      from: scaled
        .map(w => `${nameOf(w.kind, w.o)} (spec.replicas)`)
        .join(', '),
    };
  }

  const protocols: ClusterObservation['protocols'] = [];
  for (const service of of('services')) {
    for (const port of asArray(service.spec?.ports)) {
      const p = portProtocol(port);
      if (!p) continue;
      protocols.push({
        ...p,
        from: `${nameOf('Service', service)} port ${
          port.name ? `${port.name} ` : ''
        }${port.port}/${port.protocol ?? 'TCP'}`,
      });
    }
  }

  let requests: ClusterObservation['requests'];
  for (const { obj, from } of [...podLike, ...templates]) {
    requests = requestsOf(obj, from);
    if (requests) break;
  }

  return {
    cluster,
    observedAt,
    status: 'ok',
    workloads: workloads.map(w => ({
      kind: w.kind,
      namespace: String(w.o.metadata?.namespace ?? 'default'),
      name: String(w.o.metadata?.name ?? '?'),
      ...(Number.isInteger(w.o.spec?.replicas) && {
        replicas: w.o.spec.replicas,
      }),
    })),
    pods: pods.length,
    dataPlanes: [...dataPlanes].sort(),
    ...(currentMesh && { currentMesh, currentMeshFrom }),
    injection: [...injection].sort(),
    ...(replicas && { replicas }),
    protocols,
    ...(requests && { requests }),
  };
}

/** Every cluster of the Kubernetes plugin's answer for one component. */
export function observeResponse(
  body: unknown,
  observedAt: string,
): ClusterObservation[] {
  const items = asArray(asRecord(body).items);
  return items.map(item => observeCluster(item as ClusterObjects, observedAt));
}
