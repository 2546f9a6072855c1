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
}

/**
 * {@link @backstage/core-plugin-api#ApiRef} for the {@link ServiceMeshApi}.
 *
 * @public
 */
export const serviceMeshApiRef = createApiRef<ServiceMeshApi>({
  id: 'plugin.service-mesh.service',
});
