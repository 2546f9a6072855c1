export type { EvaluationContext } from './types';
export { assessEntity, evaluateEntity } from './evaluateEntity';
export type { Assessment } from './evaluateEntity';
export { rollUpSystem } from './rollUpSystem';
export { summarizeEvaluation } from './summarize';
export { proxyCost } from './observations';
export {
  relatedEntityRefs,
  domainEntityRef,
  isServiceMeshApplicable,
  isServiceMeshExcluded,
  NOT_APPLICABLE_TYPES,
} from './refs';
export { opsCapacityFromGroupSize } from './requirements';
export { MeshPolicyError, parseMeshPolicy } from './policy';
export { DEFAULT_WEIGHTS, WEIGHT_NAMES } from './weights';
export type { WeightName } from './weights';
export { RULES_VERSION } from './rulesVersion';
