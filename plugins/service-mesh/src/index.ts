/**
 * Mesh Advisor frontend: the component card, the system roll-up card and
 * the catalog-wide dashboard, for the legacy frontend system. The new
 * frontend system uses the `/alpha` entry.
 *
 * @packageDocumentation
 */

export {
  serviceMeshPlugin,
  EntityServiceMeshCard,
  EntityServiceMeshSystemCard,
  ServiceMeshPage,
} from './plugin';
export * from './api';
export {
  isServiceMeshAvailable,
  isServiceMeshSystemAvailable,
} from './conditions';
export type { EntityServiceMeshCardProps } from './components/EntityServiceMeshCard';
export type { EntityServiceMeshSystemCardProps } from './components/EntityServiceMeshSystemCard';
export { rootRouteRef as serviceMeshRouteRef } from './routes';
