export {
  ServiceMeshCard,
  ServiceMeshAnalysisCard,
} from './EntityServiceMeshCard';
export type { EntityServiceMeshCardProps } from './EntityServiceMeshCard';
