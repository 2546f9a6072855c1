import {
  Entity,
  parseEntityRef,
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { MESH_ANNOTATIONS } from '../annotations/constants';

/**
 * Which related entities an evaluation needs, as normalised refs, and the
 * quick applicability check the frontend uses to show or hide the card.
 */

/**
 * Component types that are not networked workloads: verdict `none`,
 * applicable false. `website` means a static front end served from a CDN;
 * a server-rendered site should use type `service`.
 *
 * @public
 */
export const NOT_APPLICABLE_TYPES: readonly string[] = [
  'library',
  'documentation',
  'website',
];

/** A plain object (not null, not an array): the one guard the evaluator uses on untrusted entities. @internal */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The entity's annotations as a plain record, whatever the input. @internal */
export function annotationsOf(
  entity: Entity | undefined,
): Record<string, unknown> {
  const a =
    isRecord(entity) && isRecord(entity.metadata)
      ? entity.metadata.annotations
      : undefined;
  return isRecord(a) ? a : {};
}

/** Lower-case kind of an entity ('' when missing). @internal */
export function kindOf(entity: Entity | undefined): string {
  return isRecord(entity) && typeof entity.kind === 'string'
    ? entity.kind.toLowerCase()
    : '';
}

function namespaceOf(entity: Entity): string {
  const ns = isRecord(entity.metadata) ? entity.metadata.namespace : undefined;
  return typeof ns === 'string' && ns !== '' ? ns : 'default';
}

const refs = new WeakMap<object, string>();

/** The normalised (lower-case) ref of an entity; never throws. @internal */
export function refOf(entity: Entity | undefined): string {
  if (!isRecord(entity)) return 'unknown:default/unknown';
  const hit = refs.get(entity);
  if (hit !== undefined) return hit;
  const ref = computeRef(entity);
  refs.set(entity, ref);
  return ref;
}

function computeRef(entity: Entity): string {
  const name =
    isRecord(entity.metadata) && typeof entity.metadata.name === 'string'
      ? entity.metadata.name
      : 'unknown';
  const kind =
    typeof entity.kind === 'string' && entity.kind !== ''
      ? entity.kind
      : 'unknown';
  return `${kind}:${namespaceOf(entity)}/${name}`.toLowerCase();
}

// Refs repeat across a catalog (owners, systems, resources): memoise the
// parse, by default kind, then namespace, then ref (no key string to build).
// '' marks an unparseable ref.
const normalized = new Map<string, Map<string, Map<string, string>>>();
let normalizedSize = 0;

function normalize(
  ref: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof ref !== 'string' || ref === '' || ref.length > 1024)
    return undefined;
  let byNamespace = normalized.get(defaultKind);
  if (byNamespace === undefined)
    normalized.set(defaultKind, (byNamespace = new Map()));
  let byRef = byNamespace.get(defaultNamespace);
  if (byRef === undefined)
    byNamespace.set(defaultNamespace, (byRef = new Map()));
  const hit = byRef.get(ref);
  if (hit !== undefined) return hit === '' ? undefined : hit;
  let out: string | undefined;
  try {
    out = stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace }),
    ).toLowerCase();
  } catch {
    out = undefined;
  }
  if (normalizedSize >= 10000) {
    normalized.clear();
    normalizedSize = 0;
    normalized.set(defaultKind, (byNamespace = new Map()));
    byNamespace.set(defaultNamespace, (byRef = new Map()));
  }
  byRef.set(ref, out ?? '');
  normalizedSize++;
  return out;
}

function relationTargets(entity: Entity, type: string): string[] | undefined {
  if (!Array.isArray(entity.relations)) return undefined;
  const out: string[] = [];
  for (const r of entity.relations) {
    if (isRecord(r) && r.type === type && typeof r.targetRef === 'string')
      out.push(r.targetRef.toLowerCase());
  }
  return out.length > 0 ? out : undefined;
}

function specList(entity: Entity, key: string): unknown[] {
  const spec = isRecord(entity.spec) ? entity.spec : {};
  const v = spec[key];
  return Array.isArray(v) ? v : [];
}

function uniq(list: Array<string | undefined>): string[] {
  return [...new Set(list.filter((x): x is string => x !== undefined))];
}

