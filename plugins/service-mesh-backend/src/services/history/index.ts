export { VerdictHistory } from './VerdictHistory';
