export * from './types';
export {
  createClusterObserver,
  createObservationAccess,
  isObservable,
  scheduleClusterObserver,
  OBSERVE_TASK_ID,
} from './ClusterObserver';
export { createClusterObservationStore } from './ObservationStore';
