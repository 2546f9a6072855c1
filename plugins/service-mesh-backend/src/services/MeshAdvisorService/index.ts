export { createMeshAdvisorService } from './createMeshAdvisorService';
export { createUnfilteredReads } from './unfilteredReads';
export type { MeshAdvisorService } from './types';
