/** The annotation prefix of Mesh Advisor. @public */
export const MESH_ANNOTATION_PREFIX = 'mesh-advisor.io/';

/**
 * The catalog annotations Mesh Advisor reads (docs/annotations.md). Values are
 * case-insensitive, lists comma-separated, whitespace ignored.
 *
 * @public
 */
export const MESH_ANNOTATIONS = {
  /** Component. What the workload speaks: `http1, http2, grpc, tcp, udp, http3, websocket`. */
  protocols: 'mesh-advisor.io/protocols',
  /** Component, System (union). Capability ids the team needs, e.g. `mtls, retries`. */
  needs: 'mesh-advisor.io/needs',
  /** Component, System, Domain. `edge`, `standard` or `large`: the resource budget. */
  clusterProfile: 'mesh-advisor.io/cluster-profile',
  /** Component. Integer 1–100000: pods, for the overhead estimate. */
  replicas: 'mesh-advisor.io/replicas',
  /** Component. Number of ms greater than 0: the p99 budget the mesh must fit into. */
  latencyBudgetMs: 'mesh-advisor.io/latency-budget-ms',
  /** Group (owner), System, Domain. `none`, `small` or `dedicated`: is there a platform squad. */
  opsCapacity: 'mesh-advisor.io/ops-capacity',
  /** Component, System. `none`, `istio` or `linkerd`: what it runs today. */
  currentMesh: 'mesh-advisor.io/current-mesh',
  /** Component, System, Domain. `true` or `false`: Envoy already at the edge. */
  existingEnvoy: 'mesh-advisor.io/existing-envoy',
  /** System, Domain. Free text: the cluster's CNI, e.g. `cilium`. */
  cni: 'mesh-advisor.io/cni',
  /** Component, System, Domain. `required`, `preferred` or `none`: commercial support and LTS builds. */
  vendorSupport: 'mesh-advisor.io/vendor-support',
  /** Component. `true`: not evaluated (verdict `none`, not applicable). */
  exclude: 'mesh-advisor.io/exclude',
} as const;

/**
 * The key of an annotation in {@link MESH_ANNOTATIONS}, e.g. `opsCapacity`.
 *
 * @public
 */
export type MeshAnnotationName = keyof typeof MESH_ANNOTATIONS;

/**
 * The kinds (lower-case) each annotation may be set on (docs/annotations.md); elsewhere
 * it is ignored with an info diagnostic.
 *
 * @public
 */
export const MESH_ANNOTATION_KINDS: Record<
  MeshAnnotationName,
  readonly string[]
> = {
  protocols: ['component'],
  needs: ['component', 'system'],
  clusterProfile: ['component', 'system', 'domain'],
  replicas: ['component'],
  latencyBudgetMs: ['component'],
  opsCapacity: ['group', 'system', 'domain'],
  currentMesh: ['component', 'system'],
  existingEnvoy: ['component', 'system', 'domain'],
  cni: ['system', 'domain'],
  vendorSupport: ['component', 'system', 'domain'],
  exclude: ['component'],
};

/** Annotations larger than this (in UTF-16 code units, ~bytes for ASCII) are refused. @public */
export const MAX_ANNOTATION_LENGTH = 1024;
