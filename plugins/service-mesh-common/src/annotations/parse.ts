import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic } from '../schema';
import {
  MAX_ANNOTATION_LENGTH,
  MESH_ANNOTATION_KINDS,
  MESH_ANNOTATION_PREFIX,
  MESH_ANNOTATIONS,
  MeshAnnotationName,
} from './constants';

/**
 * Annotation parsing: never throws, turns every bad value into a diagnostic
 * and keeps the good parts. Pure string work, so it runs in the browser.
 */

/** Where diagnostics go and which entity the value was read from. */
export interface ParseSink {
  ref: string;
  diagnostics: Diagnostic[];
}

/** Known misspellings and synonyms that edit distance alone would not find. */
const ALIASES: Record<string, string> = {
  quic: 'http3',
  h3: 'http3',
  'http/3': 'http3',
  h2: 'http2',
  h2c: 'http2',
  'http/2': 'http2',
  http: 'http1',
  'http/1.1': 'http1',
  'http1.1': 'http1',
  https: 'http1',
  rest: 'http1',
  ws: 'websocket',
  wss: 'websocket',
  websockets: 'websocket',
  grpcs: 'grpc',
  mqtt: 'tcp',
  amqp: 'tcp',
  kafka: 'tcp',
  tls: 'tcp',
  'm-tls': 'mtls',
  'mutual-tls': 'mtls',
  canary: 'traffic-split',
  'traffic-splitting': 'traffic-split',
  shadowing: 'mirroring',
  'traffic-mirroring': 'mirroring',
  'rate-limit': 'rate-limiting',
  ratelimit: 'rate-limiting',
  'circuit-breaker': 'circuit-breaking',
  'circuit-breakers': 'circuit-breaking',
  jwt: 'jwt-auth',
  oidc: 'identity-federation',
  oauth: 'identity-federation',
  wasm: 'wasm-extensions',
  ingress: 'ingress-gateway',
  egress: 'egress-control',
  multicluster: 'multi-cluster',
  vm: 'vm-workloads',
  vms: 'vm-workloads',
  ambient: 'sidecarless',
  tracing: 'distributed-tracing',
  metrics: 'golden-metrics',
  'ext-authz': 'external-authz',
  extauthz: 'external-authz',
  consul: 'none',
  platform: 'dedicated',
  yes: 'true',
  no: 'false',
};

const MAX_SHOWN = 80;

function show(value: string): string {
  return value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
}

/** Lower-case with all whitespace removed (docs/annotations.md: whitespace is ignored). */
function normalizeToken(value: string): string {
  return value.replace(/\s+/g, '').toLowerCase();
}

/** A close accepted value, by alias or edit distance (≤ 2, or ≤ a third of the length). */
export function suggest(
  value: string,
  accepted: readonly string[],
): string | undefined {
  const alias = ALIASES[value];
  if (alias !== undefined && accepted.includes(alias)) return alias;
  if (value.length === 0 || value.length > 64 || accepted.length === 0)
    return undefined;
  const best = closest(value, accepted as string[]);
  const d = distance(value, best);
  return d <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

function quoteForYaml(value: string): string {
  return /^(true|false|null|~|[-+]?[0-9.]+(e[-+]?[0-9]+)?)$/i.test(value)
    ? `"${value}"`
    : value;
}

/** The annotation line ready to paste into catalog-info.yaml. */
function annotationLine(key: string, value: string): string {
  return `${key}: ${quoteForYaml(value)}`;
}

/**
 * The raw string of an annotation, or undefined when absent or unusable
 * (non-string object values and oversized values give an error diagnostic).
 */
export function rawAnnotation(
  annotations: Record<string, unknown>,
  key: string,
  sink: ParseSink,
): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(annotations, key)) return undefined;
  const v = annotations[key];
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else if (v === undefined) return undefined;
  else {
    sink.diagnostics.push({
      severity: 'error',
      annotation: key,
      entityRef: sink.ref,
      message: `${key} must be a string, got ${describeType(
        v,
      )}; the value is ignored.`,
    });
    return undefined;
  }
  if (s.length > MAX_ANNOTATION_LENGTH) {
    sink.diagnostics.push({
      severity: 'error',
      annotation: key,
      entityRef: sink.ref,
      message: `${key} is ${s.length} characters long, over the 1 KiB limit; the value is ignored.`,
      value: show(s),
    });
    return undefined;
  }
  return s;
}

