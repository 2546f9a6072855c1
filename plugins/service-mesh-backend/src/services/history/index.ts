export { evaluationInputs, diffInputs } from './inputs';
export type { EvaluationInputs, InputChange } from './inputs';
export { VerdictHistory, TRANSITIONS_TABLE } from './VerdictHistory';
export type { VerdictTransition, DailyVerdictCounts } from './VerdictHistory';
