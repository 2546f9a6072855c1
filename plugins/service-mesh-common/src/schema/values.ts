/*
 * The accepted values of the shared shapes, as plain constants. Kept free of
 * zod so that a frontend importing them does not bundle the schemas.
 */

/** @public */
export const MESH_IDS = ['istio', 'linkerd'] as const;

/** @public */
export const VERDICTS = ['istio', 'linkerd', 'either', 'none'] as const;

/** @public */
export const PROTOCOLS = [
  'http1',
  'http2',
  'grpc',
  'tcp',
  'udp',
  'http3',
  'websocket',
] as const;

/** @public */
export const CLUSTER_PROFILES = ['edge', 'standard', 'large'] as const;

/** @public */
export const OPS_CAPACITIES = ['none', 'small', 'dedicated'] as const;

/** @public */
export const VENDOR_SUPPORT_LEVELS = ['required', 'preferred', 'none'] as const;

/** @public */
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

/** @public */
export const MAX_LIST_LIMIT = 500;
