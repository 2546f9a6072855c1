import { z } from 'zod';
import {
  CLUSTER_PROFILES,
  CURRENT_MESHES,
  MESH_IDS,
  OPS_CAPACITIES,
  PROTOCOLS,
  VENDOR_SUPPORT_LEVELS,
  VERDICTS,
} from './values';
import { observedEvidenceSchema } from './observations';

/**
 * The shapes Mesh Advisor exchanges: what the evaluator returns, what the
 * backend stores and serves, what the frontend renders. Exported as zod
 * schemas so every side can validate, with the TypeScript types inferred.
 */

/**
 * Validates a mesh id: `istio` or `linkerd`.
 *
 * @public
 */
export const meshIdSchema = z.enum(MESH_IDS);
/**
 * A mesh Mesh Advisor scores: `istio` or `linkerd`.
 *
 * @public
 */
export type MeshId = z.infer<typeof meshIdSchema>;

/**
 * Validates a verdict (see {@link VERDICTS}).
 *
 * @public
 */
export const verdictSchema = z.enum(VERDICTS);
/**
 * The verdict of an evaluation: `istio`, `linkerd`, `either` or `none`.
 *
 * @public
 */
export type Verdict = z.infer<typeof verdictSchema>;

/**
 * Validates a protocol (see {@link PROTOCOLS}).
 *
 * @public
 */
export const protocolSchema = z.enum(PROTOCOLS);
/**
 * A protocol a workload speaks, e.g. `grpc`.
 *
 * @public
 */
export type Protocol = z.infer<typeof protocolSchema>;

/**
 * Validates a cluster profile (see {@link CLUSTER_PROFILES}).
 *
 * @public
 */
export const clusterProfileSchema = z.enum(CLUSTER_PROFILES);
/**
 * The resource budget of the cluster: `edge`, `standard` or `large`.
 *
 * @public
 */
export type ClusterProfile = z.infer<typeof clusterProfileSchema>;

/**
 * Validates an ops capacity (see {@link OPS_CAPACITIES}).
 *
 * @public
 */
export const opsCapacitySchema = z.enum(OPS_CAPACITIES);
/**
 * Whether a platform team runs the mesh: `none`, `small` or `dedicated`.
 *
 * @public
 */
export type OpsCapacity = z.infer<typeof opsCapacitySchema>;

/**
 * Validates a vendor-support level (see {@link VENDOR_SUPPORT_LEVELS}).
 *
 * @public
 */
export const vendorSupportSchema = z.enum(VENDOR_SUPPORT_LEVELS);
/**
 * How much commercial support matters: `required`, `preferred` or `none`.
 *
 * @public
 */
export type VendorSupport = z.infer<typeof vendorSupportSchema>;

/**
 * Validates a current mesh (see {@link CURRENT_MESHES}).
 *
 * @public
 */
export const currentMeshSchema = z.enum(CURRENT_MESHES);
/**
 * The mesh a component runs today: `none`, `istio` or `linkerd`.
 *
 * @public
 */
export type CurrentMesh = z.infer<typeof currentMeshSchema>;

/**
 * Where a requirement's value came from, so every factor can name its
 * evidence. `ref` is the entity the value was read from (for an annotation,
 * an inherited annotation or a catalog relation); `annotation` the key.
 *
 * @public
 */
export const valueSourceSchema = z.object({
  kind: z.enum([
    'annotation', // declared on the entity itself
    'inherited', // declared on its System, Domain or owner Group
    'inferred', // derived from the catalog (API types, dependsOn, spec.type, group size)
    'override', // a what-if override sent to POST /v1/evaluate
    'default', // serviceMesh.defaults in app-config, or the built-in default
    'observed', // seen in a cluster, through the Kubernetes plugin
  ]),
  ref: z.string().optional(),
  annotation: z.string().optional(),
  detail: z.string().optional(),
});
/**
 * Where a requirement's value came from (see {@link valueSourceSchema}).
 *
 * @public
 */
export type ValueSource = z.infer<typeof valueSourceSchema>;

function sourced<T extends z.ZodType>(value: T) {
  return z.object({ value, sources: z.array(valueSourceSchema) });
}

/**
 * The normalised inputs of one evaluation, each with its sources.
 *
 * @public
 */
