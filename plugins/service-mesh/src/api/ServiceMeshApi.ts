import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EvaluateRequest,
  Evaluation,
  ListEvaluationsQuery,
  ListEvaluationsResponse,
  MeshId,
  SystemRollup,
} from '@mesh-advisor/plugin-service-mesh-common';

/**
 * One capability fact of `GET /v1/capabilities`: what a mesh supports, since
 * which version, and where that was read.
 *
 * @public
 */
export interface CapabilityFact {
  capability: string;
  mesh: MeshId;
  support: 'native' | 'partial' | 'none';
  minVersion?: string;
  resource?: string;
  note: string;
  sources: Array<{ title: string; url: string; date?: string }>;
  verified: boolean;
}

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
