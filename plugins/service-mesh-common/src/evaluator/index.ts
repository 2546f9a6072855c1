export type { EvaluationContext } from './types';
export { evaluateEntity } from './evaluateEntity';
export { rollUpSystem } from './rollUpSystem';
export { summarizeEvaluation } from './summarize';
export {
  relatedEntityRefs,
  domainEntityRef,
  isServiceMeshApplicable,
  NOT_APPLICABLE_TYPES,
} from './refs';
export { opsCapacityFromGroupSize } from './requirements';
export { MeshPolicyError, parseMeshPolicy } from './policy';
export { DEFAULT_WEIGHTS, WEIGHT_NAMES } from './weights';
export type { WeightName } from './weights';
