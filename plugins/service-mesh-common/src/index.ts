/**
 * Mesh Advisor's isomorphic core: the annotation and policy schemas, the
 * sourced capability facts of Istio and Linkerd, the pure evaluator and the
 * guidance/manifest generator, all pure; and the HTTP client of the
 * backend's API (ServiceMeshApiClient, over a given fetch). Runs in the
 * browser and in Node.
 *
 * @packageDocumentation
 */

export * from './schema';
export * from './annotations';
export * from './facts';
export * from './evaluator';
export * from './client';
