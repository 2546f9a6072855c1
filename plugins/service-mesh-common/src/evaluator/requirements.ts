import type { Entity } from '@backstage/catalog-model';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import {
  checkAnnotationKeys,
  parseBoolean,
  parseEnum,
  parseList,
  parseNumber,
  ParseSink,
  rawAnnotation,
} from '../annotations/parse';
import { CAPABILITY_IDS, CapabilityId } from '../facts/capabilityIds';
import {
  CLUSTER_PROFILES,
  CURRENT_MESHES,
  Diagnostic,
  MeshPolicy,
  OPS_CAPACITIES,
  PROTOCOLS,
  RequirementOverrides,
  requirementOverridesSchema,
  Requirements,
  ValueSource,
  VENDOR_SUPPORT_LEVELS,
} from '../schema';
import { annotationsOf, dependsOnRefs, groupSize, kindOf, refOf } from './refs';
import type { EvaluationContext } from './types';
import { applyObservations } from './observations';
import { inferProtocols } from './inference/infer';

/**
 * Turns the entity, its related entities, the policy and the what-if
 * overrides into normalised requirements with their sources (docs/decision-model.md §2).
 */

interface Level {
  ref: string;
  kind: string;
  /** How a value read here is described: 'annotation' on the component itself, else 'inherited'. */
  sourceKind: 'annotation' | 'inherited';
  detail?: string;
  annotations: Record<string, unknown>;
  sink: ParseSink;
}

function level(
  entity: Entity | undefined,
  own: boolean,
  detail: string | undefined,
  diagnostics: Diagnostic[],
): Level | undefined {
  if (entity === undefined || entity === null || typeof entity !== 'object')
    return undefined;
  const ref = refOf(entity);
  return {
    ref,
    kind: kindOf(entity),
    sourceKind: own ? 'annotation' : 'inherited',
    detail,
    annotations: annotationsOf(entity),
    sink: { ref, diagnostics },
  };
}

// Related entities are shared by many components: check their keys once per entity object.
const keyDiagnosticsCache = new WeakMap<object, Diagnostic[]>();
function keyDiagnostics(
  entity: Entity,
  l: Level,
  diagnostics: Diagnostic[],
): void {
  let d = keyDiagnosticsCache.get(entity);
  if (d === undefined) {
    const sink: ParseSink = { ref: l.ref, diagnostics: [] };
    checkAnnotationKeys(l.annotations, l.kind, sink);
    d = sink.diagnostics;
    keyDiagnosticsCache.set(entity, d);
  }
  for (const x of d) diagnostics.push({ ...x });
}

function sourceAt(l: Level, annotation: string): ValueSource {
  return l.detail
    ? { kind: l.sourceKind, ref: l.ref, annotation, detail: l.detail }
    : { kind: l.sourceKind, ref: l.ref, annotation };
}

/** The first level that declares a valid value wins. */
function firstOf<T>(
  levels: Array<Level | undefined>,
  annotation: string,
  parse: (raw: string, sink: ParseSink) => T | undefined,
): { value: T; source: ValueSource } | undefined {
  for (const l of levels) {
    if (!l) continue;
    const raw = rawAnnotation(l.annotations, annotation, l.sink);
    if (raw === undefined) continue;
    const value = parse(raw, l.sink);
    if (value !== undefined) return { value, source: sourceAt(l, annotation) };
  }
  return undefined;
}

/** Group size → ops capacity, a weak signal: 1–2 members none, 3–9 small, 10+ dedicated. @public */
export function opsCapacityFromGroupSize(
  size: number,
): 'none' | 'small' | 'dedicated' {
  if (size <= 2) return 'none';
  if (size <= 9) return 'small';
  return 'dedicated';
}

// Each order (PROTOCOLS, CAPABILITY_IDS) is a fixed list: index it once.
const ranks = new WeakMap<readonly string[], Map<string, number>>();
function rankIn(order: readonly string[]): Map<string, number> {
  let rank = ranks.get(order);
  if (rank === undefined) {
    rank = new Map(order.map((v, i) => [v, i]));
    ranks.set(order, rank);
  }
  return rank;
}

