export { Evidence } from './Evidence';
export { LoadErrorState } from './LoadErrorState';
export { EntityRefOrText } from './EntityRefOrText';
export { ScoreBar } from './ScoreBar';
export { VerdictChip } from './VerdictChip';
export {
  MESH_LABELS,
  VERDICT_LABELS,
  formatNumber,
  formatPercent,
  formatSigned,
} from './format';
