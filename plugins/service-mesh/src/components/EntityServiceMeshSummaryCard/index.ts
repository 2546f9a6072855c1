export { ServiceMeshSummaryCard } from './EntityServiceMeshSummaryCard';
export type { EntityServiceMeshSummaryCardProps } from './EntityServiceMeshSummaryCard';
