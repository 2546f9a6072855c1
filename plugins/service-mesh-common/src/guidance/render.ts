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

const templates = new Map<string, string[]>();
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

/** Lower-case DNS-1123 label (max 63), so names need no YAML escaping. */
export function dnsLabel(value: string, fallback: string): string {
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
  let parts = templates.get(cacheKey);
  if (parts === undefined) {
    // Split on the four tokens, keeping them, so filling in is a join.
    parts = stringifyManifest(spec.build(TOKENS)).split(
      /(zzmawzz|zzmanzz|zzmawczz|zzmanczz)/,
    );
    if (templates.size >= MAX_CACHE) templates.clear();
    templates.set(cacheKey, parts);
  }
  const w = scalar(workload);
  const n = scalar(namespace);
  let yaml = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (i % 2 === 0) yaml += p;
    else if (p === 'zzmawzz') yaml += w;
    else if (p === 'zzmanzz') yaml += n;
    else if (p === 'zzmawczz') yaml += workload;
    else yaml += namespace;
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