export const requirementsSchema = z.object({
  protocols: sourced(z.array(protocolSchema)),
  needs: sourced(z.array(z.string())),
  clusterProfile: sourced(clusterProfileSchema),
  replicas: sourced(z.number().int().min(1).max(100000)),
  latencyBudgetMs: sourced(z.number().positive().optional()),
  opsCapacity: sourced(opsCapacitySchema),
  currentMesh: sourced(currentMeshSchema),
  existingEnvoy: sourced(z.boolean()),
  cni: sourced(z.string().optional()),
  vendorSupport: sourced(vendorSupportSchema),
  /** Resources the component depends on: destinations to allow when egress is controlled. */
  egressDestinations: sourced(z.array(z.string())),
  /** Resource requests of one pod (application containers, not proxies), when observed in a cluster. */
  workloadRequests: sourced(
    z.object({ cpuMillicores: z.number(), memoryMiB: z.number() }).optional(),
  ).optional(),
});
/**
 * The normalised inputs of one evaluation (see {@link requirementsSchema}).
 *
 * @public
 */
export type Requirements = z.infer<typeof requirementsSchema>;

/**
 * What-if overrides: any requirement value, replacing what the catalog says.
 *
 * @public
 */
export const requirementOverridesSchema = z
  .object({
    protocols: z.array(protocolSchema),
    needs: z.array(z.string().max(64)).max(64),
    clusterProfile: clusterProfileSchema,
    replicas: z.number().int().min(1).max(100000),
    latencyBudgetMs: z.number().positive().max(3_600_000),
    opsCapacity: opsCapacitySchema,
    currentMesh: currentMeshSchema,
    existingEnvoy: z.boolean(),
    vendorSupport: vendorSupportSchema,
  })
  .partial()
  .strict();
/**
 * What-if overrides (see {@link requirementOverridesSchema}).
 *
 * @public
 */
export type RequirementOverrides = z.infer<typeof requirementOverridesSchema>;

/**
 * A problem with an annotation value: which entity and key, the bad value,
 * what is accepted and, when one can be proposed, the line to write instead.
 *
 * @public
 */
export const diagnosticSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  /** The annotation key, e.g. `mesh-advisor.io/needs`. */
  annotation: z.string(),
  /** The entity the bad value was read from. */
  entityRef: z.string(),
  /** Names the bad value and lists the accepted ones. */
  message: z.string(),
  /** The bad value as written (truncated when oversized). */
  value: z.string().optional(),
  /** A close accepted value ("did you mean"). */
  suggestion: z.string().optional(),
  /** The annotation line to put in catalog-info.yaml instead, when one can be proposed. */
  fix: z.string().optional(),
});
/**
 * A problem with an annotation value (see {@link diagnosticSchema}).
 *
 * @public
 */
export type Diagnostic = z.infer<typeof diagnosticSchema>;

/**
 * One signed contribution to a mesh's score, with the fact and the input
 * that caused it.
 *
 * @public
 */
export const factorSchema = z.object({
  /** Stable id of the rule, e.g. `ops-capacity`, `need:traffic-split`, `latency-budget`. */
  id: z.string(),
  mesh: meshIdSchema,
  /** Signed points added to that mesh's score. */
  points: z.number(),
  axis: z.enum([
    'ops-capacity',
    'feature-depth',
    'resource-budget',
    'protocols',
    'latency',
    'vendor-support',
    'existing-envoy',
    'migration',
  ]),
  /** One sentence a service team can read. */
  summary: z.string(),
  /** Where the input came from. */
  evidence: z.array(valueSourceSchema),
  /** Capability fact ids behind it (see /v1/capabilities). */
  facts: z.array(z.string()),
});
/**
 * One signed contribution to a mesh's score (see {@link factorSchema}).
 *
 * @public
 */
export type Factor = z.infer<typeof factorSchema>;

/** A hard stop: a required capability the mesh lacks, or a mesh not offered here. @public */
export const findingSchema = z.object({
  id: z.string(),
  summary: z.string(),
  evidence: z.array(valueSourceSchema),
  facts: z.array(z.string()),
});
/**
 * A hard stop for one mesh (see {@link findingSchema}).
 *
 * @public
 */
export type Finding = z.infer<typeof findingSchema>;

/**
 * One Kubernetes resource of a mesh's guidance, as YAML, with the need it
 * implements and the page that documents it.
 *
 * @public
 */
