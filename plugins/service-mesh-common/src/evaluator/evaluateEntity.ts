import {
  Entity,
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
} from '@backstage/catalog-model';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import { capabilityFact } from '../facts/capabilities';
import { fnv1a } from '../facts/rulesVersion';
import { compareVersions } from '../facts/versions';
import { dnsLabel } from '../guidance/render';
import { istioGuidance } from '../guidance/istio';
import { linkerdGuidance } from '../guidance/linkerd';
import type { GuidanceInput } from '../guidance/types';
import { zeroOverhead } from '../overhead/estimate';
import { MeshTargets, resolveTargets } from '../facts/versions';
import type {
  DecidingQuestion,
  Evaluation,
  Guidance,
  MeshId,
  MeshPolicy,
  RequirementOverrides,
  Requirements,
  ValueSource,
} from '../schema';
import { annotationsOf, isRecord, notApplicableReason, refOf } from './refs';
import { istioDataPlane, overheadFor } from './dataPlane';
import { RULES_VERSION } from './rulesVersion';
import { notWorkloadReason } from './inference/infer';
import { outsideMeshDiagnostics, unmeshableReason } from './protocolScope';
import {
  decidingQuestions,
  PROVISIONAL_BELOW,
  withLazyQuestions,
} from './inference/provisional';
import { resolveRequirements } from './requirements';
import { score } from './scoring';
import type { EvaluationContext } from './types';
import { DEFAULT_WEIGHTS, WEIGHT_NAMES, Weights } from './weights';
import { decideVerdict } from './verdict';

/** Per-policy derived values, computed once per policy object. */
interface PolicyView {
  weights: Weights;
  rulesVersion: string;
  /** The releases the guidance is written for. */
  targets: MeshTargets;
}
const policyViews = new WeakMap<object, PolicyView>();

/** @internal */
export function policyView(policy: MeshPolicy): PolicyView {
  let view = policyViews.get(policy);
  if (view) return view;
  const weights: Weights = { ...DEFAULT_WEIGHTS };
  const overridden: Record<string, number> = {};
  for (const name of WEIGHT_NAMES) {
    const v = policy.weights?.[name];
    if (
      typeof v === 'number' &&
      Number.isFinite(v) &&
      v >= 0 &&
      v !== DEFAULT_WEIGHTS[name]
    ) {
      weights[name] = v;
      overridden[name] = v;
    }
  }
  const rulesVersion = Object.keys(overridden).length
    ? `${RULES_VERSION}+w${fnv1a(JSON.stringify(overridden))}`
    : RULES_VERSION;
  view = { weights, rulesVersion, targets: resolveTargets(policy.targets) };
  policyViews.set(policy, view);
  return view;
}

/** The signals confidence is the share of (docs/decision-model.md). */
const DECIDING_SIGNALS = [
  'protocols',
  'needs',
  'clusterProfile',
  'replicas',
  'latencyBudgetMs',
  'opsCapacity',
  'vendorSupport',
  'currentMesh',
] as const;

/** Declared (or inherited, or overridden) counts 1, inferred from the catalog 0.5, defaulted 0. */
function signalWeight(sources: ValueSource[]): number {
  const kind = sources[0]?.kind;
  // Observed in a cluster counts as declared: it is what runs.
  if (
    kind === 'annotation' ||
    kind === 'inherited' ||
    kind === 'override' ||
    kind === 'observed'
  )
    return 1;
  if (kind === 'inferred') return 0.5;
  return 0;
}

/** @internal */
export function signalCoverage(
  req: Requirements,
  declaredOnly: boolean,
): number {
  let sum = 0;
  for (const s of DECIDING_SIGNALS) {
    const w = signalWeight(req[s].sources);
    // Declared-only coverage counts a signal only when fully declared (weight 1).
    sum += declaredOnly ? Number(w === 1) : w;
  }
  return Math.round((sum / DECIDING_SIGNALS.length) * 100) / 100;
}

const ADVICE: Record<
  (typeof DECIDING_SIGNALS)[number],
  { annotation: string; why: string; example: string }
