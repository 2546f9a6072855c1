export { serviceMeshApiRef } from './ServiceMeshApi';
export type { CapabilitiesResponse, ServiceMeshApi } from './ServiceMeshApi';
export { ServiceMeshClient } from './ServiceMeshClient';
export type { ServiceMeshClientOptions } from './ServiceMeshClient';
