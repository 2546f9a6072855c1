export * from './types';
export {
  createClusterObserver,
  createObservationAccess,
  isObservable,
  scheduleClusterObserver,
  OBSERVE_TASK_ID,
  KUBERNETES_QUERY_TIMEOUT_MS,
} from './ClusterObserver';
export { createClusterObservationStore } from './ObservationStore';
export { observeResponse } from './readObjects';