> = {
  protocols: {
    annotation: MESH_ANNOTATIONS.protocols,
    why: 'Nothing says what it speaks on the wire, so http1 was assumed; UDP or HTTP/3 would change the picture.',
    example: `${MESH_ANNOTATIONS.protocols}: http1, grpc`,
  },
  needs: {
    annotation: MESH_ANNOTATIONS.needs,
    why: 'The features you need from a mesh decide most cases (L7 policy, external authz, Wasm are Istio-only; tap is Linkerd-only).',
    example: `${MESH_ANNOTATIONS.needs}: mtls, retries, timeouts`,
  },
  clusterProfile: {
    annotation: MESH_ANNOTATIONS.clusterProfile,
    why: 'The resource budget (edge vs core clusters) weighs proxy cost; set it on the component, its System or its Domain.',
    example: `${MESH_ANNOTATIONS.clusterProfile}: standard`,
  },
  replicas: {
    annotation: MESH_ANNOTATIONS.replicas,
    why: 'The overhead estimate multiplies per-proxy cost by the pod count.',
    example: `${MESH_ANNOTATIONS.replicas}: "3"`,
  },
  latencyBudgetMs: {
    annotation: MESH_ANNOTATIONS.latencyBudgetMs,
    why: 'A tight p99 budget favours the mesh that adds the least latency.',
    example: `${MESH_ANNOTATIONS.latencyBudgetMs}: "100"`,
  },
  opsCapacity: {
    annotation: MESH_ANNOTATIONS.opsCapacity,
    why: "Whether a platform squad owns mesh policy decides whether Istio's breadth is affordable; set it on the owner Group, the System or the Domain (not on the component).",
    example: `${MESH_ANNOTATIONS.opsCapacity}: small`,
  },
  vendorSupport: {
    annotation: MESH_ANNOTATIONS.vendorSupport,
    why: 'Whether commercial support and LTS builds are required changes the weighing of distributions.',
    example: `${MESH_ANNOTATIONS.vendorSupport}: none`,
  },
  currentMesh: {
    annotation: MESH_ANNOTATIONS.currentMesh,
    why: 'Migration cost favours the mesh it already runs; declare it even when it is none.',
    example: `${MESH_ANNOTATIONS.currentMesh}: none`,
  },
};

const PLACEHOLDER_ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Unknown',
  metadata: { name: 'unknown' },
};

function emptyGuidance(mesh: MeshId): Guidance {
  return { mesh, mode: 'sidecar', steps: [], manifests: [], unsupported: [] };
}

function maxVersion(versions: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const v of versions) {
    if (v && (best === undefined || compareVersions(v, best) > 0)) best = v;
  }
  return best;
}

/** The deferred deciding questions of provisional assessments. */
const lazyQuestions = new WeakMap<object, () => DecidingQuestion[]>();

/** The prototype of provisional results: its getter computes the questions when read. */
const LAZY_QUESTIONS_PROTO = withLazyQuestions(
  {},
  function questions(this: object) {
    return lazyQuestions.get(this)?.() ?? [];
  },
);

/**
 * An evaluation without its guidance: everything the dashboard, the refresh
 * and the system roll-up need. The guidance (steps and manifests) is most of
 * an evaluation's cost and size, so only the entity card's routes render it.
 *
 * @public
 */
export type Assessment = Omit<Evaluation, 'guidance'>;

/**
 * Assesses one entity's fit for Istio and Linkerd (docs/decision-model.md): requirements,
 * scores, blockers, verdict, confidence, diagnostics, advice and overhead.
 * Pure and deterministic: no clock, no randomness, no I/O; never throws on
 * bad annotations.
 *
 * @public
 */
export function assessEntity(
  context: EvaluationContext,
  policy: MeshPolicy,
  overrides?: RequirementOverrides,
): Assessment {
  const assessment = assess(context, policy, overrides);
  return withQuestionsOf(assessment, assessment);
}

function assess(
  context: EvaluationContext,
  policy: MeshPolicy,
  overrides?: RequirementOverrides,
): Assessment {
  const entity = entityOf(context);
  const ctx: EvaluationContext = { ...context, entity };
  const view = policyView(policy);
  const entityRef = refOf(entity);
  const { requirements, diagnostics } = resolveRequirements(
    ctx,
    policy,
    overrides,
  );
  // A spec.type that names no workload (monorepo, cli, *-library…) is inferred not applicable too.
  let reason = notApplicableReason(entity) ?? notWorkloadReason(entity);
  // A workload that speaks only UDP (or HTTP/3) has no traffic either mesh can carry.
  if (reason === undefined) {
    reason = unmeshableReason(requirements);
    if (reason !== undefined)
      diagnostics.push(...outsideMeshDiagnostics(requirements, entityRef));
  }

  if (reason !== undefined) {
    return {
      entityRef,
      applicable: false,
      notApplicableReason: reason,
      verdict: 'none',
      scores: { istio: 0, linkerd: 0 },
      blockers: { istio: [], linkerd: [] },
      factors: [],
      confidence: 1,
      diagnostics,
      advice: [],
      requirements,
      overhead: {
        istio: zeroOverhead('istio', requirements.replicas.value),
        linkerd: zeroOverhead('linkerd', requirements.replicas.value),
      },
      rulesVersion: view.rulesVersion,
    };
  }

  const allowed = Array.isArray(policy.allowedMeshes)
    ? policy.allowedMeshes
    : ['istio', 'linkerd'];
  const scored = score(
    requirements,
    view.weights,
    allowed as MeshId[],
    entityRef,
  );
  diagnostics.push(...scored.diagnostics);
  const { scores, blockers } = scored;

  const margin = typeof policy.margin === 'number' ? policy.margin : 5;
  const verdict = decideVerdict(
    scores,
    { istio: blockers.istio.length > 0, linkerd: blockers.linkerd.length > 0 },
    margin,
  );

  const overhead = overheadFor(requirements);

  const advice: Evaluation['advice'] = [];
  for (const s of DECIDING_SIGNALS) {
    if (signalWeight(requirements[s].sources) < 1) advice.push(ADVICE[s]);
  }

  const confidence = signalCoverage(requirements, false);
  const provisional = confidence < PROVISIONAL_BELOW;
  const assessment: Assessment = {
    entityRef,
    applicable: true,
    verdict,
    scores,
    blockers,
    factors: scored.factors,
    confidence,
    diagnostics,
    advice,
    provisional,
    requirements,
    overhead,
    rulesVersion: view.rulesVersion,
  };
  if (ctx.observations !== undefined) {
    assessment.observed = { clusters: ctx.observations };
  }
  if (!provisional) return assessment;
  // Re-scoring runs only when the questions are read (bounded per entity).
  lazyQuestions.set(assessment, () =>
    decidingQuestions(
      requirements,
      view.weights,
      allowed as MeshId[],
      entityRef,
      margin,
      { verdict, scores },
    ),
  );
  return assessment;
}

