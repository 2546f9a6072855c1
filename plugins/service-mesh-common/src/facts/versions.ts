// Per-function imports keep the rest of semver out of the browser bundle.
import SemVer from 'semver/classes/semver';
import coerce from 'semver/functions/coerce';

/**
 * The release windows the facts and the guidance cover, and the versions the
 * guidance is written for. Kept free of zod so the frontend can import them.
 */

/**
 * Oldest and newest release per project the fact tables cover.
 *
 * @public
 */
export const SUPPORTED_VERSIONS = {
  istio: { min: '1.24', max: '1.30' },
  linkerd: { min: '2.16', max: '2.20' },
  gatewayApi: { min: '1.1', max: '1.5' },
} as const;

/**
 * The releases the guidance is written for: apiVersions and install steps
 * follow them.
 *
 * @public
 */
export interface MeshTargets {
  /** The Istio release, e.g. `1.30`. */
  istio: string;
  /** The Linkerd release, e.g. `2.20`. */
  linkerd: string;
  /** The Gateway API release whose CRDs the guidance installs, e.g. `1.5`. */
  gatewayApi: string;
}

/** The newest release of each window. @public */
export const DEFAULT_TARGETS: MeshTargets = {
  istio: SUPPORTED_VERSIONS.istio.max,
  linkerd: SUPPORTED_VERSIONS.linkerd.max,
  gatewayApi: SUPPORTED_VERSIONS.gatewayApi.max,
};

function asSemver(version: string): string {
  // Mesh releases are written "2.9" or "1.24.3": semver needs three parts.
  return coerce(version)?.version ?? '0.0.0';
}

// Versions are compared on every evaluation (fact minimums, targets), and
// they are few: each string is parsed once. Bounded, since targets come from
// config and drafts.
const parsedVersions = new Map<string, SemVer>();
function parsed(version: string): SemVer {
  let v = parsedVersions.get(version);
  if (v === undefined) {
    v = new SemVer(asSemver(version));
    if (parsedVersions.size >= 1024) parsedVersions.clear();
    parsedVersions.set(version, v);
  }
  return v;
}

/** Numeric comparison of dotted versions: "2.9" sorts before "2.10". @public */
export function compareVersions(a: string, b: string): number {
  return parsed(a).compare(parsed(b));
}

/**
 * Whether `version` is `min` or a later release, e.g. `atLeast('2.18', '2.17')`.
 *
 * @public
 */
export function atLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}

const VERSION = /^\d+\.\d+(\.\d+)?$/;

/**
 * Fills in missing targets with the defaults and keeps each inside its
 * supported window (a version outside it is clamped to the nearest end).
 *
 * @public
 */
export function resolveTargets(input?: Partial<MeshTargets>): MeshTargets {
  const out = { ...DEFAULT_TARGETS };
  if (!input) return out;
  for (const key of ['istio', 'linkerd', 'gatewayApi'] as const) {
    const v = input[key];
    if (typeof v !== 'string' || !VERSION.test(v.trim())) continue;
    const { min, max } = SUPPORTED_VERSIONS[key];
    const t = v.trim();
    if (compareVersions(t, min) < 0) out[key] = min;
    else if (compareVersions(t, max) > 0) out[key] = max;
    else out[key] = t;
  }
  return out;
}

/**
 * The Gateway API release range each Linkerd release reads
 * (https://linkerd.io/2/features/gateway-api/ and the 2.20 announcement).
 *
 * @public
 */
export function linkerdGatewayApiRange(linkerd: string): {
  min: string;
  max: string;
} {
  if (atLeast(linkerd, '2.20')) return { min: '1.2.1', max: '1.5.1' };
  if (atLeast(linkerd, '2.18')) return { min: '1.1.1', max: '1.2.1' };
  return { min: '0.7', max: '1.1.1' };
}
