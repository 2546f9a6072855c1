import { InputError, ResponseError } from '@backstage/errors';
import type {
  Evaluation,
  ListClustersResponse,
  ListEvaluationsResponse,
  SystemRollup,
} from '../schema';
import type {
  CapabilitiesResponse,
  EntityHistoryResponse,
  EvaluateDraftRequest,
  GetEntityEvaluationRequest,
  GetEntityHistoryRequest,
  GetSystemRollupRequest,
  GetVerdictCountsRequest,
  ListEvaluationsRequest,
  ListVerdictChangesRequest,
  RecentChangesResponse,
  ServiceMeshRequestOptions,
  VerdictCountsResponse,
} from './types';

/** The backend plugin's id, under which discovery finds its base URL. */
const PLUGIN_ID = 'service-mesh';

/**
 * Options of {@link ServiceMeshApiClient}: the same shape as Backstage's
 * generated clients take, so both the frontend's `discoveryApi`/`fetchApi`
 * and the backend's `DiscoveryService` fit.
 *
 * @public
 */
export interface ServiceMeshApiClientOptions {
  /** Finds the backend plugin's base URL (`/api/service-mesh`). */
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** Defaults to the global `fetch` (browsers, Node 22). */
  fetchApi?: { fetch: typeof fetch };
}

/**
 * Client of Mesh Advisor's HTTP API (`/api/service-mesh`), one method per
 * operation of the backend's `openapi.yaml`, named after its `operationId`
 * (docs/api.md). Each answers the typed body, or throws a
 * {@link @backstage/errors#ResponseError} carrying the server's error
 * (its `statusCode`, and the message in `body.error.message`). Runs in the
 * browser and in Node.
 *
 * @public
 */
export class ServiceMeshApiClient {
  readonly #discoveryApi: ServiceMeshApiClientOptions['discoveryApi'];
  readonly #fetchApi: { fetch: typeof fetch };

  constructor(options: ServiceMeshApiClientOptions) {
    this.#discoveryApi = options.discoveryApi;
    // Looked up on each call, so a fetch installed later (or mocked) is used.
    this.#fetchApi = options.fetchApi ?? {
      fetch: (input, init) => globalThis.fetch(input, init),
    };
  }

  /** `GET /v1/entities/{kind}/{namespace}/{name}/evaluation`: a catalog entity's evaluation, computed now. */
  async getEntityEvaluation(
    request: GetEntityEvaluationRequest,
    options?: ServiceMeshRequestOptions,
  ): Promise<Evaluation> {
    return this.#send('GET', `${entityPath(request.path)}/evaluation`, {
      options,
    });
  }

  /** `POST /v1/evaluate`: a draft entity's evaluation (what-if); nothing is stored. */
  async evaluateDraft(
    request: EvaluateDraftRequest,
    options?: ServiceMeshRequestOptions,
  ): Promise<Evaluation> {
    return this.#send('POST', '/v1/evaluate', { body: request.body, options });
  }

  /** `GET /v1/evaluations`: a page of the stored evaluations, with totals and facets. */
  async listEvaluations(
    request: ListEvaluationsRequest = {},
    options?: ServiceMeshRequestOptions,
  ): Promise<ListEvaluationsResponse> {
    return this.#send('GET', '/v1/evaluations', {
      query: request.query,
      options,
    });
  }

  /** `GET /v1/systems/{namespace}/{name}/evaluation`: a system's roll-up. */
  async getSystemRollup(
    request: GetSystemRollupRequest,
    options?: ServiceMeshRequestOptions,
  ): Promise<SystemRollup> {
    const { namespace, name } = request.path;
    return this.#send(
      'GET',
      `/v1/systems/${segment('namespace', namespace)}/${segment(
        'name',
        name,
      )}/evaluation`,
      { options },
    );
  }

  /** `GET /v1/clusters`: per cluster, the observed components, their meshes, conflicts and proxy cost. */
  async listClusters(
    options?: ServiceMeshRequestOptions,
  ): Promise<ListClustersResponse> {
    return this.#send('GET', '/v1/clusters', { options });
  }

  /** `GET /v1/capabilities`: the rules version and the facts the verdicts rest on. */
  async getCapabilities(
    options?: ServiceMeshRequestOptions,
  ): Promise<CapabilitiesResponse> {
    return this.#send('GET', '/v1/capabilities', { options });
  }

  /** `GET /v1/entities/{kind}/{namespace}/{name}/history`: the entity's verdict transitions, newest first. */
  async getEntityHistory(
    request: GetEntityHistoryRequest,
    options?: ServiceMeshRequestOptions,
  ): Promise<EntityHistoryResponse> {
    return this.#send('GET', `${entityPath(request.path)}/history`, {
      query: request.query,
      options,
    });
  }

  /** `GET /v1/history/verdict-counts`: verdict counts at the end of each of the last days. */
  async getVerdictCounts(
    request: GetVerdictCountsRequest = {},
    options?: ServiceMeshRequestOptions,
  ): Promise<VerdictCountsResponse> {
    return this.#send('GET', '/v1/history/verdict-counts', {
      query: request.query,
      options,
    });
  }

  /** `GET /v1/history/changes`: the entities whose verdict changed lately, with their latest transition. */
  async listVerdictChanges(
    request: ListVerdictChangesRequest = {},
    options?: ServiceMeshRequestOptions,
  ): Promise<RecentChangesResponse> {
    return this.#send('GET', '/v1/history/changes', {
      query: request.query,
      options,
    });
  }

  async #send<T>(
    method: 'GET' | 'POST',
    path: string,
    request: {
      query?: object;
      body?: unknown;
      options?: ServiceMeshRequestOptions;
    },
  ): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl(PLUGIN_ID);
    const headers: Record<string, string> = {};
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (request.options?.token) {
      headers.Authorization = `Bearer ${request.options.token}`;
    }
    const response = await this.#fetchApi.fetch(
      `${baseUrl}${path}${queryString(request.query)}`,
      {
        method,
        headers,
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** `/v1/entities/{kind}/{namespace}/{name}` with each segment encoded. */
function entityPath(path: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  const kind = segment('kind', path.kind.toLocaleLowerCase('en-US'));
  return `/v1/entities/${kind}/${segment(
    'namespace',
    path.namespace,
  )}/${segment('name', path.name)}`;
}

/**
 * One percent-encoded path segment, so a `/`, space or `?` in a name stays
 * inside its segment. An empty one would address another route.
 */
function segment(parameter: string, value: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new InputError(
      `path.${parameter} must be a non-empty string, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return encodeURIComponent(value);
}

/**
 * `?a=1&b=2` of the parameters that are set, or nothing. An empty string is
 * left out too: the API reads an absent filter as "any" and refuses an
 * empty one.
 */
function queryString(query: object | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}
