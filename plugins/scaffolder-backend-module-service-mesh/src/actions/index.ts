export { createServiceMeshManifestsAction } from './createServiceMeshManifestsAction';
