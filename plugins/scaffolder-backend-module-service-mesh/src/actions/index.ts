export { createServiceMeshManifestsAction } from './createServiceMeshManifestsAction';
export type { ServiceMeshManifestsActionOptions } from './createServiceMeshManifestsAction';
