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
import type {
  EvaluateRequest,
  Evaluation,
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

export function createServiceMeshApi(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}): ServiceMeshApi {
  const { auth, discovery } = options;

  async function call(
    path: string,
    credentials: BackstageCredentials,
    ref: string,
    init: { method: 'GET' | 'POST'; body?: unknown } = { method: 'GET' },
  ): Promise<Evaluation> {
    const baseUrl = await discovery.getBaseUrl('service-mesh');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'service-mesh',
    });
    const send = () =>
      fetch(`${baseUrl}${path}`, {
        method: init.method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(init.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    let res = await send();
    // A 503 means the catalog was slow to answer; it recovers on its own
    // (service-mesh-backend README), so a template run waits and asks again.
    for (const delayMs of RETRY_DELAYS_MS) {
      if (res.status !== 503) break;
      await new Promise(resolve => setTimeout(resolve, delayMs));
      res = await send();
    }
    if (res.ok) return (await res.json()) as Evaluation;
    if (res.status === 404) throw new NotFoundError(notFoundMessage(ref));
    if (res.status === 400) {
      // The backend's 400 names the field and what it accepts: pass it on.
      const body = await res.json().catch(() => undefined);
      throw new InputError(
        `The service-mesh backend refused ${ref}: ${
          body?.error?.message ?? res.statusText
        }`,
      );
    }
    throw await ResponseError.fromResponse(res);
  }

  return {
    getEvaluation(ref, credentials) {
      const segments = [ref.kind, ref.namespace, ref.name].map(
        encodeURIComponent,
      );
      return call(
        `/v1/entities/${segments.join('/')}/evaluation`,
        credentials,
        stringifyEntityRef(ref),
      );
    },
    evaluateDraft(body, credentials) {
      const ref = stringifyEntityRef({
        kind: body.entity.kind,
        namespace: body.entity.metadata.namespace,
        name: body.entity.metadata.name,
      });
      return call('/v1/evaluate', credentials, ref, { method: 'POST', body });
    },
  };
}
