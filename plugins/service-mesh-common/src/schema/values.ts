/*
 * The accepted values of the shared shapes, as plain constants. Kept free of
 * zod so that a frontend importing them does not bundle the schemas.
 */

/**
 * The service meshes Mesh Advisor scores and writes guidance for.
 *
 * @public
 */
export const MESH_IDS = ['istio', 'linkerd'] as const;

/**
 * The verdicts of an evaluation: one mesh, either of them, or no mesh.
 *
 * @public
 */
export const VERDICTS = ['istio', 'linkerd', 'either', 'none'] as const;

/**
 * The protocols a component may declare in `mesh-advisor.io/protocols`.
 *
 * @public
 */
export const PROTOCOLS = [
  'http1',
  'http2',
  'grpc',
  'tcp',
  'udp',
  'http3',
  'websocket',
] as const;

/**
 * The resource budgets of `mesh-advisor.io/cluster-profile` (component,
 * system or domain).
 *
 * @public
 */
export const CLUSTER_PROFILES = ['edge', 'standard', 'large'] as const;

/**
 * Whether there is a platform team to run a mesh
 * (`mesh-advisor.io/ops-capacity` on the owning group, system or domain).
 *
 * @public
 */
export const OPS_CAPACITIES = ['none', 'small', 'dedicated'] as const;

/**
 * How much commercial support and LTS builds matter
 * (`mesh-advisor.io/vendor-support`).
 *
 * @public
 */
export const VENDOR_SUPPORT_LEVELS = ['required', 'preferred', 'none'] as const;

/**
 * The mesh a component or system runs today
 * (`mesh-advisor.io/current-mesh`).
 *
 * @public
 */
export const CURRENT_MESHES = ['none', 'istio', 'linkerd'] as const;

/** Columns the dashboard list can sort by; prefix with `-` for descending. @public */
export const EVALUATION_SORT_FIELDS = [
  'name',
  'verdict',
  'istio',
  'linkerd',
  'confidence',
  'owner',
  'system',
  'evaluatedAt',
] as const;

/**
 * The most evaluations one page of `GET /v1/evaluations` returns.
 *
 * @public
 */
export const MAX_LIST_LIMIT = 500;
