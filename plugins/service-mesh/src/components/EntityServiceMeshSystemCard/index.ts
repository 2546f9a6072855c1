export { SystemCard, SystemRollupCard } from './EntityServiceMeshSystemCard';
export type { EntityServiceMeshSystemCardProps } from './EntityServiceMeshSystemCard';
