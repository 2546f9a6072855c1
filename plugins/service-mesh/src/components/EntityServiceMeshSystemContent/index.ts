export { ServiceMeshSystemContent } from './EntityServiceMeshSystemContent';
