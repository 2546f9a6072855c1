import { capabilityFact } from '../facts/capabilities';
import type { CapabilityId } from '../facts/capabilityIds';
import { DEFAULT_TARGETS, MeshTargets } from '../facts/versions';
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
type GuidanceStep = Guidance['steps'][number];

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

// Rows are checked on every evaluation: releases compare as major × 1000 +
// minor, parsed once per string (semver parsing here cost most of the time).
const minorKeys = new Map<string, number>();
function minorKey(version: string): number {
  let key = minorKeys.get(version);
  if (key === undefined) {
    const [major, minor] = version.split('.').map(Number);
    key = (major || 0) * 1000 + (minor || 0);
    if (minorKeys.size >= 1024) minorKeys.clear();
    minorKeys.set(version, key);
  }
  return key;
}

/** Whether a row applies to a release, compared on major.minor. */
export function inVersionRange(
  entry: Pick<GuidanceEntry, 'minVersion' | 'maxVersion'>,
  version: string,
): boolean {
  const v = minorKey(version);
  if (entry.minVersion !== undefined && v < minorKey(entry.minVersion))
    return false;
  if (entry.maxVersion !== undefined && v > minorKey(entry.maxVersion))
    return false;
  return true;
}

/** Whether a row applies to this mode, release and input. */
export function applies(entry: GuidanceEntry, c: GuidanceContext): boolean {
  if (entry.modes && !entry.modes.includes(c.mode)) return false;
  if (!inVersionRange(entry, c.version)) return false;
  return entry.when ? entry.when(c) : true;
}

/** A row with its range parsed, as the walker checks it. */
interface CompiledRow {
  row: GuidanceEntry;
  sidecar: boolean;
  ambient: boolean;
  min: number;
  max: number;
}

/** A table with its rows compiled, once per table. */
interface CompiledTable {
  onboarding: CompiledRow[];
  capabilities: Map<string, CompiledRow[]>;
  /** Capability order in the table: the output follows it. */
  order: Map<string, number>;
  closing: CompiledRow[];
  /** Parts onboarding names: onboarding writes them, in its place. */
  onboardingParts: Set<ManifestPart | StepPart>;
}

function compileRow(row: GuidanceEntry): CompiledRow {
  return {
    row,
    sidecar: !row.modes || row.modes.includes('sidecar'),
    ambient: !row.modes || row.modes.includes('ambient'),
    min: row.minVersion === undefined ? -Infinity : minorKey(row.minVersion),
    max: row.maxVersion === undefined ? Infinity : minorKey(row.maxVersion),
  };
}

const compiledTables = new WeakMap<GuidanceTable, CompiledTable>();
function compile(table: GuidanceTable): CompiledTable {
  let compiled = compiledTables.get(table);
  if (compiled) return compiled;
  const capabilities = new Map<string, CompiledRow[]>();
  const order = new Map<string, number>();
  for (const [id, rows] of Object.entries(table.capabilities)) {
    order.set(id, order.size);
    capabilities.set(id, (rows ?? []).map(compileRow));
  }
  const onboardingParts = new Set<ManifestPart | StepPart>();
  for (const row of table.onboarding) {
    for (const part of row.manifests ?? []) onboardingParts.add(part);
    for (const part of row.steps ?? []) onboardingParts.add(part);
  }
  compiled = {
    onboarding: table.onboarding.map(compileRow),
    capabilities,
    order,
    closing: table.closing.map(compileRow),
    onboardingParts,
  };
  compiledTables.set(table, compiled);
  return compiled;
}

function rowApplies(r: CompiledRow, c: GuidanceContext, version: number) {
  if (c.mode === 'ambient' ? !r.ambient : !r.sidecar) return false;
  if (version < r.min || version > r.max) return false;
  return r.row.when ? r.row.when(c) : true;
}

/** Parts already written, so a shared part is written once. */
class Collector {
  readonly manifests = new Map<ManifestPart, ManifestSpec | undefined>();
  readonly steps = new Map<StepPart, GuidanceStep | undefined>();

  /** Writes a row's parts; those onboarding names wait for it (`skip`). */
  add(row: GuidanceEntry, c: GuidanceContext, skip?: Set<unknown>) {
    for (const part of row.manifests ?? []) {
      if (this.manifests.has(part)) continue;
      this.manifests.set(part, skip?.has(part) ? undefined : part(c));
    }
    for (const part of row.steps ?? []) {
      if (this.steps.has(part)) continue;
      this.steps.set(part, skip?.has(part) ? undefined : part(c));
    }
  }
}

/** Onboarding's parts first, then the needs' in table order, each once. */
function merge<P extends (c: GuidanceContext) => T | undefined, T>(
  onboarding: Map<P, T | undefined>,
  needs: Map<P, T | undefined>,
  c: GuidanceContext,
): T[] {
  const out: T[] = [];
  for (const value of onboarding.values()) if (value) out.push(value);
  for (const [part, value] of needs) {
    if (onboarding.has(part)) continue;
    // A part onboarding names but did not write: written here after all.
    const written = value ?? part(c);
    if (written) out.push(written);
  }
  return out;
}

/** Walks a mesh's table for one input: the steps, manifests and unsupported needs. */
export function buildGuidance(
  table: GuidanceTable,
  input: GuidanceInput,
  mode: DataPlaneMode,
): Guidance {
  const compiled = compile(table);
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
  const version = minorKey(c.version);

  // The needs first, in table order, so onboarding rows can follow what they
  // bring (Gateway API resources need the Gateway API CRDs installed first).
  const declared = [...c.needs]
    .filter(need => compiled.order.has(need))
    .sort((a, b) => compiled.order.get(a)! - compiled.order.get(b)!);
  const needs = new Collector();
  const skip = compiled.onboardingParts;
  for (const need of declared) {
    for (const r of compiled.capabilities.get(need)!) {
      if (rowApplies(r, c, version)) needs.add(r.row, c, skip);
    }
  }
  for (const r of compiled.closing) {
    if (rowApplies(r, c, version)) needs.add(r.row, c, skip);
  }

  const fromNeeds: ManifestSpec[] = [];
  for (const spec of needs.manifests.values()) if (spec) fromNeeds.push(spec);
  c.fromNeeds = fromNeeds;
  const onboarding = new Collector();
  for (const r of compiled.onboarding) {
    if (rowApplies(r, c, version)) onboarding.add(r.row, c);
  }

  // What the mesh lacks, in declared order: the fact's support level, then
  // what the mode or the target release lacks.
  const unsupported: Guidance['unsupported'] = [];
  for (const need of input.needs) {
    const fact = capabilityFact(table.mesh, need);
    if (fact && fact.support !== 'native')
      unsupported.push({
        need,
        reason: `${fact.support === 'partial' ? 'Partial: ' : ''}${fact.note}`,
      });
    for (const r of compiled.capabilities.get(need) ?? []) {
      if (r.row.unsupported && rowApplies(r, c, version))
        unsupported.push({ need, reason: r.row.unsupported(c) });
    }
  }

  const specs = merge(onboarding.manifests, needs.manifests, c);
  return {
    mesh: table.mesh,
    mode,
    target: { version: c.version, gatewayApi: targets.gatewayApi },
    steps: merge(onboarding.steps, needs.steps, c),
    manifests: specs.map(s =>
      renderManifest(s, input.workload, input.namespace),
    ),
    unsupported,
  };
}
