export { SystemCard, SystemRollupCard } from './SystemCard';
export type { EntityServiceMeshSystemCardProps } from './SystemCard';
