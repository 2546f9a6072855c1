import type { Entity } from '@backstage/catalog-model';
import type { ClusterObservation } from '../schema';

/**
 * The entity to evaluate and the related entities the backend resolved from
 * the catalog (on the caller's behalf). Any may be missing (unreadable or
 * unknown): then the evaluator falls back to defaults and lowers confidence.
 *
 * @public
 */
export interface EvaluationContext {
  /** Usually kind Component; any other kind gives `applicable: false`. */
  entity: Entity;
  /** The owner Group (or User). */
  owner?: Entity;
  /** The System the component is part of. */
  system?: Entity;
  /** The System's Domain. */
  domain?: Entity;
  /** API entities the component provides or consumes. */
  apis?: Entity[];
  /** Resources it dependsOn. */
  resources?: Entity[];
  /**
   * What the clusters run, one entry per cluster (only when the caller may
   * read Kubernetes resources); declarations still win over it.
   */
  observations?: ClusterObservation[];
}
