import { stringify } from 'yaml';
import type { Manifest } from '../schema';

/**
 * Manifests are built as objects and serialised with `yaml`'s stringify.
 * Serialising is the hot path of an evaluation, so each manifest shape is
 * stringified once with placeholder names and the real (DNS-1123) names are
 * then put in: as the scalar `yaml` would write on its own where the name is
 * the whole value, verbatim inside longer values. A test checks the result is
 * byte-identical to a direct stringify.
 */

/** Names a manifest builder receives. */
export interface Names {
  /** The workload name as a whole value. */
  workload: string;
  /** The namespace as a whole value. */
  namespace: string;
  /** The workload name inside a longer value (e.g. a host). */
  inWorkload: string;
  /** The namespace inside a longer value. */
  inNamespace: string;
}

export interface ManifestSpec {
  /** Cache key, unique across meshes and kinds: must include every input the builder reads besides the names. */
  key: string;
  title: string;
  purpose: string;
  kind: string;
  apiVersion: string;
  docsUrl: string;
  build: (n: Names) => object;
}

const TOKENS: Names = {
  workload: 'zzmawzz',
  namespace: 'zzmanzz',
  inWorkload: 'zzmawczz',
  inNamespace: 'zzmanczz',
};

const STRINGIFY_OPTIONS = { lineWidth: 0 } as const;

/** Direct serialisation (reference for tests). */
export function stringifyManifest(obj: object): string {
  return stringify(obj, STRINGIFY_OPTIONS);
}

/**
 * A stringified manifest split at the names: `texts[i]`, then the name of
 * `slots[i]` (an index into the names in TOKEN_ORDER), …, then the last text.
 */
interface Template {
  texts: string[];
  slots: number[];
}

const TOKEN_ORDER = [
  TOKENS.workload,
  TOKENS.namespace,
  TOKENS.inWorkload,
  TOKENS.inNamespace,
];

const templates = new Map<string, Template>();
const scalars = new Map<string, string>();
const MAX_CACHE = 4096;

/** How `yaml` writes a DNS-1123 name as a whole scalar value. */
function scalar(v: string): string {
  // Starting with a letter, only the core-schema keywords need quotes.
  if (/^[a-z]/.test(v) && v !== 'true' && v !== 'false' && v !== 'null')
    return v;
  let s = scalars.get(v);
  if (s === undefined) {
    s = stringify(v, STRINGIFY_OPTIONS).trimEnd();
    if (scalars.size >= MAX_CACHE) scalars.clear();
    scalars.set(v, s);
  }
  return s;
}

// A name that is a DNS-1123 label already comes out of dnsLabel unchanged.
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower-case DNS-1123 label (max 63), so names need no YAML escaping. */
export function dnsLabel(value: string, fallback: string): string {
  if (DNS_LABEL.test(value)) return value;
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s === '' ? fallback : s;
}

export function renderManifest(
  spec: ManifestSpec,
  workload: string,
  namespace: string,
): Manifest {
  const cacheKey = spec.key;
  let template = templates.get(cacheKey);
  if (template === undefined) {
    // Split on the four tokens, keeping them, so filling in is a join.
    const parts = stringifyManifest(spec.build(TOKENS)).split(
      /(zzmawzz|zzmanzz|zzmawczz|zzmanczz)/,
    );
    template = { texts: [], slots: [] };
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) template.texts.push(parts[i]);
      else template.slots.push(TOKEN_ORDER.indexOf(parts[i]));
    }
    if (templates.size >= MAX_CACHE) templates.clear();
    templates.set(cacheKey, template);
  }
  const names = [scalar(workload), scalar(namespace), workload, namespace];
  const { texts, slots } = template;
  let yaml = texts[0];
  for (let i = 0; i < slots.length; i++) {
    yaml += names[slots[i]];
    yaml += texts[i + 1];
  }
  return {
    title: spec.title,
    purpose: spec.purpose,
    kind: spec.kind,
    apiVersion: spec.apiVersion,
    yaml,
    docsUrl: spec.docsUrl,
  };
}