export const manifestSchema = z.object({
  /** A short title, e.g. "Strict mTLS for the namespace". */
  title: z.string(),
  /** The need it implements (`mtls`, `retries`, …) or `onboarding`. */
  purpose: z.string(),
  kind: z.string(),
  apiVersion: z.string(),
  /** The resource as YAML (one document). */
  yaml: z.string(),
  docsUrl: z.string(),
});
/**
 * One resource of a mesh's guidance (see {@link manifestSchema}).
 *
 * @public
 */
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * How a component gets onto one mesh: the steps, the manifests, and the
 * declared needs that mesh cannot express.
 *
 * @public
 */
export const guidanceSchema = z.object({
  mesh: meshIdSchema,
  /** Data-plane mode the guidance assumes (Istio: sidecar or ambient). */
  mode: z.enum(['sidecar', 'ambient']),
  /** The releases it is written for: this mesh's, and the Gateway API's its CRD steps install. */
  target: z.object({ version: z.string(), gatewayApi: z.string() }).optional(),
  steps: z.array(
    z.object({
      title: z.string(),
      detail: z.string(),
      docsUrl: z.string().optional(),
    }),
  ),
  manifests: z.array(manifestSchema),
  /** Declared needs this mesh cannot express, with why. */
  unsupported: z.array(z.object({ need: z.string(), reason: z.string() })),
});
/**
 * How a component gets onto one mesh (see {@link guidanceSchema}).
 *
 * @public
 */
export type Guidance = z.infer<typeof guidanceSchema>;

/**
 * The estimated proxy cost of one mesh for a component: CPU and memory
 * across its replicas and the added latency, labelled as an estimate.
 *
 * @public
 */
export const overheadSchema = z.object({
  mesh: meshIdSchema,
  mode: z.enum(['sidecar', 'ambient']),
  replicas: z.number(),
  /** Total added proxy CPU across replicas, in vCPU, at the reference load. */
  proxyCpuVcpu: z.number(),
  /** Total added proxy memory across replicas, in MiB. */
  proxyMemoryMiB: z.number(),
  /** Added latency per request at p99 (or the closest published percentile), in ms. */
  addedLatencyMs: z.object({ low: z.number(), high: z.number() }),
  /** Says it is an estimate and under which load. */
  label: z.string(),
  sources: z.array(
    z.object({ title: z.string(), url: z.string(), date: z.string() }),
  ),
  /** Per quantity, the figure it rests on: the fact, its harness, and how it was derived when no benchmark published it. */
  basis: z
    .array(
      z.object({
        quantity: z.enum(['cpu', 'memory', 'latency']),
        fact: z.string(),
        /** What was measured, at which versions, by whom. */
        harness: z.string(),
        source: z.object({ title: z.string(), url: z.string() }),
        /** Computed from other figures rather than published. */
        derived: z.boolean(),
        /** How, when derived. */
        how: z.string().optional(),
      }),
    )
    .optional(),
  /** The proxy cost as a share of the workload's own requests (1 = as much again), when its requests are known. */
  workloadShare: z
    .object({
      cpu: z.number().optional(),
      memory: z.number().optional(),
      /** Where the requests were read. */
      from: z.string(),
    })
    .optional(),
});
/**
 * The estimated proxy cost of one mesh (see {@link overheadSchema}).
 *
 * @public
 */
export type Overhead = z.infer<typeof overheadSchema>;

/**
 * One question that would decide a provisional verdict: an input that was
 * not declared, what each of its plausible values would make the verdict,
 * and how far the best of them moves the Istio−Linkerd score gap.
 *
 * @public
 */
export const decidingQuestionSchema = z.object({
  input: z.enum([
    'needs',
    'protocols',
    'opsCapacity',
    'clusterProfile',
    'latencyBudgetMs',
    'vendorSupport',
    'currentMesh',
  ]),
  annotation: z.string(),
  question: z.string(),
  /** Some plausible value gives another verdict. */
  changesVerdict: z.boolean(),
  /** Largest change of the Istio−Linkerd score gap over the values tried, in points. */
  swing: z.number(),
  outcomes: z.array(z.object({ value: z.string(), verdict: verdictSchema })),
});
/**
 * A question that would decide a provisional verdict (see
 * {@link decidingQuestionSchema}).
 *
 * @public
 */
export type DecidingQuestion = z.infer<typeof decidingQuestionSchema>;

/**
 * The evaluation of one entity: its verdict, both scores, blockers, the
 * factors behind the scores, diagnostics, guidance and overhead per mesh.
 *
 * @public
 */