/** One of a fixed set of values. */
export function parseEnum<T extends string>(
  raw: string,
  key: string,
  accepted: readonly T[],
  sink: ParseSink,
): T | undefined {
  // Accepted values are lower-case without spaces: a value written as one
  // is already normal. The accepted string itself is returned, so later
  // lookups compare the same string.
  const exact = (accepted as readonly string[]).indexOf(raw);
  if (exact >= 0) return accepted[exact];
  const v = normalizeToken(raw);
  const normal = (accepted as readonly string[]).indexOf(v);
  if (normal >= 0) return accepted[normal];
  const suggestion = suggest(v, accepted);
  sink.diagnostics.push({
    severity: 'warning',
    annotation: key,
    entityRef: sink.ref,
    message: `${
      v === '' ? 'Empty value' : `Unknown value "${show(raw.trim())}"`
    } for ${key}; accepted: ${accepted.join(', ')}.${
      suggestion ? ` Did you mean "${suggestion}"?` : ''
    } The value is ignored.`,
    value: show(raw),
    suggestion,
    fix: suggestion ? annotationLine(key, suggestion) : undefined,
  });
  return undefined;
}

/** A comma-separated list of accepted items; bad items are dropped, good ones kept. */
export function parseList<T extends string>(
  raw: string,
  key: string,
  accepted: readonly T[],
  noun: string,
  sink: ParseSink,
): T[] {
  const good: T[] = [];
  const bad: Array<{ item: string; suggestion?: string }> = [];
  for (const part of raw.split(',')) {
    // Most items are an accepted value with spaces around it ("mtls, retries"):
    // trimmed, that is already what normalizeToken would give. The accepted
    // string itself is kept, so later lookups compare the same string.
    let index = (accepted as readonly string[]).indexOf(part.trim());
    const item = index >= 0 ? accepted[index] : normalizeToken(part);
    if (item === '') continue;
    if (index < 0) index = (accepted as readonly string[]).indexOf(item);
    if (index >= 0) {
      if (!good.includes(accepted[index])) good.push(accepted[index]);
    } else if (!bad.some(b => b.item === item)) {
      bad.push({ item, suggestion: suggest(item, accepted) });
    }
  }
  if (bad.length > 0) {
    const fixed: string[] = [...good];
    for (const b of bad)
      if (b.suggestion && !fixed.includes(b.suggestion))
        fixed.push(b.suggestion);
    const fix =
      fixed.length > 0 ? annotationLine(key, fixed.join(', ')) : undefined;
    for (const b of bad) {
      sink.diagnostics.push({
        severity: 'warning',
        annotation: key,
        entityRef: sink.ref,
        message: `Unknown ${noun} "${show(
          b.item,
        )}" in ${key}; accepted: ${accepted.join(', ')}.${
          b.suggestion ? ` Did you mean "${b.suggestion}"?` : ''
        } The item is ignored.`,
        value: show(raw),
        suggestion: b.suggestion,
        fix,
      });
    }
  }
  return good;
}

