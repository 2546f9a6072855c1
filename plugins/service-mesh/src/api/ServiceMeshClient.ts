import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EvaluateRequest,
  Evaluation,
  ListClustersResponse,
  ListEvaluationsQuery,
  ListEvaluationsResponse,
  SystemRollup,
} from '@mesh-advisor/plugin-service-mesh-common';
import {
  CapabilitiesResponse,
  EntityHistoryResponse,
  RecentChangesResponse,
  ServiceMeshApi,
  VerdictCountsResponse,
} from './ServiceMeshApi';

/**
 * Options of {@link ServiceMeshClient}.
 *
 * @public
 */
export interface ServiceMeshClientOptions {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}

/**
 * The {@link ServiceMeshApi} over HTTP, through the app's `fetchApi` so the
 * user's Backstage token is attached by the framework.
 *
 * @public
 */
export class ServiceMeshClient implements ServiceMeshApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: ServiceMeshClientOptions) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async getEntityEvaluation(entityRef: CompoundEntityRef): Promise<Evaluation> {
    // e.g. /v1/entities/component/default/payments/evaluation (ADR009: separate segments)
    const path = `/v1/entities/${enc(
      entityRef.kind.toLocaleLowerCase('en-US'),
    )}/${enc(entityRef.namespace)}/${enc(entityRef.name)}/evaluation`;
    return this.#request<Evaluation>(path);
  }

  async evaluate(request: EvaluateRequest): Promise<Evaluation> {
    return this.#request<Evaluation>('/v1/evaluate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async listEvaluations(
    query: ListEvaluationsQuery,
  ): Promise<ListEvaluationsResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === '') {
        continue;
      }
      params.set(key, String(value));
    }
    const qs = params.toString();
    return this.#request<ListEvaluationsResponse>(
      `/v1/evaluations${qs ? `?${qs}` : ''}`,
    );
  }

  async getSystemRollup(systemRef: CompoundEntityRef): Promise<SystemRollup> {
    // e.g. /v1/systems/default/checkout/evaluation
    return this.#request<SystemRollup>(
      `/v1/systems/${enc(systemRef.namespace)}/${enc(
        systemRef.name,
      )}/evaluation`,
    );
  }

  async getClusters(): Promise<ListClustersResponse> {
    return this.#request<ListClustersResponse>('/v1/clusters');
  }

  async getCapabilities(): Promise<CapabilitiesResponse> {
    return this.#request<CapabilitiesResponse>('/v1/capabilities');
  }

  async getEntityHistory(
    entityRef: CompoundEntityRef,
    options: { limit?: number } = {},
  ): Promise<EntityHistoryResponse> {
    // e.g. /v1/entities/component/default/payments/history?limit=1
    const path = `/v1/entities/${enc(
      entityRef.kind.toLocaleLowerCase('en-US'),
    )}/${enc(entityRef.namespace)}/${enc(entityRef.name)}/history`;
    return this.#request<EntityHistoryResponse>(
      `${path}${queryString(options)}`,
    );
  }

  async getVerdictCounts(
    options: { days?: number } = {},
  ): Promise<VerdictCountsResponse> {
    return this.#request<VerdictCountsResponse>(
      `/v1/history/verdict-counts${queryString(options)}`,
    );
  }

  async getRecentChanges(
    options: { days?: number; limit?: number } = {},
  ): Promise<RecentChangesResponse> {
    return this.#request<RecentChangesResponse>(
      `/v1/history/changes${queryString(options)}`,
    );
  }

  async #request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('service-mesh');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function queryString(params: Record<string, number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `?${qs}` : '';
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
