import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  CapabilityFact,
  EvaluateRequest,
  Evaluation,
  ListEvaluationsQuery,
  ListClustersResponse,
  ListEvaluationsResponse,
  SystemRollup,
  Verdict,
} from '@mesh-advisor/plugin-service-mesh-common';

/**
 * Answer of `GET /v1/capabilities`.
 *
 * @public
 */
export interface CapabilitiesResponse {
  rulesVersion: string;
  capabilities: CapabilityFact[];
}

/**
 * One input that differs between two evaluations of an entity: items of a
 * list annotation gained and lost, or a value's before and after (absent
 * when unset). `policy` carries neither: the organisation's policy changed.
 *
 * @public
 */
export type VerdictInputChange =
  | { input: string; gained: string[]; lost: string[] }
  | { input: string; from?: string; to?: string };

/**
 * One change of an entity's stored verdict.
 *
 * @public
 */
export interface VerdictTransition {
  entityRef: string;
  /** ISO time the refresh stored the new verdict. */
  changedAt: string;
  from: Verdict;
  to: Verdict;
  fromRulesVersion: string;
  rulesVersion: string;
  /** Which inputs changed; empty when none of the recorded ones did. */
  changes: VerdictInputChange[];
}

/**
 * Answer of `GET /v1/entities/:kind/:namespace/:name/history`.
 *
 * @public
 */
export interface EntityHistoryResponse {
  entityRef: string;
  /** Newest first. */
  transitions: VerdictTransition[];
}

/**
 * Answer of `GET /v1/history/verdict-counts`: verdict counts at the end of
 * each UTC day, oldest first, over the entities the caller may read.
 *
 * @public
 */
export interface VerdictCountsResponse {
  retentionDays: number;
  days: Array<{ day: string; counts: Record<Verdict, number> }>;
}

/**
 * Answer of `GET /v1/history/changes`: the latest transition of each entity
 * whose verdict changed since `since`, newest first.
 *
 * @public
 */
export interface RecentChangesResponse {
  since: string;
  items: VerdictTransition[];
  totalItems: number;
}

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
