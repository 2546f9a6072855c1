export { ServiceMeshApiClient } from './ServiceMeshApiClient';
export type { ServiceMeshApiClientOptions } from './ServiceMeshApiClient';
export type {
  CapabilitiesResponse,
  EntityHistoryResponse,
  EntityPathParams,
  EvaluateDraftRequest,
  GetEntityEvaluationRequest,
  GetEntityHistoryRequest,
  GetSystemRollupRequest,
  GetVerdictCountsRequest,
  ListEvaluationsRequest,
  ListVerdictChangesRequest,
  RecentChangesResponse,
  ServiceMeshRequestOptions,
  VerdictCountsResponse,
  VerdictInputChange,
  VerdictTransition,
} from './types';
