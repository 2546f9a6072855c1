export { ServiceMeshCard } from './EntityServiceMeshCard';
export type { EntityServiceMeshCardProps } from './EntityServiceMeshCard';