function withQuestionsOf<T extends object>(from: Assessment, to: T): T {
  const compute = lazyQuestions.get(from);
  if (!compute) return to;
  // A prototype getter keeps the object's shape fast; toJSON puts the questions in the JSON.
  const out = Object.assign(Object.create(LAZY_QUESTIONS_PROTO), to) as T;
  lazyQuestions.set(out, compute);
  return out;
}

/**
 * Components the catalog says call this one: the consumers of the APIs it
 * provides (`apiConsumedBy` on those API entities, which were read on the
 * caller's behalf). The Linkerd onboarding authorizes them before it denies
 * anyone else.
 */
function knownCallers(context: EvaluationContext): string[] {
  const self = refOf(context.entity);
  const callers = new Set<string>();
  for (const api of context.apis ?? []) {
    const relations = Array.isArray(api?.relations) ? api.relations : [];
    const providedHere = relations.some(
      r =>
        r?.type === RELATION_API_PROVIDED_BY &&
        r.targetRef?.toLowerCase() === self,
    );
    if (!providedHere) continue;
    for (const r of relations) {
      const target = r?.targetRef?.toLowerCase();
      if (r?.type === RELATION_API_CONSUMED_BY && target && target !== self) {
        callers.add(target);
      }
    }
  }
  return [...callers].sort();
}

/**
 * The steps, manifests, docs and unsupported needs per mesh for an assessed
 * entity; empty for an entity the evaluation does not apply to.
 */
function guidanceFor(
  entity: Entity,
  assessment: Assessment,
  policy: MeshPolicy,
  callers: readonly string[],
): Evaluation['guidance'] {
  if (!assessment.applicable) {
    return { istio: emptyGuidance('istio'), linkerd: emptyGuidance('linkerd') };
  }
  const { requirements } = assessment;
  const needs = requirements.needs.value;
  const dataPlane = istioDataPlane(requirements);

  const annotations = annotationsOf(entity);
  const name =
    isRecord(entity.metadata) && typeof entity.metadata.name === 'string'
      ? entity.metadata.name
      : 'workload';
  const k8sId = annotations['backstage.io/kubernetes-id'];
  const k8sNs = annotations['backstage.io/kubernetes-namespace'];
  const workload = dnsLabel(
    typeof k8sId === 'string' && k8sId.trim() !== '' ? k8sId.trim() : name,
    'workload',
  );
  const namespace = dnsLabel(
    typeof k8sNs === 'string' && k8sNs.trim() !== '' ? k8sNs.trim() : 'default',
    'default',
  );
  const base: GuidanceInput = {
    workload,
    namespace,
    needs,
    protocols: requirements.protocols.value,
    destinations: requirements.egressDestinations.value,
    targets: policyView(policy).targets,
    callers,
  };
  return {
    istio: istioGuidance(
      {
        ...base,
        ambientReason: dataPlane.reason,
        minVersion: maxVersion(
          needs.map(n => capabilityFact('istio', n)?.minVersion),
        ),
      },
      dataPlane.ambient ? 'ambient' : 'sidecar',
    ),
    linkerd: linkerdGuidance({
      ...base,
      minVersion: maxVersion(
        needs.map(n => capabilityFact('linkerd', n)?.minVersion),
      ),
    }),
  };
}

/**
 * Evaluates one entity's fit for Istio and Linkerd (docs/decision-model.md): its assessment
 * plus the guidance per mesh. Pure and deterministic: no clock, no
 * randomness, no I/O; never throws on bad annotations.
 *
 * @public
 */
export function evaluateEntity(
  context: EvaluationContext,
  policy: MeshPolicy,
  overrides?: RequirementOverrides,
): Evaluation {
  const assessment = assess(context, policy, overrides);
  return withQuestionsOf(assessment, {
    ...assessment,
    guidance: guidanceFor(
      entityOf(context),
      assessment,
      policy,
      knownCallers(context),
    ),
  });
}

function entityOf(context: EvaluationContext): Entity {
  return isRecord(context?.entity)
    ? (context.entity as Entity)
    : PLACEHOLDER_ENTITY;
}
