import { capabilityFact } from '../facts/capabilities';
import type { CapabilityId } from '../facts/capabilityIds';
import {
  compareVersions,
  DEFAULT_TARGETS,
  MeshTargets,
} from '../facts/versions';
import type { Guidance, MeshId } from '../schema';
import { ManifestSpec, renderManifest } from './render';
import { GuidanceInput, L7_NEEDS } from './types';

/**
 * Guidance as data (docs/guidance.md): each mesh has one table that says, per
 * capability, data-plane mode and release range, which manifests and steps a
 * team gets and what the target lacks. `buildGuidance` only walks a table.
 */

/** Istio runs sidecars or ambient (ztunnel + waypoints); Linkerd sidecars only. */
export type DataPlaneMode = 'sidecar' | 'ambient';

/** One onboarding step. */
export type GuidanceStep = Guidance['steps'][number];

/** What the parts of an entry read: the input, resolved for one mesh and mode. */
export interface GuidanceContext {
  input: GuidanceInput;
  needs: ReadonlySet<string>;
  mode: DataPlaneMode;
  /** The release of this mesh the guidance is written for. */
  version: string;
  targets: MeshTargets;
  workload: string;
  namespace: string;
  /** The declared needs that take L7 processing, in declared order. */
  l7Needs: readonly string[];
  /** Ambient with L7 needs: a waypoint serves them. */
  waypoint: boolean;
  /** Manifests the needs and closing entries contribute (read by onboarding entries only). */
  fromNeeds: readonly ManifestSpec[];
}

/**
 * A manifest an entry contributes, or `undefined` when the input leaves
 * nothing to write (no egress destinations, say). Entries share a part by
 * referring to the same function: a VirtualService for retries and timeouts
 * is emitted once.
 */
export type ManifestPart = (c: GuidanceContext) => ManifestSpec | undefined;
/** A step an entry contributes; shared like manifest parts. */
export type StepPart = (c: GuidanceContext) => GuidanceStep | undefined;

/** One row of a mesh's guidance table. */
export interface GuidanceEntry {
  /** The data-plane modes the row applies to; all when absent. */
  modes?: readonly DataPlaneMode[];
  /** The oldest release of the mesh the row applies to (inclusive, major.minor). */
  minVersion?: string;
  /** The newest release of the mesh the row applies to (inclusive, major.minor). */
  maxVersion?: string;
  /** A further condition on the input. */
  when?: (c: GuidanceContext) => boolean;
  manifests?: readonly ManifestPart[];
  steps?: readonly StepPart[];
  /**
   * What the target lacks for the need, listed under `unsupported` (a
   * release older than the feature, a mode that does not have it).
   */
  unsupported?: (c: GuidanceContext) => string;
}

/** A mesh's guidance, row by row, in the order the output lists them. */
export interface GuidanceTable {
  mesh: MeshId;
  /** Which target release the rows' version ranges are compared with. */
  version: (targets: MeshTargets) => string;
  /** Install, enrolment, mTLS: for every component, before the needs. */
  onboarding: readonly GuidanceEntry[];
  /** The rows of each capability, applied when the component declares that need. */
  capabilities: Readonly<
    Partial<Record<CapabilityId, readonly GuidanceEntry[]>>
  >;
  /** After the needs: what stays outside the mesh. */
  closing: readonly GuidanceEntry[];
}

const minor = (v: string) => v.split('.').slice(0, 2).join('.');

/** Whether a row applies to a release, compared on major.minor. */
export function inVersionRange(
  entry: Pick<GuidanceEntry, 'minVersion' | 'maxVersion'>,
  version: string,
): boolean {
  const v = minor(version);
  if (entry.minVersion && compareVersions(v, minor(entry.minVersion)) < 0)
    return false;
  if (entry.maxVersion && compareVersions(v, minor(entry.maxVersion)) > 0)
    return false;
  return true;
}

/** Whether a row applies to this mode, release and input. */
export function applies(entry: GuidanceEntry, c: GuidanceContext): boolean {
  if (entry.modes && !entry.modes.includes(c.mode)) return false;
  if (!inVersionRange(entry, c.version)) return false;
  return entry.when ? entry.when(c) : true;
}

/** Parts already emitted, so a shared part is written once. */
class Collector {
  readonly manifests = new Map<ManifestPart, ManifestSpec>();
  readonly steps = new Map<StepPart, GuidanceStep>();
  readonly unsupported: Guidance['unsupported'] = [];

  add(entry: GuidanceEntry, c: GuidanceContext) {
    for (const part of entry.manifests ?? []) {
      if (this.manifests.has(part)) continue;
      const spec = part(c);
      if (spec) this.manifests.set(part, spec);
    }
    for (const part of entry.steps ?? []) {
      if (this.steps.has(part)) continue;
      const step = part(c);
      if (step) this.steps.set(part, step);
    }
  }
}

/** Walks a mesh's table for one input: the steps, manifests and unsupported needs. */
export function buildGuidance(
  table: GuidanceTable,
  input: GuidanceInput,
  mode: DataPlaneMode,
): Guidance {
  const targets = input.targets ?? DEFAULT_TARGETS;
  const l7Needs = input.needs.filter(n => L7_NEEDS.has(n));
  const c: GuidanceContext = {
    input,
    needs: new Set(input.needs),
    mode,
    version: table.version(targets),
    targets,
    workload: input.workload,
    namespace: input.namespace,
    l7Needs,
    waypoint: mode === 'ambient' && l7Needs.length > 0,
    fromNeeds: [],
  };

  // The needs first, so onboarding rows can follow what they bring (Gateway
  // API resources need the Gateway API CRDs installed first).
  const needs = new Collector();
  const unsupported: Guidance['unsupported'] = [];
  for (const [capability, entries] of Object.entries(table.capabilities)) {
    if (!c.needs.has(capability)) continue;
    for (const entry of entries ?? []) {
      if (applies(entry, c)) needs.add(entry, c);
    }
  }
  for (const entry of table.closing) if (applies(entry, c)) needs.add(entry, c);

  const onboarding = new Collector();
  const withNeeds: GuidanceContext = {
    ...c,
    fromNeeds: [...needs.manifests.values()],
  };
  for (const entry of table.onboarding) {
    if (applies(entry, withNeeds)) onboarding.add(entry, withNeeds);
  }

  // What the mesh lacks, in declared order: the fact's support level, then
  // what the mode or the target release lacks.
  for (const need of input.needs) {
    const fact = capabilityFact(table.mesh, need);
    if (fact && fact.support !== 'native')
      unsupported.push({
        need,
        reason: `${fact.support === 'partial' ? 'Partial: ' : ''}${fact.note}`,
      });
    for (const entry of table.capabilities[need as CapabilityId] ?? []) {
      if (entry.unsupported && applies(entry, c))
        unsupported.push({ need, reason: entry.unsupported(c) });
    }
  }

  const specs = [
    ...onboarding.manifests.values(),
    ...[...needs.manifests]
      .filter(([p]) => !onboarding.manifests.has(p))
      .map(([, s]) => s),
  ];
  const steps = [
    ...onboarding.steps.values(),
    ...[...needs.steps]
      .filter(([p]) => !onboarding.steps.has(p))
      .map(([, s]) => s),
  ];
  return {
    mesh: table.mesh,
    mode,
    target: { version: c.version, gatewayApi: targets.gatewayApi },
    steps,
    manifests: specs.map(s =>
      renderManifest(s, input.workload, input.namespace),
    ),
    unsupported,
  };
}