/** The values that are in `order`, once each, in that order. */
function sortBy<T extends string>(
  values: Iterable<T>,
  order: readonly T[],
): T[] {
  const rank = rankIn(order);
  const out: T[] = [];
  for (const v of values) if (rank.has(v) && !out.includes(v)) out.push(v);
  if (out.length > 1) out.sort((a, b) => rank.get(a)! - rank.get(b)!);
  return out;
}

/** The resolved inputs plus everything learnt on the way. @internal */
export interface ResolvedRequirements {
  requirements: Requirements;
  diagnostics: Diagnostic[];
}

/** The entity and its related entities as levels, checked for unknown keys. */
interface Levels {
  C: Level;
  S?: Level;
  D?: Level;
  /** The owner, Group or User. */
  G?: Level;
}

function levelsOf(
  context: EvaluationContext,
  diagnostics: Diagnostic[],
): Levels {
  const levels: Levels = {
    C: level(context.entity, true, undefined, diagnostics)!,
    S: level(context.system, false, 'from its System', diagnostics),
    D: level(context.domain, false, "from its System's Domain", diagnostics),
    G: level(context.owner, false, 'from its owner', diagnostics),
  };
  const { C, S, D, G } = levels;
  checkAnnotationKeys(C.annotations, C.kind, C.sink);
  if (S) keyDiagnostics(context.system!, S, diagnostics);
  if (D) keyDiagnostics(context.domain!, D, diagnostics);
  if (G) keyDiagnostics(context.owner!, G, diagnostics);
  return levels;
}

const A = MESH_ANNOTATIONS;
const dflt = (detail: string): ValueSource => ({ kind: 'default', detail });
const enumOf =
  <T extends string>(accepted: readonly T[], key: string) =>
  (raw: string, sink: ParseSink) =>
    parseEnum(raw, key, accepted, sink);

/** A declared value with its source, else the default with its reason. */
function declaredOr<T>(
  hit: { value: T; source: ValueSource } | undefined,
  fallback: T,
  fallbackDetail: string,
): { value: T; sources: ValueSource[] } {
  return hit
    ? { value: hit.value, sources: [hit.source] }
    : { value: fallback, sources: [dflt(fallbackDetail)] };
}

/** Protocols: declared on the component wins; inference (inference/rules.ts) always shows. */
function resolveProtocols(
  context: EvaluationContext,
  { C }: Levels,
  resources: string[],
): Requirements['protocols'] {
  const { protocols: inferred, sources: inferredSources } = inferProtocols(
    context,
    resources,
  );
  const declaredRaw = rawAnnotation(C.annotations, A.protocols, C.sink);
  const declared =
    declaredRaw === undefined
      ? []
      : parseList(declaredRaw, A.protocols, PROTOCOLS, 'protocol', C.sink);
  if (declared.length > 0) {
    return {
      value: sortBy(declared, PROTOCOLS),
      sources: [
        sourceAt(C, A.protocols),
        ...inferredSources.map(s => ({
          ...s,
          detail: `${s.detail} (not used: the declared annotation wins)`,
        })),
      ],
    };
  }
  if (inferred.size > 0) {
    return { value: sortBy(inferred, PROTOCOLS), sources: inferredSources };
  }
  return {
    value: ['http1'],
    sources: [dflt('nothing declares or implies a protocol; assumed http1')],
  };
}

/** Needs: the union of the component's and its System's (a system-wide need applies to each part). */
function resolveNeeds({ C, S }: Levels): Requirements['needs'] {
  const needSet = new Set<CapabilityId>();
  const needSources: ValueSource[] = [];
  for (const l of [C, S]) {
    if (!l) continue;
    const raw = rawAnnotation(l.annotations, A.needs, l.sink);
    if (raw === undefined) continue;
    const items = parseList(raw, A.needs, CAPABILITY_IDS, 'capability', l.sink);
    if (items.length === 0) continue;
    items.forEach(i => needSet.add(i));
    needSources.push(sourceAt(l, A.needs));
  }
  return needSources.length > 0
    ? { value: sortBy(needSet, CAPABILITY_IDS), sources: needSources }
    : { value: [], sources: [dflt('no needs declared')] };
}

