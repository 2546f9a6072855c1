import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError, ResponseError } from '@backstage/errors';
import {
  EvaluateRequest,
  Evaluation,
  ServiceMeshApiClient,
} from '@mesh-advisor/plugin-service-mesh-common';

/**
 * The service-mesh backend's HTTP API, called on behalf of a user: the
 * evaluation is the one the entity card shows (the portal's policy and
 * targets, observed evidence), and the catalog's and the plugin's
 * permissions hold for that user.
 */
export interface ServiceMeshApi {
  /** `GET /v1/entities/:kind/:namespace/:name/evaluation` */
  getEvaluation(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Evaluation>;
  /** `POST /v1/evaluate`: a draft, here the catalog entity with other targets. */
  evaluateDraft(
    body: EvaluateRequest,
    credentials: BackstageCredentials,
  ): Promise<Evaluation>;
}

/**
 * The one message for an entity that does not exist and one the user may
 * not read, so the action tells nobody which of the two it was.
 */
export function notFoundMessage(ref: string): string {
  return `entityRef: ${ref} was not found in the catalog, or you may not read it`;
}

/** Waits before asking again after a 503. */
const RETRY_DELAYS_MS = [500, 2000];

/**
 * `fetch` that asks again after a 503: the catalog was slow to answer and
 * recovers on its own (service-mesh-backend README), so a template run
 * waits rather than fails.
 */
async function fetchRetryingUnavailable(
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  let response = await fetch(input, init);
  for (const delayMs of RETRY_DELAYS_MS) {
    if (response.status !== 503) break;
    // Release the refused answer's connection before asking again.
    await response.body?.cancel();
    await new Promise(resolve => setTimeout(resolve, delayMs));
    response = await fetch(input, init);
  }
  return response;
}

/**
 * The shared client's error, told in the action's words: a 404 as the one
 * not-found message, a 400 with the backend's message (it names the field
 * and what it accepts); anything else as the client threw it.
 */
function explain(error: unknown, ref: string): unknown {
  if (!ResponseError.is(error)) return error;
  if (error.statusCode === 404) return new NotFoundError(notFoundMessage(ref));
  if (error.statusCode === 400) {
    return new InputError(
      `The service-mesh backend refused ${ref}: ${
        error.body.error?.message ?? error.statusText
      }`,
    );
  }
  return error;
}

export function createServiceMeshApi(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}): ServiceMeshApi {
  const { auth, discovery } = options;
  const client = new ServiceMeshApiClient({
    discoveryApi: discovery,
    fetchApi: { fetch: fetchRetryingUnavailable },
  });

  /** Runs one call with a plugin token for the user, in the action's errors. */
  async function onBehalfOf(
    credentials: BackstageCredentials,
    ref: string,
    call: (options: { token: string }) => Promise<Evaluation>,
  ): Promise<Evaluation> {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'service-mesh',
    });
    try {
      return await call({ token });
    } catch (error) {
      throw explain(error, ref);
    }
  }

  return {
    getEvaluation(ref, credentials) {
      return onBehalfOf(credentials, stringifyEntityRef(ref), requestOptions =>
        client.getEntityEvaluation({ path: ref }, requestOptions),
      );
    },
    evaluateDraft(body, credentials) {
      const ref = stringifyEntityRef({
        kind: body.entity.kind,
        namespace: body.entity.metadata.namespace,
        name: body.entity.metadata.name,
      });
      return onBehalfOf(credentials, ref, requestOptions =>
        client.evaluateDraft({ body }, requestOptions),
      );
    },
  };
}
