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
import { CAPABILITY_IDS } from '../facts/capabilityIds';
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
import {
  annotationsOf,
  groupSize,
  kindOf,
  refOf,
  relatedEntityRefs,
} from './refs';
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
function keyDiagnostics(entity: Entity, l: Level): Diagnostic[] {
  let d = keyDiagnosticsCache.get(entity);
  if (d === undefined) {
    const sink: ParseSink = { ref: l.ref, diagnostics: [] };
    checkAnnotationKeys(l.annotations, l.kind, sink);
    d = sink.diagnostics;
    keyDiagnosticsCache.set(entity, d);
  }
  return d.map(x => ({ ...x }));
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

function sortBy<T extends string>(
  values: Iterable<T>,
  order: readonly T[],
): T[] {
  const set = new Set(values);
  return order.filter(v => set.has(v));
}

/** The resolved inputs plus everything learnt on the way. @internal */
export interface ResolvedRequirements {
  requirements: Requirements;
  diagnostics: Diagnostic[];
}

/** @internal */
export function resolveRequirements(
  context: EvaluationContext,
  policy: MeshPolicy,
  overrides?: RequirementOverrides,
): ResolvedRequirements {
  const diagnostics: Diagnostic[] = [];
  const { entity } = context;
  const C = level(entity, true, undefined, diagnostics)!;
  const S = level(context.system, false, 'from its System', diagnostics);
  const D = level(
    context.domain,
    false,
    "from its System's Domain",
    diagnostics,
  );
  const G = level(context.owner, false, 'from its owner', diagnostics);
  checkAnnotationKeys(C.annotations, C.kind, C.sink);
  for (const [l, e] of [
    [S, context.system],
    [D, context.domain],
    [G, context.owner],
  ] as const) {
    if (l && e) diagnostics.push(...keyDiagnostics(e, l));
  }

  const A = MESH_ANNOTATIONS;
  // exclude is decided by notApplicableReason; parsed here only for its diagnostics.
  firstOf([C], A.exclude, (raw, sink) => parseBoolean(raw, A.exclude, sink));
  const defaults = policy.defaults;
  const related = relatedEntityRefs(entity);

  // protocols: declared on the component wins; inference (inference/rules.ts) always shows.
  const { protocols: inferred, sources: inferredSources } = inferProtocols(
    context,
    related.resources,
  );
  let protocols: Requirements['protocols'];
  const declaredRaw = rawAnnotation(C.annotations, A.protocols, C.sink);
  const declared =
    declaredRaw === undefined
      ? []
      : parseList(declaredRaw, A.protocols, PROTOCOLS, 'protocol', C.sink);
  if (declared.length > 0) {
    protocols = {
      value: sortBy(declared, PROTOCOLS),
      sources: [
        sourceAt(C, A.protocols),
        ...inferredSources.map(s => ({
          ...s,
          detail: `${s.detail} (not used: the declared annotation wins)`,
        })),
      ],
    };
  } else if (inferred.size > 0) {
    protocols = {
      value: sortBy(inferred, PROTOCOLS),
      sources: inferredSources,
    };
  } else {
    protocols = {
      value: ['http1'],
      sources: [
        {
          kind: 'default',
          detail: 'nothing declares or implies a protocol; assumed http1',
        },
      ],
    };
  }

  // needs: the union of the component's and its System's (a system-wide need applies to each part).
  const needSet = new Set<string>();
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
  const needs: Requirements['needs'] =
    needSources.length > 0
      ? {
          value: sortBy(
            needSet as Set<(typeof CAPABILITY_IDS)[number]>,
            CAPABILITY_IDS,
          ),
          sources: needSources,
        }
      : {
          value: [],
          sources: [{ kind: 'default', detail: 'no needs declared' }],
        };

  const enumOf =
    <T extends string>(accepted: readonly T[]) =>
    (key: string) =>
    (raw: string, sink: ParseSink) =>
      parseEnum(raw, key, accepted, sink);
  const dflt = (detail: string): ValueSource => ({ kind: 'default', detail });

  const cp = firstOf(
    [C, S, D],
    A.clusterProfile,
    enumOf(CLUSTER_PROFILES)(A.clusterProfile),
  );
  const clusterProfile = cp
    ? { value: cp.value, sources: [cp.source] }
    : {
        value: defaults.clusterProfile,
        sources: [dflt('serviceMesh.defaults.clusterProfile')],
      };

  const rep = firstOf([C], A.replicas, (raw, sink) =>
    parseNumber(raw, A.replicas, { integer: true, min: 1, max: 100000 }, sink),
  );
  const replicas = rep
    ? { value: rep.value, sources: [rep.source] }
    : {
        value: defaults.replicas,
        sources: [dflt('serviceMesh.defaults.replicas')],
      };

  const lat = firstOf([C], A.latencyBudgetMs, (raw, sink) =>
    parseNumber(
      raw,
      A.latencyBudgetMs,
      { integer: false, min: 0, max: 3_600_000, exclusiveMin: true },
      sink,
    ),
  );
  const latencyBudgetMs = lat
    ? { value: lat.value, sources: [lat.source] }
    : { value: undefined, sources: [dflt('no latency budget declared')] };

  // ops capacity: System, Domain, owner Group annotation, owner Group size, default.
  let opsCapacity: Requirements['opsCapacity'];
  const ops = firstOf(
    [S, D, G && G.kind === 'group' ? G : undefined],
    A.opsCapacity,
    enumOf(OPS_CAPACITIES)(A.opsCapacity),
  );
  const size = G && G.kind === 'group' ? groupSize(context.owner!) : undefined;
  if (ops) opsCapacity = { value: ops.value, sources: [ops.source] };
  else if (size !== undefined)
    opsCapacity = {
      value: opsCapacityFromGroupSize(size),
      sources: [
        {
          kind: 'inferred',
          ref: G!.ref,
          detail: `group size ${size} (weak signal: 1–2 none, 3–9 small, 10+ dedicated)`,
        },
      ],
    };
  else
    opsCapacity = {
      value: defaults.opsCapacity,
      sources: [dflt('serviceMesh.defaults.opsCapacity')],
    };

  const cm = firstOf(
    [C, S],
    A.currentMesh,
    enumOf(CURRENT_MESHES)(A.currentMesh),
  );
  const currentMesh = cm
    ? { value: cm.value, sources: [cm.source] }
    : {
        value: 'none' as const,
        sources: [dflt('no current mesh declared; assumed none')],
      };

  const env = firstOf([C, S, D], A.existingEnvoy, (raw, sink) =>
    parseBoolean(raw, A.existingEnvoy, sink),
  );
  const existingEnvoy = env
    ? { value: env.value, sources: [env.source] }
    : {
        value: false,
        sources: [dflt('no existing Envoy declared; assumed false')],
      };

  const cniHit = firstOf([S, D], A.cni, raw => {
    const v = raw.trim().toLowerCase();
    return v === '' ? undefined : v;
  });
  const cni = cniHit
    ? { value: cniHit.value, sources: [cniHit.source] }
    : { value: undefined, sources: [dflt('no CNI declared')] };

  const vs = firstOf(
    [C, S, D],
    A.vendorSupport,
    enumOf(VENDOR_SUPPORT_LEVELS)(A.vendorSupport),
  );
  const vendorSupport = vs
    ? { value: vs.value, sources: [vs.source] }
    : {
        value: defaults.vendorSupport,
        sources: [dflt('serviceMesh.defaults.vendorSupport')],
      };

  const egressDestinations =
    related.resources.length > 0
      ? {
          value: related.resources,
          sources: related.resources.map(r => ({
            kind: 'inferred' as const,
            ref: r,
            detail: 'dependsOn resource',
          })),
        }
      : { value: [], sources: [dflt('no dependsOn resources')] };

  const requirements: Requirements = {
    protocols,
    needs,
    clusterProfile,
    replicas,
    latencyBudgetMs,
    opsCapacity,
    currentMesh,
    existingEnvoy,
    cni,
    vendorSupport,
    egressDestinations,
  };
  applyObservations(requirements, context.observations, C.ref, diagnostics);
  if (overrides !== undefined)
    applyOverrides(requirements, overrides, C.ref, diagnostics);
  return { requirements, diagnostics };
}

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
  const set = <K extends keyof Requirements>(
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
  if (o.needs !== undefined) {
    const known = o.needs
      .map(n => n.trim().toLowerCase())
      .filter(n => (CAPABILITY_IDS as readonly string[]).includes(n));
    for (const n of o.needs) {
      if (
        !(CAPABILITY_IDS as readonly string[]).includes(n.trim().toLowerCase())
      )
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
    set(
      'needs',
      sortBy(known as Array<(typeof CAPABILITY_IDS)[number]>, CAPABILITY_IDS),
    );
  }
  if (o.clusterProfile !== undefined) set('clusterProfile', o.clusterProfile);
  if (o.replicas !== undefined) set('replicas', o.replicas);
  if (o.latencyBudgetMs !== undefined)
    set('latencyBudgetMs', o.latencyBudgetMs);
  if (o.opsCapacity !== undefined) set('opsCapacity', o.opsCapacity);
  if (o.currentMesh !== undefined) set('currentMesh', o.currentMesh);
  if (o.existingEnvoy !== undefined) set('existingEnvoy', o.existingEnvoy);
  if (o.vendorSupport !== undefined) set('vendorSupport', o.vendorSupport);
}