export const evaluationSchema = z.object({
  entityRef: z.string(),
  applicable: z.boolean(),
  /** Why not, when `applicable` is false (excluded, library, …). */
  notApplicableReason: z.string().optional(),
  verdict: verdictSchema,
  scores: z.object({
    istio: z.number().int().min(0).max(100),
    linkerd: z.number().int().min(0).max(100),
  }),
  blockers: z.object({
    istio: z.array(findingSchema),
    linkerd: z.array(findingSchema),
  }),
  factors: z.array(factorSchema),
  confidence: z.number().min(0).max(1),
  diagnostics: z.array(diagnosticSchema),
  /** Which annotations would sharpen the verdict (for a bare or sparse entity). */
  advice: z.array(
    z.object({ annotation: z.string(), why: z.string(), example: z.string() }),
  ),
  /** True when the confidence is below the provisional threshold (0.5): the verdict rests mostly on defaults. */
  provisional: z.boolean().optional(),
  /** When provisional: the few inputs whose answer would move the verdict most, biggest swing first. */
  decidingQuestions: z.array(decidingQuestionSchema).optional(),
  requirements: requirementsSchema,
  /** What runs in the clusters (only for callers who may read Kubernetes resources). */
  observed: observedEvidenceSchema.optional(),
  guidance: z.object({ istio: guidanceSchema, linkerd: guidanceSchema }),
  overhead: z.object({ istio: overheadSchema, linkerd: overheadSchema }),
  rulesVersion: z.string(),
});
/**
 * The evaluation of one entity (see {@link evaluationSchema}).
 *
 * @public
 */
export type Evaluation = z.infer<typeof evaluationSchema>;

/**
 * One row of the dashboard: the evaluation's headline plus the catalog
 * fields the list filters on.
 *
 * @public
 */
export const evaluationSummarySchema = z.object({
  entityRef: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  title: z.string().optional(),
  type: z.string().optional(),
  owner: z.string().optional(),
  system: z.string().optional(),
  lifecycle: z.string().optional(),
  applicable: z.boolean(),
  verdict: verdictSchema,
  scores: z.object({ istio: z.number(), linkerd: z.number() }),
  blockerCount: z.object({ istio: z.number(), linkerd: z.number() }),
  confidence: z.number(),
  diagnosticCount: z.number(),
  currentMesh: currentMeshSchema,
  /** Runs a mesh today that differs from the verdict. */
  drift: z.boolean(),
  /** Share of the deciding annotations that were declared (0–1). */
  annotationCoverage: z.number(),
  rulesVersion: z.string(),
  /** ISO time the backend evaluated it (not part of the pure evaluation). */
  evaluatedAt: z.string().optional(),
});
/**
 * One row of the dashboard (see {@link evaluationSummarySchema}).
 *
 * @public
 */
export type EvaluationSummary = z.infer<typeof evaluationSummarySchema>;

/**
 * The verdict of a system from its components' evaluations: the scores,
 * the components that force a mesh or conflict with the verdict, and the cost.
 *
 * @public
 */
export const systemRollupSchema = z.object({
  systemRef: z.string(),
  verdict: verdictSchema,
  scores: z.object({ istio: z.number().int(), linkerd: z.number().int() }),
  /** Components whose blockers rule a mesh out for the whole system. */
  forcing: z.array(
    z.object({
      entityRef: z.string(),
      mesh: meshIdSchema,
      blockers: z.array(findingSchema),
    }),
  ),
  /** Components whose own verdict disagrees with the system's. */
  conflicts: z.array(
    z.object({
      entityRef: z.string(),
      verdict: verdictSchema,
      reason: z.string(),
    }),
  ),
  components: z.array(
    z.object({
      entityRef: z.string(),
      applicable: z.boolean(),
      verdict: verdictSchema,
      scores: z.object({ istio: z.number(), linkerd: z.number() }),
    }),
  ),
  /** The chosen mesh's proxy cost across all components' replicas (none: zero). */
  cost: z.object({
    mesh: verdictSchema,
    proxyCpuVcpu: z.number(),
    proxyMemoryMiB: z.number(),
  }),
  rulesVersion: z.string(),
});
/**
 * The verdict of a system (see {@link systemRollupSchema}).
 *
 * @public
 */
export type SystemRollup = z.infer<typeof systemRollupSchema>;