function resolveReplicas(
  { C }: Levels,
  defaults: MeshPolicy['defaults'],
): Requirements['replicas'] {
  const hit = firstOf([C], A.replicas, (raw, sink) =>
    parseNumber(raw, A.replicas, { integer: true, min: 1, max: 100000 }, sink),
  );
  return declaredOr(hit, defaults.replicas, 'serviceMesh.defaults.replicas');
}

function resolveLatencyBudget({ C }: Levels): Requirements['latencyBudgetMs'] {
  const hit = firstOf([C], A.latencyBudgetMs, (raw, sink) =>
    parseNumber(
      raw,
      A.latencyBudgetMs,
      { integer: false, min: 0, max: 3_600_000, exclusiveMin: true },
      sink,
    ),
  );
  return declaredOr<number | undefined>(
    hit,
    undefined,
    'no latency budget declared',
  );
}

/** Ops capacity: System, Domain, owner Group annotation, owner Group size, default. */
function resolveOpsCapacity(
  context: EvaluationContext,
  { S, D, G }: Levels,
  defaults: MeshPolicy['defaults'],
): Requirements['opsCapacity'] {
  const group = G && G.kind === 'group' ? G : undefined;
  const ops = firstOf(
    [S, D, group],
    A.opsCapacity,
    enumOf(OPS_CAPACITIES, A.opsCapacity),
  );
  if (ops) return { value: ops.value, sources: [ops.source] };
  const size = group ? groupSize(context.owner!) : undefined;
  if (size !== undefined) {
    return {
      value: opsCapacityFromGroupSize(size),
      sources: [
        {
          kind: 'inferred',
          ref: group!.ref,
          detail: `group size ${size} (weak signal: 1–2 none, 3–9 small, 10+ dedicated)`,
        },
      ],
    };
  }
  return {
    value: defaults.opsCapacity,
    sources: [dflt('serviceMesh.defaults.opsCapacity')],
  };
}

function resolveCni({ S, D }: Levels): Requirements['cni'] {
  const hit = firstOf([S, D], A.cni, raw => {
    const v = raw.trim().toLowerCase();
    return v === '' ? undefined : v;
  });
  return declaredOr<string | undefined>(hit, undefined, 'no CNI declared');
}

function resolveEgressDestinations(
  resources: string[],
): Requirements['egressDestinations'] {
  if (resources.length === 0)
    return { value: [], sources: [dflt('no dependsOn resources')] };
  return {
    value: resources,
    sources: resources.map(r => ({
      kind: 'inferred' as const,
      ref: r,
      detail: 'dependsOn resource',
    })),
  };
}

/**
 * The requirements, one named step per input, in the order their
 * diagnostics are reported; then what the clusters run, then the what-ifs.
 *
 * @internal
 */
