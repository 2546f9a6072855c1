export { Evidence } from './Evidence';
export { LoadErrorState } from './LoadErrorState';
export { StateMessage } from './StateMessage';
export { EntityRefOrText } from './EntityRefOrText';
export { ScoreBar } from './ScoreBar';
export { VerdictChip } from './VerdictChip';
export { CARD_TITLE_PROPS, useTextStyles } from './styles';
export {
  evaluationFallback,
  rollupFallback,
  useEntityEvaluation,
  useSystemRollup,
} from './loadState';
export type { EntityEvaluationState, LoadState } from './loadState';
export {
  SERVICE_MESH_TAB_PATH,
  VIEW_ANALYSIS,
  useServiceMeshTabLink,
} from './useServiceMeshTabLink';
export {
  LOW_CONFIDENCE,
  MESH_LABELS,
  VERDICT_LABELS,
  formatNumber,
  formatPercent,
  formatSigned,
  formatTime,
  isLowConfidence,
  isProvisional,
} from './format';
export {
  DecidingQuestionsBrief,
  DecidingQuestionsList,
  WOULD_DECIDE_IT,
} from './DecidingQuestions';
