export {
  MESH_ANNOTATION_PREFIX,
  MESH_ANNOTATIONS,
  MESH_ANNOTATION_KINDS,
  MAX_ANNOTATION_LENGTH,
} from './constants';
export type { MeshAnnotationName } from './constants';
