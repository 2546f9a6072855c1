export { LastVerdictChange } from './LastVerdictChange';
export { VerdictCountsOverTime } from './VerdictCountsOverTime';
export { RecentVerdictChanges } from './RecentVerdictChanges';
