/**
 * Mesh Advisor frontend for the legacy frontend system: summary cards for
 * the overviews of components and systems, "Service mesh" tabs with the
 * full analysis, the full cards, and the catalog-wide dashboard. The new
 * frontend system uses the `/alpha` entry.
 *
 * @packageDocumentation
 */

export {
  serviceMeshPlugin,
  EntityServiceMeshSummaryCard,
  EntityServiceMeshContent,
  EntityServiceMeshSystemSummaryCard,
  EntityServiceMeshSystemContent,
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
export type { EntityServiceMeshSummaryCardProps } from './components/EntityServiceMeshSummaryCard';
export type { EntityServiceMeshSystemSummaryCardProps } from './components/EntityServiceMeshSystemSummaryCard';
export { rootRouteRef as serviceMeshRouteRef } from './routes';
