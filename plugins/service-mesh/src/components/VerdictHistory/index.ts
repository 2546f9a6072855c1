export { LastVerdictChange } from './LastVerdictChange';
export type { LastVerdictChangeProps } from './LastVerdictChange';
export { VerdictCountsOverTime } from './VerdictCountsOverTime';
export type { VerdictCountsOverTimeProps } from './VerdictCountsOverTime';
export { RecentVerdictChanges } from './RecentVerdictChanges';
export type { RecentVerdictChangesProps } from './RecentVerdictChanges';
export {
  describeChange,
  describeReason,
  describeTransition,
  formatDay,
} from './describeTransition';
