import {
  Entity,
  makeValidator,
  parseEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { relatedEntityRefs } from '@mesh-advisor/plugin-service-mesh-common';

/**
 * Checks of client input that must happen before anything reaches the
 * catalog or the database: a NUL byte makes PostgreSQL fail ("invalid byte
 * sequence") and the catalog answer an internal error, which the caller
 * would otherwise see as a 5xx or as the catalog's own message.
 */

/**
 * The most distinct refs one draft (POST /v1/evaluate) may make the catalog
 * resolve: its owner, system (and that system's domain), APIs and resources.
 * A real component names a handful; a body under 1 MiB could name ~45,000,
 * and 30,000 kept the catalog busy for seconds, slowing every other caller.
 */
export const MAX_DRAFT_REFS = 500;

/** C0 controls, DEL and C1 controls: never part of a name, ref or filter. */
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const NO_CONTROL_CHARACTERS =
  'no control characters (U+0000–U+001F, U+007F–U+009F)';

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/**
 * Path parameters of an entity route. Only control characters are refused
 * here: a catalog may be configured with its own name rules, and any other
 * name that does not exist is a plain 404.
 */
export function validatePathParams(params: Record<string, string>): void {
  for (const [key, value] of Object.entries(params)) {
    if (hasControlCharacters(value)) {
      throw new InputError(
        `Invalid path parameter ${key}: ${JSON.stringify(
          value,
        )}; accepted: an entity ${key} with ${NO_CONTROL_CHARACTERS}`,
      );
    }
  }
}

/**
 * The raw query string. The query parser keeps a part it cannot decode (a
 * `%FF` that is no UTF-8) as literal text, so `q=%FF%00` would filter by the
 * text "%FF%00" instead of being refused: check the encoding first.
 */
export function validateQueryEncoding(url: string): void {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return;
  for (const part of url.slice(queryStart + 1).split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      const key = part.split('=')[0];
      throw new InputError(
        `Invalid query: ${JSON.stringify(
          key,
        )}: not valid percent-encoded UTF-8; accepted: UTF-8 text, percent-encoded`,
      );
    }
  }
}

/** Query parameters of the list; every value reaches SQL. */
export function validateQueryText(query: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    if (
      hasControlCharacters(key) ||
      values.some(v => typeof v === 'string' && hasControlCharacters(v))
    ) {
      throw new InputError(
        `Invalid query: ${JSON.stringify(
          key,
        )}: must be text with ${NO_CONTROL_CHARACTERS}`,
      );
    }
  }
}

const validators = makeValidator();

/** Spec fields holding refs, with the kind a relative ref defaults to. */
const SPEC_REF_FIELDS: Array<[field: string, defaultKind: string]> = [
  ['owner', 'group'],
  ['system', 'system'],
  ['providesApis', 'api'],
  ['consumesApis', 'api'],
  ['dependsOn', 'resource'],
];

/** Relation types whose targets the evaluation reads. */
const READ_RELATIONS = new Set([
  'ownedBy',
  'partOf',
  'providesApi',
  'consumesApi',
  'dependsOn',
]);

const REF_FORMAT =
  'an entity ref [kind:][namespace/]name with a kind of letters and digits, ' +
  'a lower-case DNS label namespace and a name of letters, digits, "-", "_" ' +
  `and "." (at most 63 characters each), and ${NO_CONTROL_CHARACTERS}`;

/**
 * The refs of a draft entity that would be looked up in the catalog, checked
 * against the catalog model's own rules for kinds, namespaces and names
 * (anything else could never match an entity), and their number capped.
 * A 400 names the field.
 */
export function validateDraftRefs(entity: Entity): void {
  // First a cheap count of every ref-holding value, so that a draft naming
  // tens of thousands of refs costs nothing more than reading its body
  // (checked one by one, 10 such drafts at once kept the event loop from
  // answering anyone else). Duplicates still fit under the precise count
  // below, up to this bound.
  const spec0 = (entity.spec ?? {}) as Record<string, unknown>;
  const entries =
    SPEC_REF_FIELDS.reduce((n, [field]) => {
      const value = spec0[field];
      if (Array.isArray(value)) return n + value.length;
      return n + (value ? 1 : 0);
    }, 0) + (Array.isArray(entity.relations) ? entity.relations.length : 0);
  if (entries > 4 * MAX_DRAFT_REFS) throw tooManyRefs(entries);

  const bad = (field: string, value: unknown, accepted: string) =>
    new InputError(
      `Invalid request body: entity.${field}: ${JSON.stringify(value).slice(
        0,
        200,
      )} is not accepted; expected ${accepted}`,
    );

  const rawNamespace = entity.metadata?.namespace;
  const namespace =
    typeof rawNamespace === 'string' && rawNamespace !== ''
      ? rawNamespace
      : 'default';
  if (
    hasControlCharacters(namespace) ||
    !validators.isValidNamespace(namespace.toLowerCase())
  ) {
    throw bad(
      'metadata.namespace',
      rawNamespace,
      `a namespace: a DNS label of letters, digits and "-", at most 63 characters, ${NO_CONTROL_CHARACTERS}`,
    );
  }

  const checkRef = (
    field: string,
    value: unknown,
    defaults?: { defaultKind: string; defaultNamespace: string },
  ) => {
    if (typeof value !== 'string') return; // not a ref: the evaluator ignores it
    if (hasControlCharacters(value)) throw bad(field, value, REF_FORMAT);
    let ref;
    try {
      ref = parseEntityRef(value, defaults);
    } catch {
      // Never looked up: the evaluator reports it as unresolved. Relation
      // targets are sent as they are, so those must parse.
      if (!defaults) throw bad(field, value, REF_FORMAT);
      return;
    }
    if (
      !validators.isValidKind(ref.kind) ||
      !validators.isValidNamespace(ref.namespace.toLowerCase()) ||
      !validators.isValidEntityName(ref.name)
    ) {
      throw bad(field, value, REF_FORMAT);
    }
  };

  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  for (const [field, defaultKind] of SPEC_REF_FIELDS) {
    const value = spec[field];
    const defaults = { defaultKind, defaultNamespace: namespace };
    if (Array.isArray(value)) {
      value.forEach((v, i) => checkRef(`spec.${field}[${i}]`, v, defaults));
    } else {
      checkRef(`spec.${field}`, value, defaults);
    }
  }
  (Array.isArray(entity.relations) ? entity.relations : []).forEach(
    (relation, i) => {
      const r = relation as { type?: unknown; targetRef?: unknown };
      if (typeof r?.type === 'string' && READ_RELATIONS.has(r.type)) {
        checkRef(`relations[${i}].targetRef`, r.targetRef);
      }
    },
  );

  const refs = relatedEntityRefs(entity);
  const count =
    (refs.owner ? 1 : 0) +
    // a system brings its domain along
    (refs.system ? 2 : 0) +
    refs.apis.length +
    refs.resources.length;
  if (count > MAX_DRAFT_REFS) throw tooManyRefs(count);
}

function tooManyRefs(count: number) {
  return new InputError(
    `Invalid request body: entity names ${count} entity refs to resolve ` +
      `(owner, system and its domain, APIs, resources); at most ${MAX_DRAFT_REFS} distinct refs are accepted per request`,
  );
}
