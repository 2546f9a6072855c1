export { createMeshAdvisorService } from './createMeshAdvisorService';
export type { MeshAdvisorServiceDeps } from './createMeshAdvisorService';
export { createUnfilteredReads } from './unfilteredReads';
export type {
  CallerOptions,
  CapabilitiesResponse,
  ListEvaluationsInput,
  MeshAdvisorService,
} from './types';
