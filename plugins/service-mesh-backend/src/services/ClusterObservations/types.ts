import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  ClusterObservation,
  EvaluationSummary,
} from '@mesh-advisor/plugin-service-mesh-common';
import type { Visibility } from '../EvaluationStore';

/** What one observation run did, for logs and tests. */
interface ObservationRunResult {
  /** Components asked about. */
  observed: number;
  /** Components whose query failed or timed out. */
  failed: number;
  /** Components whose rows were removed (no longer annotated or gone). */
  removed: number;
}

/**
 * Asks the Kubernetes plugin, in the background, what each component runs,
 * and keeps the answers in the {@link ClusterObservationStore}.
 */
export interface ClusterObserver {
  /** Observes every component annotated for Kubernetes once. */
  observeAll(): Promise<ObservationRunResult>;
}

/** One stored observation with the stored evaluation of its component. */
export interface ObservedComponent {
  entityRef: string;
  observation: ClusterObservation;
  summary: EvaluationSummary;
}

/** The stored observations, one row per component and cluster. */
export interface ClusterObservationStore {
  /** Replaces every row of a component with these (none: it runs nowhere). */
  replace(entityRef: string, observations: ClusterObservation[]): Promise<void>;
  /** Removes the rows of components not among these refs; returns how many components. */
  retainOnly(entityRefs: Set<string>): Promise<number>;
  /** The rows of one component, in one read. */
  forEntity(entityRef: string): Promise<ClusterObservation[]>;
  /** The rows of many components in one read per 500, by ref; components without rows are absent. */
  forEntities(entityRefs: string[]): Promise<Map<string, ClusterObservation[]>>;
  /**
   * Rows of components that have a stored evaluation, restricted to the
   * ones the caller may see (undefined: all), with that evaluation (its
   * observed variant where there is one).
   */
  withEvaluations(
    visibility: Visibility | undefined,
  ): Promise<ObservedComponent[]>;
}

/** Decides whether a caller may see observations (the Kubernetes plugin's read permission). */
export interface ObservationAccess {
  mayRead(credentials: BackstageCredentials): Promise<boolean>;
}
