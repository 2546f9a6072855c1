import { z } from 'zod';
import { EVALUATION_SORT_FIELDS, MAX_LIST_LIMIT } from './values';
import {
  evaluationSummarySchema,
  requirementOverridesSchema,
  verdictSchema,
} from './evaluation';
import { meshPolicySchema } from './policy';

/**
 * The HTTP API's request and response shapes (`/api/service-mesh/v1/...`),
 * shared by the backend (validation) and the frontend client.
 */

const optionalText = z.string().trim().min(1).max(200).optional();

/**
 * Query of `GET /v1/evaluations`. `verdict`, `owner`, `system` and
 * `lifecycle` accept comma-separated values (any of them matches).
 *
 * @public
 */
export const listEvaluationsQuerySchema = z
  .object({
    verdict: z
      .string()
      .max(100)
      .optional()
      .transform(v =>
        v ? v.split(',').map(s => s.trim().toLowerCase()) : undefined,
      )
      .pipe(z.array(verdictSchema).optional()),
    owner: optionalText,
    system: optionalText,
    lifecycle: optionalText,
    q: optionalText,
    drift: z.enum(['true', 'false']).optional(),
    sort: z
      .string()
      .regex(
        new RegExp(`^-?(${EVALUATION_SORT_FIELDS.join('|')})$`),
        `must be one of ${EVALUATION_SORT_FIELDS.join(
          ', ',
        )}, optionally prefixed with - for descending`,
      )
      .optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
/**
 * The query of `GET /v1/evaluations` as sent (see
 * {@link listEvaluationsQuerySchema}).
 *
 * @public
 */
export type ListEvaluationsQuery = z.input<typeof listEvaluationsQuerySchema>;

const facetCountsSchema = z.array(
  z.object({ value: z.string(), count: z.number() }),
);

/**
 * Counts beside a page of `GET /v1/evaluations`, over every matching
 * evaluation: per verdict, owner, system and lifecycle, the annotation
 * coverage, and the components running another mesh than their verdict.
 *
 * @public
 */
export const evaluationFacetsSchema = z.object({
  verdict: facetCountsSchema,
  owner: facetCountsSchema,
  system: facetCountsSchema,
  lifecycle: facetCountsSchema,
  /** Annotation coverage of the matching applicable components. */
  coverage: z.object({
    /** Mean share of the deciding annotations that are declared (0–1). */
    mean: z.number(),
    /** Components with no deciding annotation declared at all. */
    bare: z.number(),
  }),
  /** Components running a mesh that differs from their verdict. */
  drift: z.number(),
});
/**
 * Counts beside a page of evaluations (see {@link evaluationFacetsSchema}).
 *
 * @public
 */
export type EvaluationFacets = z.infer<typeof evaluationFacetsSchema>;

/**
 * The body of `GET /v1/evaluations`: one page of rows, the total, the
 * cursor of the next page, and the facets.
 *
 * @public
 */
export const listEvaluationsResponseSchema = z.object({
  items: z.array(evaluationSummarySchema),
  totalItems: z.number(),
  nextCursor: z.string().optional(),
  facets: evaluationFacetsSchema,
});
/**
 * The body of `GET /v1/evaluations` (see
 * {@link listEvaluationsResponseSchema}).
 *
 * @public
 */
export type ListEvaluationsResponse = z.infer<
  typeof listEvaluationsResponseSchema
>;

/**
 * Body of `POST /v1/evaluate`: an entity as in catalog-info.yaml (it need not
 * be in the catalog) and optional what-if overrides.
 *
 * @public
 */
export const evaluateRequestSchema = z
  .object({
    entity: z
      .object({
        apiVersion: z.string().min(1).max(200),
        kind: z.string().min(1).max(63),
        metadata: z
          .object({
            name: z.string().min(1).max(253),
            namespace: z.string().min(1).max(63).optional(),
            annotations: z.record(z.string(), z.unknown()).optional(),
          })
          .loose(),
        spec: z.record(z.string(), z.unknown()).optional(),
        relations: z.array(z.unknown()).optional(),
      })
      .loose(),
    overrides: requirementOverridesSchema.optional(),
    /** The releases to write the guidance for, over the portal's `serviceMesh.targets`. */
    targets: meshPolicySchema.shape.targets,
  })
  .strict();
/**
 * The body of `POST /v1/evaluate` (see {@link evaluateRequestSchema}).
 *
 * @public
 */
export type EvaluateRequest = z.infer<typeof evaluateRequestSchema>;
