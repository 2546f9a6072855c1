import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  CapabilitiesResponse,
  EntityHistoryResponse,
  EvaluateRequest,
  Evaluation,
  ListEvaluationsQuery,
  ListClustersResponse,
  ListEvaluationsResponse,
  RecentChangesResponse,
  SystemRollup,
  VerdictCountsResponse,
} from '@mesh-advisor/plugin-service-mesh-common';

// The response types moved to the common package with the shared client;
// re-exported so this package's public API keeps them.
export type {
  CapabilitiesResponse,
  EntityHistoryResponse,
  RecentChangesResponse,
  VerdictCountsResponse,
  VerdictInputChange,
  VerdictTransition,
} from '@mesh-advisor/plugin-service-mesh-common';

/**
 * Client of the Mesh Advisor backend (`/api/service-mesh`).
 *
 * @public
 */
export interface ServiceMeshApi {
  /** The fresh evaluation of one catalog entity. */
  getEntityEvaluation(entityRef: CompoundEntityRef): Promise<Evaluation>;
  /** Evaluates an entity that need not be in the catalog, with optional what-if overrides. */
  evaluate(request: EvaluateRequest): Promise<Evaluation>;
  /** One page of the stored evaluations, for the dashboard. */
  listEvaluations(
    query: ListEvaluationsQuery,
  ): Promise<ListEvaluationsResponse>;
  /** The roll-up of a system. */
  getSystemRollup(systemRef: CompoundEntityRef): Promise<SystemRollup>;
  /** Per cluster: the components observed there, the meshes they run and point to, conflicts and proxy cost. */
  getClusters(): Promise<ListClustersResponse>;
  /** The capability facts behind the evaluator. */
  getCapabilities(): Promise<CapabilitiesResponse>;
  /** The verdict transitions of one entity, newest first. */
  getEntityHistory(
    entityRef: CompoundEntityRef,
    options?: { limit?: number },
  ): Promise<EntityHistoryResponse>;
  /** Verdict counts per day over the last `days` days (default 30). */
  getVerdictCounts(options?: { days?: number }): Promise<VerdictCountsResponse>;
  /** Entities whose verdict changed in the last `days` days (default 7). */
  getRecentChanges(options?: {
    days?: number;
    limit?: number;
  }): Promise<RecentChangesResponse>;
}

/**
 * {@link @backstage/core-plugin-api#ApiRef} for the {@link ServiceMeshApi}.
 *
 * @public
 */
export const serviceMeshApiRef = createApiRef<ServiceMeshApi>({
  id: 'plugin.service-mesh.service',
});