/** A number in a range; integers only when `integer`. */
export function parseNumber(
  raw: string,
  key: string,
  opts: { integer: boolean; min: number; max: number; exclusiveMin?: boolean },
  sink: ParseSink,
): number | undefined {
  const v = normalizeToken(raw);
  const n = /^[-+]?(\d+\.?\d*|\.\d+)$/.test(v) ? Number(v) : NaN;
  const range = `${
    opts.exclusiveMin ? `greater than ${opts.min}` : `from ${opts.min}`
  } to ${opts.max}`;
  const what = opts.integer ? 'an integer' : 'a number';
  let problem: string | undefined;
  if (!Number.isFinite(n)) problem = `"${show(raw.trim())}" is not ${what}`;
  else if (opts.integer && !Number.isInteger(n))
    problem = `"${show(raw.trim())}" is not ${what}`;
  else if (
    n < opts.min ||
    (opts.exclusiveMin && n === opts.min) ||
    n > opts.max
  )
    problem = `"${show(raw.trim())}" is out of range`;
  if (problem === undefined) return n;
  // A sign typo ("-3") is the only correction we dare propose.
  const abs = Math.abs(n);
  const fixable =
    Number.isFinite(n) &&
    n < 0 &&
    abs >= opts.min &&
    abs <= opts.max &&
    (!opts.integer || Number.isInteger(abs));
  sink.diagnostics.push({
    severity: 'warning',
    annotation: key,
    entityRef: sink.ref,
    message: `${problem} for ${key}; accepted: ${what} ${range}.${
      fixable ? ` Did you mean "${abs}"?` : ''
    } The value is ignored.`,
    value: show(raw),
    suggestion: fixable ? String(abs) : undefined,
    fix: fixable ? annotationLine(key, String(abs)) : undefined,
  });
  return undefined;
}

/** `true` or `false`. */
export function parseBoolean(
  raw: string,
  key: string,
  sink: ParseSink,
): boolean | undefined {
  const v = parseEnum(raw, key, ['true', 'false'] as const, sink);
  return v === undefined ? undefined : v === 'true';
}

const KEY_BY_ANNOTATION = new Map<string, MeshAnnotationName>(
  (Object.keys(MESH_ANNOTATIONS) as MeshAnnotationName[]).map(k => [
    MESH_ANNOTATIONS[k],
    k,
  ]),
);
const ALL_KEYS = Object.values(MESH_ANNOTATIONS) as string[];

/**
 * Diagnostics for `mesh-advisor.io/*` keys that are unknown, or known but not
 * read on this kind. Keys of other prefixes are not ours and are never looked at.
 */
export function checkAnnotationKeys(
  annotations: Record<string, unknown>,
  kind: string,
  sink: ParseSink,
): void {
  for (const key in annotations) {
    if (!Object.prototype.hasOwnProperty.call(annotations, key)) continue;
    if (
      key.length < MESH_ANNOTATION_PREFIX.length ||
      !key.startsWith(MESH_ANNOTATION_PREFIX)
    )
      continue;
    const name = KEY_BY_ANNOTATION.get(key);
    if (name === undefined) {
      const suffix = normalizeToken(key.slice(MESH_ANNOTATION_PREFIX.length));
      const near = suggest(
        suffix,
        ALL_KEYS.map(k => k.slice(MESH_ANNOTATION_PREFIX.length)),
      );
      const raw = annotations[key];
      const value =
        typeof raw === 'string' && raw.length <= 200 ? raw : undefined;
      sink.diagnostics.push({
        severity: 'warning',
        annotation: show(key),
        entityRef: sink.ref,
        message: `Unknown annotation ${show(
          key,
        )}; Mesh Advisor reads: ${ALL_KEYS.join(', ')}.${
          near ? ` Did you mean ${MESH_ANNOTATION_PREFIX}${near}?` : ''
        } It is ignored.`,
        suggestion: near ? `${MESH_ANNOTATION_PREFIX}${near}` : undefined,
        fix:
          near && value !== undefined
            ? annotationLine(`${MESH_ANNOTATION_PREFIX}${near}`, value.trim())
            : undefined,
      });
    } else if (!MESH_ANNOTATION_KINDS[name].includes(kind)) {
      sink.diagnostics.push({
        severity: 'info',
        annotation: key,
        entityRef: sink.ref,
        message: `${key} is not read on a ${
          kind === '' ? 'entity without kind' : kind
        }; it is read on: ${MESH_ANNOTATION_KINDS[name].join(
          ', ',
        )}. It is ignored here.`,
      });
    }
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}
