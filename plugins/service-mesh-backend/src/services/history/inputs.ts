import { Entity } from '@backstage/catalog-model';
import {
  EvaluationContext,
  VerdictInputChange,
  MESH_ANNOTATION_PREFIX,
  MESH_ANNOTATIONS,
} from '@mesh-advisor/plugin-service-mesh-common';

/**
 * The inputs a verdict was decided on, flattened to named values so two of
 * them can be compared: `needs`, `system needs`, `owner ops-capacity`,
 * `type`, `rules version`, `policy`… Lists are sorted sets of lower-cased
 * items (annotation values are case-insensitive and comma-separated,
 * docs/annotations.md).
 */
export type EvaluationInputs = Record<string, string | string[]>;

/** Annotations read as lists: a change is said as items gained and lost. */
const LIST_ANNOTATIONS = new Set<string>([
  MESH_ANNOTATIONS.needs,
  MESH_ANNOTATIONS.protocols,
]);

/** The inputs of one evaluation context, under one policy and rules version. */
export function evaluationInputs(
  context: EvaluationContext,
  rulesVersion: string,
  policyHash: string,
): EvaluationInputs {
  const inputs: EvaluationInputs = {
    'rules version': rulesVersion,
    policy: policyHash,
  };
  const spec = (context.entity.spec ?? {}) as Record<string, unknown>;
  for (const field of ['type', 'lifecycle', 'owner', 'system'] as const) {
    if (typeof spec[field] === 'string') inputs[field] = String(spec[field]);
  }
  const roles: Array<[string, Entity | undefined]> = [
    ['', context.entity],
    ['owner ', context.owner],
    ['system ', context.system],
    ['domain ', context.domain],
  ];
  for (const [role, entity] of roles) {
    if (!entity) continue;
    for (const [name, value] of meshAnnotationInputs(entity)) {
      inputs[`${role}${name}`] = value;
    }
  }
  return inputs;
}

/**
 * What changed between two sets of inputs, in a stable order. The policy is
 * a hash: its change is reported without values.
 */
export function diffInputs(
  before: EvaluationInputs | undefined,
  after: EvaluationInputs,
): VerdictInputChange[] {
  if (!before) return [];
  const changes: VerdictInputChange[] = [];
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const input of names.sort()) {
    const from = before[input];
    const to = after[input];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    if (input === 'policy') {
      changes.push({ input });
    } else if (Array.isArray(from) || Array.isArray(to)) {
      const fromItems = asList(from);
      const toItems = asList(to);
      changes.push({
        input,
        gained: toItems.filter(item => !fromItems.includes(item)),
        lost: fromItems.filter(item => !toItems.includes(item)),
      });
    } else {
      changes.push({
        input,
        ...(from !== undefined && { from }),
        ...(to !== undefined && { to }),
      });
    }
  }
  return changes;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * An entity's Mesh Advisor annotations as inputs, without the role prefix.
 * Owners, systems and domains are shared by many components of a refresh
 * (one object per run), so each is read once.
 */
const annotationInputsOf = new WeakMap<
  Entity,
  Array<[string, string | string[]]>
>();

function meshAnnotationInputs(
  entity: Entity,
): Array<[string, string | string[]]> {
  let entries = annotationInputsOf.get(entity);
  if (entries) return entries;
  entries = [];
  for (const [key, raw] of Object.entries(entity.metadata.annotations ?? {})) {
    if (!key.startsWith(MESH_ANNOTATION_PREFIX)) continue;
    entries.push([
      key.slice(MESH_ANNOTATION_PREFIX.length),
      LIST_ANNOTATIONS.has(key)
        ? [
            ...new Set(
              raw
                .split(',')
                .map(item => item.trim().toLowerCase())
                .filter(Boolean),
            ),
          ].sort()
        : raw.trim().toLowerCase(),
    ]);
  }
  annotationInputsOf.set(entity, entries);
  return entries;
}
