export { ServiceMeshContent } from './EntityServiceMeshContent';