export function resolveRequirements(
  context: EvaluationContext,
  policy: MeshPolicy,
  overrides?: RequirementOverrides,
): ResolvedRequirements {
  const diagnostics: Diagnostic[] = [];
  const levels = levelsOf(context, diagnostics);
  const { C, S, D } = levels;
  // exclude is decided by notApplicableReason; parsed here only for its diagnostics.
  firstOf([C], A.exclude, (raw, sink) => parseBoolean(raw, A.exclude, sink));
  const defaults = policy.defaults;
  const resources = dependsOnRefs(context.entity);

  const requirements: Requirements = {
    protocols: resolveProtocols(context, levels, resources),
    needs: resolveNeeds(levels),
    clusterProfile: declaredOr(
      firstOf(
        [C, S, D],
        A.clusterProfile,
        enumOf(CLUSTER_PROFILES, A.clusterProfile),
      ),
      defaults.clusterProfile,
      'serviceMesh.defaults.clusterProfile',
    ),
    replicas: resolveReplicas(levels, defaults),
    latencyBudgetMs: resolveLatencyBudget(levels),
    opsCapacity: resolveOpsCapacity(context, levels, defaults),
    currentMesh: declaredOr(
      firstOf([C, S], A.currentMesh, enumOf(CURRENT_MESHES, A.currentMesh)),
      'none' as const,
      'no current mesh declared; assumed none',
    ),
    existingEnvoy: declaredOr(
      firstOf([C, S, D], A.existingEnvoy, (raw, sink) =>
        parseBoolean(raw, A.existingEnvoy, sink),
      ),
      false,
      'no existing Envoy declared; assumed false',
    ),
    cni: resolveCni(levels),
    vendorSupport: declaredOr(
      firstOf(
        [C, S, D],
        A.vendorSupport,
        enumOf(VENDOR_SUPPORT_LEVELS, A.vendorSupport),
      ),
      defaults.vendorSupport,
      'serviceMesh.defaults.vendorSupport',
    ),
    egressDestinations: resolveEgressDestinations(resources),
  };
  applyObservations(requirements, context.observations, C.ref, diagnostics);
  if (overrides !== undefined)
    applyOverrides(requirements, overrides, C.ref, diagnostics);
  return { requirements, diagnostics };
}

/** The override's needs that name a capability; each unknown one is a warning. */
function knownNeeds(
  needs: string[],
  ref: string,
  diagnostics: Diagnostic[],
): CapabilityId[] {
  const accepted = CAPABILITY_IDS as readonly string[];
  const known: CapabilityId[] = [];
  for (const n of needs) {
    const id = n.trim().toLowerCase();
    if (accepted.includes(id)) {
      known.push(id as CapabilityId);
      continue;
    }
    diagnostics.push({
      severity: 'warning',
      annotation: 'overrides.needs',
      entityRef: ref,
      message: `Unknown capability "${n.slice(
        0,
        80,
      )}" in the overrides; accepted: ${CAPABILITY_IDS.join(
        ', ',
      )}. It is ignored.`,
      value: n.slice(0, 80),
    });
  }
  return sortBy(known, CAPABILITY_IDS);
}

/** The inputs a what-if may replace. */
type OverridableKey = Exclude<keyof Requirements, 'workloadRequests'>;

function applyOverrides(
  requirements: Requirements,
  overrides: RequirementOverrides,
  ref: string,
  diagnostics: Diagnostic[],
): void {
  const parsed = requirementOverridesSchema.safeParse(overrides);
  if (!parsed.success) {
    diagnostics.push({
      severity: 'error',
      annotation: 'overrides',
      entityRef: ref,
      message: `The what-if overrides are invalid and were ignored: ${parsed.error.issues
        .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    });
    return;
  }
  const o = parsed.data;
  const src: ValueSource = { kind: 'override', detail: 'what-if override' };
  const set = <K extends OverridableKey>(
    key: K,
    value: Requirements[K]['value'],
  ) => {
    const r = requirements[key];
    (requirements as Record<string, unknown>)[key] = {
      value,
      sources: [src, ...r.sources],
    };
  };
  if (o.protocols !== undefined)
    set('protocols', sortBy(o.protocols, PROTOCOLS));
  if (o.needs !== undefined)
    set('needs', knownNeeds(o.needs, ref, diagnostics));
  if (o.clusterProfile !== undefined) set('clusterProfile', o.clusterProfile);
  if (o.replicas !== undefined) set('replicas', o.replicas);
  if (o.latencyBudgetMs !== undefined)
    set('latencyBudgetMs', o.latencyBudgetMs);
  if (o.opsCapacity !== undefined) set('opsCapacity', o.opsCapacity);
  if (o.currentMesh !== undefined) set('currentMesh', o.currentMesh);
  if (o.existingEnvoy !== undefined) set('existingEnvoy', o.existingEnvoy);
  if (o.vendorSupport !== undefined) set('vendorSupport', o.vendorSupport);
}
