import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  CapabilitiesResponse,
  EntityHistoryResponse,
  EvaluateRequest,
  Evaluation,
  ListClustersResponse,
  ListEvaluationsQuery,
  ListEvaluationsResponse,
  RecentChangesResponse,
  ServiceMeshApiClient,
  SystemRollup,
  VerdictCountsResponse,
} from '@mesh-advisor/plugin-service-mesh-common';
import { ServiceMeshApi } from './ServiceMeshApi';

/**
 * Options of {@link ServiceMeshClient}.
 *
 * @public
 */
export interface ServiceMeshClientOptions {
  /** Finds the backend plugin's base URL (`/api/service-mesh`). */
  discoveryApi: DiscoveryApi;
  /** Sends the requests with the signed-in user's Backstage token. */
  fetchApi: FetchApi;
}

/**
 * The {@link ServiceMeshApi} over HTTP: the shared `ServiceMeshApiClient` of
 * the common package, sending through the app's `fetchApi`, which attaches
 * the signed-in user's Backstage token. Errors are the client's
 * `ResponseError`s.
 *
 * @public
 */
export class ServiceMeshClient implements ServiceMeshApi {
  readonly #client: ServiceMeshApiClient;

  constructor(options: ServiceMeshClientOptions) {
    this.#client = new ServiceMeshApiClient({
      discoveryApi: options.discoveryApi,
      fetchApi: options.fetchApi,
    });
  }

  /** {@inheritDoc ServiceMeshApi.getEntityEvaluation} */
  getEntityEvaluation(entityRef: CompoundEntityRef): Promise<Evaluation> {
    return this.#client.getEntityEvaluation({ path: entityRef });
  }

  /** {@inheritDoc ServiceMeshApi.evaluate} */
  evaluate(request: EvaluateRequest): Promise<Evaluation> {
    return this.#client.evaluateDraft({ body: request });
  }

  /** {@inheritDoc ServiceMeshApi.listEvaluations} */
  listEvaluations(
    query: ListEvaluationsQuery,
  ): Promise<ListEvaluationsResponse> {
    return this.#client.listEvaluations({ query });
  }

  /** {@inheritDoc ServiceMeshApi.getSystemRollup} */
  getSystemRollup(systemRef: CompoundEntityRef): Promise<SystemRollup> {
    return this.#client.getSystemRollup({ path: systemRef });
  }

  /** {@inheritDoc ServiceMeshApi.getClusters} */
  getClusters(): Promise<ListClustersResponse> {
    return this.#client.listClusters();
  }

  /** {@inheritDoc ServiceMeshApi.getCapabilities} */
  getCapabilities(): Promise<CapabilitiesResponse> {
    return this.#client.getCapabilities();
  }

  /** {@inheritDoc ServiceMeshApi.getEntityHistory} */
  getEntityHistory(
    entityRef: CompoundEntityRef,
    options: { limit?: number } = {},
  ): Promise<EntityHistoryResponse> {
    return this.#client.getEntityHistory({ path: entityRef, query: options });
  }

  /** {@inheritDoc ServiceMeshApi.getVerdictCounts} */
  getVerdictCounts(
    options: { days?: number } = {},
  ): Promise<VerdictCountsResponse> {
    return this.#client.getVerdictCounts({ query: options });
  }

  /** {@inheritDoc ServiceMeshApi.getRecentChanges} */
  getRecentChanges(
    options: { days?: number; limit?: number } = {},
  ): Promise<RecentChangesResponse> {
    return this.#client.listVerdictChanges({ query: options });
  }
}