/**
 * Refs the backend must fetch to evaluate an entity: from `relations` when
 * the catalog filled them (per relation type), else from `spec`; normalised
 * and lower-case; relative refs resolve in the entity's namespace.
 *
 * @public
 */
export function relatedEntityRefs(entity: Entity): {
  owner?: string;
  system?: string;
  apis: string[];
  resources: string[];
} {
  if (!isRecord(entity)) return { apis: [], resources: [] };
  const ns = namespaceOf(entity);
  const spec = isRecord(entity.spec) ? entity.spec : {};
  const owner =
    relationTargets(entity, RELATION_OWNED_BY)?.[0] ??
    normalize(spec.owner, 'group', ns);
  const system =
    relationTargets(entity, RELATION_PART_OF)?.find(r =>
      r.startsWith('system:'),
    ) ?? normalize(spec.system, 'system', ns);
  const provided =
    relationTargets(entity, RELATION_PROVIDES_API) ??
    specList(entity, 'providesApis').map(r => normalize(r, 'api', ns));
  const consumed =
    relationTargets(entity, RELATION_CONSUMES_API) ??
    specList(entity, 'consumesApis').map(r => normalize(r, 'api', ns));
  return {
    ...(owner ? { owner } : {}),
    ...(system ? { system } : {}),
    apis: uniq([...provided, ...consumed]).filter(r => r.startsWith('api:')),
    resources: resourceRefs(entity, ns),
  };
}

function resourceRefs(entity: Entity, ns: string): string[] {
  const depends =
    relationTargets(entity, RELATION_DEPENDS_ON) ??
    specList(entity, 'dependsOn').map(r => normalize(r, 'resource', ns));
  return uniq(depends).filter(r => r.startsWith('resource:'));
}

/**
 * The Resources an entity dependsOn, as {@link relatedEntityRefs} gives
 * them: all an evaluation reads of its refs, without parsing the others.
 *
 * @internal
 */
export function dependsOnRefs(entity: Entity): string[] {
  return isRecord(entity) ? resourceRefs(entity, namespaceOf(entity)) : [];
}

/**
 * The ref of a System's Domain, from relations or `spec.domain`.
 *
 * @public
 */
export function domainEntityRef(system: Entity): string | undefined {
  if (!isRecord(system)) return undefined;
  const spec = isRecord(system.spec) ? system.spec : {};
  return (
    relationTargets(system, RELATION_PART_OF)?.find(r =>
      r.startsWith('domain:'),
    ) ?? normalize(spec.domain, 'domain', namespaceOf(system))
  );
}

/**
 * Whether the entity opted out with `mesh-advisor.io/exclude: "true"` (any
 * case, surrounding spaces ignored). The frontend uses it to skip the request.
 *
 * @public
 */
export function isServiceMeshExcluded(entity: Entity): boolean {
  const exclude = annotationsOf(entity)[MESH_ANNOTATIONS.exclude];
  return (
    (typeof exclude === 'string' && exclude.trim().toLowerCase() === 'true') ||
    exclude === true
  );
}

/** Why an entity is not evaluated, or undefined when it is. @internal */
export function notApplicableReason(entity: Entity): string | undefined {
  const kind = kindOf(entity);
  if (kind !== 'component')
    return `Only Components are evaluated; this is a ${
      kind || 'entity without kind'
    }.`;
  if (isServiceMeshExcluded(entity))
    return `Excluded by annotation ${MESH_ANNOTATIONS.exclude}: "true".`;
  const type =
    isRecord(entity.spec) && typeof entity.spec.type === 'string'
      ? entity.spec.type.trim().toLowerCase()
      : '';
  if (NOT_APPLICABLE_TYPES.includes(type))
    return `Components of type "${type}" are not networked workloads (not applicable types: ${NOT_APPLICABLE_TYPES.join(
      ', ',
    )}).`;
  return undefined;
}

/**
 * Quick check for conditional UI: a Component of a networked type that is not excluded.
 *
 * @public
 */
export function isServiceMeshApplicable(entity: Entity): boolean {
  return isRecord(entity) && notApplicableReason(entity) === undefined;
}

/** Direct members of a group: `hasMember` relations, else `spec.members`. @internal */
export function groupSize(group: Entity): number | undefined {
  const rel = relationTargets(group, RELATION_HAS_MEMBER);
  if (rel) return rel.length;
  const members = specList(group, 'members');
  return members.length > 0 ? members.length : undefined;
}
