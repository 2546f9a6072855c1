export { SystemCard } from './SystemCard';
export type { EntityServiceMeshSystemCardProps } from './SystemCard';
