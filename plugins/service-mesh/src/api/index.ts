export { serviceMeshApiRef } from './ServiceMeshApi';
export type {
  CapabilitiesResponse,
  EntityHistoryResponse,
  RecentChangesResponse,
  ServiceMeshApi,
  VerdictCountsResponse,
  VerdictInputChange,
  VerdictTransition,
} from './ServiceMeshApi';
export { ServiceMeshClient } from './ServiceMeshClient';
export type { ServiceMeshClientOptions } from './ServiceMeshClient';
