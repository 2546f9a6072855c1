export { Evidence } from './Evidence';
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
export { VIEW_ANALYSIS, useServiceMeshTabLink } from './useServiceMeshTabLink';
export {
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
} from './DecidingQuestions';
