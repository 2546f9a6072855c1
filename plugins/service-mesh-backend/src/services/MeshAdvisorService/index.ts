export { createMeshAdvisorService } from './createMeshAdvisorService';
export type { MeshAdvisorServiceDeps } from './createMeshAdvisorService';
export type {
  CallerOptions,
  CapabilitiesResponse,
  ListEvaluationsInput,
  MeshAdvisorService,
} from './types';
