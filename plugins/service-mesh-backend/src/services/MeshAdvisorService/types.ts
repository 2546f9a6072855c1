import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  CapabilitiesResponse,
  EvaluateRequest,
  Evaluation,
  ListClustersResponse,
  ListEvaluationsResponse,
  listEvaluationsQuerySchema,
  SystemRollup,
} from '@mesh-advisor/plugin-service-mesh-common';
import { z } from 'zod';

/** Whose catalog view an operation uses: always the caller's own. */
interface CallerOptions {
  credentials: BackstageCredentials;
}

/** The dashboard list's query, as the shared schema parses it. */
type ListEvaluationsInput = z.output<typeof listEvaluationsQuerySchema>;

/**
 * Mesh Advisor's operations for a caller, whatever the transport: the HTTP
 * router, the MCP action and anything that comes next adapt their input to
 * these and their output from them. Each reads the catalog with the
 * caller's credentials, so a result is built only from what the caller may
 * read; an entity the caller may not read is a NotFoundError, exactly as a
 * missing one. Input is expected in its parsed form (the adapters name
 * their own inputs in their errors); what only this layer can check (the
 * refs of a draft) is checked here.
 */
export interface MeshAdvisorService {
  /** A catalog entity's evaluation, with cluster evidence when the caller may read it. */
  evaluateEntity(
    ref: CompoundEntityRef,
    options: CallerOptions,
  ): Promise<Evaluation>;

  /** A draft entity (it need not be in the catalog), with what-if overrides and targets. */
  evaluateDraft(
    request: EvaluateRequest,
    options: CallerOptions,
  ): Promise<Evaluation>;

  /** A page of stored evaluations with facets, over the entities the caller may read. */
  listEvaluations(
    query: ListEvaluationsInput,
    options: CallerOptions,
  ): Promise<ListEvaluationsResponse>;

  /** A system's roll-up over the components of it the caller may read. */
  rollUpSystem(
    ref: { namespace: string; name: string },
    options: CallerOptions,
  ): Promise<SystemRollup>;

  /** Per cluster, the observed components the caller may read. */
  listClusters(
    query: Record<string, unknown>,
    options: CallerOptions,
  ): Promise<ListClustersResponse>;

  /** The rules version and the capability facts the verdicts rest on. */
  /** What `GET /v1/capabilities` answers; the service always lists the facts. */
  capabilities(): Required<CapabilitiesResponse>;
}
