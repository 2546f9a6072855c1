import type { EvaluateRequest, ListEvaluationsQuery, Verdict } from '../schema';
import type { CapabilityFact, PublishedFact } from '../facts';

/*
 * The answers of the routes whose shapes are not zod schemas in `../schema`
 * (history and capabilities), and the request objects of
 * {@link ServiceMeshApiClient}, one per operation of
 * `plugins/service-mesh-backend/src/schema/openapi.yaml` (docs/api.md).
 */

/**
 * Answer of `GET /v1/capabilities`.
 *
 * @public
 */
export interface CapabilitiesResponse {
  /** The evaluator's rules version (a date and a hash of the facts and weights). */
  rulesVersion: string;
  /** The sourced capability facts of Istio and Linkerd. */
  capabilities: CapabilityFact[];
  /** Every fact the evaluator decides with (capabilities, protocols, operations, overhead figures). */
  facts?: PublishedFact[];
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
  /** The entity whose verdict changed, as a full entity ref. */
  entityRef: string;
  /** ISO time the refresh stored the new verdict. */
  changedAt: string;
  /** The verdict before the change. */
  from: Verdict;
  /** The verdict after the change. */
  to: Verdict;
  /** The rules version the earlier verdict was decided with. */
  fromRulesVersion: string;
  /** The rules version the new verdict was decided with. */
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
  /** The entity asked about, as a full entity ref. */
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
  /** How many days of transitions the portal keeps (`serviceMesh.history.retentionDays`). */
  retentionDays: number;
  /** One entry per UTC day (`YYYY-MM-DD`), with the number of entities per verdict. */
  days: Array<{ day: string; counts: Record<Verdict, number> }>;
}

/**
 * Answer of `GET /v1/history/changes`: the latest transition of each entity
 * whose verdict changed since `since`, newest first.
 *
 * @public
 */
export interface RecentChangesResponse {
  /** ISO time from which changes are listed. */
  since: string;
  /** The latest transition of each entity that changed, newest first. */
  items: VerdictTransition[];
  /** How many entities changed in all (`items` may be cut at the limit). */
  totalItems: number;
}

/**
 * Path of a catalog entity's routes. `kind` is sent lower-cased, as the
 * catalog compares kinds case-insensitively.
 *
 * @public
 */
export interface EntityPathParams {
  /** The entity's kind, e.g. `component`. */
  kind: string;
  /** The entity's namespace, e.g. `default`. */
  namespace: string;
  /** The entity's name. */
  name: string;
}

/**
 * Request of `GET /v1/entities/{kind}/{namespace}/{name}/evaluation`.
 *
 * @public
 */
export interface GetEntityEvaluationRequest {
  /** The entity to evaluate. */
  path: EntityPathParams;
}

/**
 * Request of `POST /v1/evaluate`.
 *
 * @public
 */
export interface EvaluateDraftRequest {
  /** The draft entity, with optional what-if overrides and target releases. */
  body: EvaluateRequest;
}

/**
 * Request of `GET /v1/evaluations`; filters left unset (or empty) are not sent.
 *
 * @public
 */
export interface ListEvaluationsRequest {
  /** Filters, sort, page size and cursor of the list. */
  query?: ListEvaluationsQuery;
}

/**
 * Request of `GET /v1/systems/{namespace}/{name}/evaluation`.
 *
 * @public
 */
export interface GetSystemRollupRequest {
  /** The system to roll up. */
  path: { namespace: string; name: string };
}

/**
 * Request of `GET /v1/entities/{kind}/{namespace}/{name}/history`.
 *
 * @public
 */
export interface GetEntityHistoryRequest {
  /** The entity whose verdict history is asked for. */
  path: EntityPathParams;
  /** `limit`: most transitions to answer with, 1 to 100 (default 20). */
  query?: { limit?: number };
}

/**
 * Request of `GET /v1/history/verdict-counts`.
 *
 * @public
 */
export interface GetVerdictCountsRequest {
  /** `days`: from 1 to the history's retention (default 30). */
  query?: { days?: number };
}

/**
 * Request of `GET /v1/history/changes`.
 *
 * @public
 */
export interface ListVerdictChangesRequest {
  /** `days`: from 1 to the retention (default 7); `limit`: 1 to 500 (default 100). */
  query?: { days?: number; limit?: number };
}

/**
 * Per-call options of {@link ServiceMeshApiClient}.
 *
 * @public
 */
export interface ServiceMeshRequestOptions {
  /**
   * A Backstage token sent as `Authorization: Bearer …`. Leave it out when
   * the `fetchApi` attaches one itself, as the frontend's does.
   */
  token?: string;
}
