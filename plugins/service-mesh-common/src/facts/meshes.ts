// Kept free of zod so the frontend can import the names without the schemas.

/**
 * Display names of the meshes, the one place the UI and the evaluator's
 * prose take them from.
 *
 * @public
 */
export const MESH_NAME = {
  istio: 'Istio',
  linkerd: 'Linkerd',
} as const satisfies Record<'istio' | 'linkerd', string>;
