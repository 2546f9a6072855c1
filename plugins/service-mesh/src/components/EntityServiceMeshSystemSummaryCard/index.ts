export { ServiceMeshSystemSummaryCard } from './EntityServiceMeshSystemSummaryCard';
export type { EntityServiceMeshSystemSummaryCardProps } from './EntityServiceMeshSystemSummaryCard';
