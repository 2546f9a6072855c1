/**
 * Mesh Advisor backend: the `service-mesh` plugin.
 *
 * @packageDocumentation
 */
export { serviceMeshPlugin as default } from './plugin';
