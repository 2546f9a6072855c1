/*
 * The one generator of synthetic catalogs (issue #10): the scale benchmarks
 * (bench/generate-catalog.mjs), the evaluator benchmark (bench/evaluator.mjs),
 * the backend fuzz test and the evaluator property tests all draw from the
 * vocabulary and the generator here, so a new annotation value or a new kind
 * of bad input is added once. Plain TypeScript: no test framework, no I/O.
 *
 * Deterministic: the same `components` and `seed` give the same entities.
 */
import { CAPABILITY_IDS } from '../facts/capabilityIds';
import {
  CLUSTER_PROFILES,
  CURRENT_MESHES,
  OPS_CAPACITIES,
  PROTOCOLS,
  VENDOR_SUPPORT_LEVELS,
} from '../schema/values';

const meshKey = (key: string) => `mesh-advisor.io/${key}`;

// ---- vocabulary -------------------------------------------------------------

/** Needs most services declare; far more frequent than the exotic ones. */
const COMMON_NEEDS = ['mtls', 'retries', 'timeouts', 'circuit-breaking'];
/** Needs that look plausible but are not capabilities (typos, other tools' words). */
export const BAD_NEEDS = ['retires', 'mtsl', 'canary', 'service-discovery'];
/** Protocols the product does not accept. */
export const BAD_PROTOCOLS = ['quic', 'amqp', 'HTTP/1.1'];
/** Accepted values, re-exported so callers take the whole vocabulary from here. */
export {
  CAPABILITY_IDS,
  CLUSTER_PROFILES,
  CURRENT_MESHES,
  OPS_CAPACITIES,
  PROTOCOLS,
  VENDOR_SUPPORT_LEVELS,
};
/** Rejected values per single-valued annotation: typos, wrong case, unknown words. */
export const BAD_VALUES = {
  opsCapacity: ['smal', 'lots', 'plenty', 'Dedicated'],
  clusterProfile: ['larg', 'huge', 'EDGE'],
  currentMesh: ['consul'],
  vendorSupport: ['gold'],
  existingEnvoy: ['yes'],
  replicas: ['-3', '0', 'many', '200000'],
  latencyBudgetMs: ['fast', '-5'],
} as const;
/** Strings that have broken parsers elsewhere: empty, separators only, numbers in odd notations, prototype keys. */
export const TRICKY_STRINGS = [
  '',
  ' ',
  ',,,',
  'mtls, retires',
  'TRUE',
  '-3',
  '1e309',
  'NaN',
  '0x10',
  '__proto__',
  'constructor',
];
/** A needs list over 1 KiB. */
const OVERSIZED_NEEDS = `mtls, ${'retries, '.repeat(140)}timeouts`;
// ---- generator --------------------------------------------------------------

/** A Backstage entity as the catalog stores it (plain data). */
type SyntheticEntity = {
  apiVersion: 'backstage.io/v1alpha1';
  kind: string;
  metadata: {
    name: string;
    title?: string;
    description?: string;
    tags?: string[];
    annotations?: Record<string, string>;
  };
  spec: Record<string, any>;
};

export type SyntheticCatalog = {
  groups: SyntheticEntity[];
  users: SyntheticEntity[];
  domains: SyntheticEntity[];
  systems: SyntheticEntity[];
  apis: SyntheticEntity[];
  resources: SyntheticEntity[];
  components: SyntheticEntity[];
  /** A service with a system, domain, owner, provided and consumed APIs and resources. */
  richComponent: SyntheticEntity;
};

/** Small seeded PRNG (mulberry32): fast and identical on every platform. */
function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A varied catalog around `components` components: domains, systems, teams,
 * users, APIs with definitions, resources and tags scale with it; about one
 * annotation in twenty is deliberately bad (see BAD_VALUES, BAD_NEEDS).
 * No entity carries `example.com/visibility: private`, so a guest sees all.
 */
export function generateSyntheticCatalog({
  components = 10000,
  seed = 42,
}: { components?: number; seed?: number } = {}): SyntheticCatalog {
  if (!Number.isInteger(components) || components < 1) {
    throw new Error(
      `components must be a positive integer, got ${String(components)}`,
    );
  }
  if (!Number.isFinite(seed)) {
    throw new Error(`seed must be a number, got ${String(seed)}`);
  }
  const rnd = seededRandom(seed);
  const chance = (p: number) => rnd() < p;
  const pick = <T>(list: readonly T[]): T =>
    list[Math.floor(rnd() * list.length)];
  const pickN = <T>(list: readonly T[], n: number): T[] => {
    const copy = [...list];
    const out: T[] = [];
    while (out.length < n && copy.length) {
      out.push(copy.splice(Math.floor(rnd() * copy.length), 1)[0]);
    }
    return out;
  };
  const weighted = <T>(entries: Array<[T, number]>): T => {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = rnd() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return entries[entries.length - 1][0];
  };
  const entity = (
    kind: string,
    metadata: SyntheticEntity['metadata'],
    spec: SyntheticEntity['spec'],
  ): SyntheticEntity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata,
    spec,
  });
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  // Scale the surroundings with the number of components.
  const nSystems = Math.max(5, Math.round(components / 50));
  const nDomains = Math.max(2, Math.round(nSystems / 25));
  const nTeams = Math.max(5, Math.round(components / 160));
  const nUsers = nTeams * 5;
  const nApis = Math.max(10, Math.round(components / 25));
  const nResources = Math.max(10, Math.round(components / 30));

  // ---- org: one department, teams, users ---------------------------------
  const teams = Array.from({ length: nTeams }, (_, i) => `team-${pad(i, 3)}`);
  const members = new Map<string, string[]>(teams.map(t => [t, []]));
  const users: SyntheticEntity[] = [];
  for (let i = 0; i < nUsers; i++) {
    const name = `user-${pad(i, 4)}`;
    // Uneven team sizes: a few one-person teams, a few large ones.
    const team = teams[Math.floor(Math.pow(rnd(), 1.6) * nTeams)];
    members.get(team)!.push(`user:default/${name}`);
    users.push(
      entity(
        'User',
        { name },
        {
          profile: { displayName: `User ${i}`, email: `${name}@example.com` },
          memberOf: [`group:default/${team}`],
        },
      ),
    );
  }
  const groups = [
    entity(
      'Group',
      { name: 'engineering', title: 'Engineering' },
      { type: 'department', children: teams.map(t => `group:default/${t}`) },
    ),
    ...teams.map(name => {
      const annotations: Record<string, string> = {};
      const ops = weighted<string | undefined>([
        [undefined, 45],
        ['none', 10],
        ['small', 20],
        ['dedicated', 15],
        ['Dedicated', 3], // deliberate: wrong case
        ['smal', 4], // deliberate: typo
        ['lots', 3], // deliberate: unknown value
      ]);
      if (ops !== undefined) annotations[meshKey('ops-capacity')] = ops;
      return entity(
        'Group',
        { name, title: name.replace('team-', 'Team '), annotations },
        { type: 'team', parent: 'group:default/engineering', children: [] },
      );
    }),
  ];

  // ---- domains and systems -----------------------------------------------
  const domains = Array.from({ length: nDomains }, (_, i) => {
    const annotations: Record<string, string> = {};
    const profile = weighted<string | undefined>([
      [undefined, 30],
      ['edge', 20],
      ['standard', 25],
      ['large', 20],
      ['larg', 5], // deliberate: typo
    ]);
    if (profile) annotations[meshKey('cluster-profile')] = profile;
    if (chance(0.3))
      annotations[meshKey('vendor-support')] = pick(VENDOR_SUPPORT_LEVELS);
    if (chance(0.3))
      annotations[meshKey('existing-envoy')] = pick(['true', 'false', 'yes']);
    if (chance(0.5))
      annotations[meshKey('cni')] = pick(['cilium', 'calico', 'flannel']);
    return entity(
      'Domain',
      { name: `domain-${pad(i, 2)}`, title: `Domain ${i}`, annotations },
      { owner: 'group:default/engineering' },
    );
  });
  const systemOwner: string[] = [];
  const systems = Array.from({ length: nSystems }, (_, i) => {
    const annotations: Record<string, string> = {};
    if (chance(0.35)) {
      const needs: string[] = pickN(COMMON_NEEDS, 1 + Math.floor(rnd() * 3));
      if (chance(0.2)) needs.push(pick(CAPABILITY_IDS));
      if (chance(0.05)) needs.push(pick(BAD_NEEDS));
      annotations[meshKey('needs')] = needs.join(', ');
    }
    if (chance(0.3))
      annotations[meshKey('ops-capacity')] = weighted([
        ['none', 2],
        ['small', 4],
        ['dedicated', 4],
        ['plenty', 1], // deliberate
      ]);
    if (chance(0.3))
      annotations[meshKey('current-mesh')] = weighted([
        ['none', 5],
        ['istio', 3],
        ['linkerd', 3],
        ['consul', 1], // deliberate
      ]);
    if (chance(0.15))
      annotations[meshKey('cluster-profile')] = pick(CLUSTER_PROFILES);
    if (chance(0.1))
      annotations[meshKey('existing-envoy')] = pick(['true', 'false']);
    if (chance(0.1))
      annotations[meshKey('vendor-support')] = pick(VENDOR_SUPPORT_LEVELS);
    if (chance(0.05)) annotations[meshKey('cni')] = 'cilium';
    const owner = pick(teams);
    systemOwner.push(owner);
    return entity(
      'System',
      { name: `system-${pad(i, 3)}`, title: `System ${i}`, annotations },
      {
        owner: `group:default/${owner}`,
        domain: domains[i % nDomains].metadata.name,
      },
    );
  });

  // ---- APIs and resources -------------------------------------------------
  const apis = Array.from({ length: nApis }, (_, i) => {
    const type = weighted([
      ['grpc', 35],
      ['openapi', 40],
      ['graphql', 10],
      ['asyncapi', 15],
    ]);
    const sys = i % nSystems;
    return entity(
      'API',
      { name: `api-${pad(i, 4)}`, title: `API ${i}` },
      {
        type,
        lifecycle: 'production',
        owner: `group:default/${systemOwner[sys]}`,
        system: systems[sys].metadata.name,
        definition: apiDefinition(type, i),
      },
    );
  });
  const resources = Array.from({ length: nResources }, (_, i) => {
    const sys = (i * 7) % nSystems;
    return entity(
      'Resource',
      { name: `resource-${pad(i, 4)}`, title: `Resource ${i}` },
      {
        type: pick(['database', 'database', 'queue', 'cache', 'bucket']),
        owner: `group:default/${systemOwner[sys]}`,
        system: systems[sys].metadata.name,
      },
    );
  });

  // ---- components -----------------------------------------------------------
  const comps: SyntheticEntity[] = [];
  for (let i = 0; i < components; i++) {
    const name = `svc-${pad(i, 5)}`;
    const sysIndex = Math.floor(rnd() * nSystems);
    const annotations: Record<string, string> = {};
    // needs: most declare a few common ones; some add exotic; some are bad.
    if (chance(0.65)) {
      const needs: string[] = pickN(COMMON_NEEDS, 1 + Math.floor(rnd() * 3));
      const extra = Math.floor(rnd() * 4);
      for (const cap of pickN(CAPABILITY_IDS, extra)) {
        if (!needs.includes(cap)) needs.push(cap);
      }
      if (chance(0.06)) needs.push(pick(BAD_NEEDS));
      if (chance(0.03)) needs[0] = needs[0].toUpperCase();
      annotations[meshKey('needs')] = needs.join(chance(0.1) ? ',' : ', ');
    } else if (chance(0.002)) {
      annotations[meshKey('needs')] = OVERSIZED_NEEDS; // deliberate: over 1 KiB
    }
    if (chance(0.45)) {
      const protocols: string[] = pickN(PROTOCOLS, 1 + Math.floor(rnd() * 2));
      if (chance(0.05)) protocols.push(pick(BAD_PROTOCOLS));
      annotations[meshKey('protocols')] = protocols.join(', ');
    }
    if (chance(0.6))
      annotations[meshKey('replicas')] = weighted([
        ['1', 10],
        ['2', 15],
        ['3', 25],
        ['6', 15],
        ['12', 10],
        ['40', 5],
        ['250', 2],
        ['-3', 1], // deliberate: out of range
        ['0', 1], // deliberate: out of range
        ['many', 1], // deliberate: not a number
        ['200000', 1], // deliberate: out of range
      ]);
    if (chance(0.35))
      annotations[meshKey('latency-budget-ms')] = weighted([
        ['5', 10],
        ['20', 20],
        ['50', 30],
        ['250', 30],
        ['1000', 10],
        ['fast', 2], // deliberate: not a number
        ['-5', 1], // deliberate: not > 0
      ]);
    if (chance(0.1))
      annotations[meshKey('cluster-profile')] = weighted([
        ['edge', 4],
        ['standard', 4],
        ['large', 3],
        ['EDGE', 1],
        ['huge', 1], // deliberate
      ]);
    if (chance(0.12))
      annotations[meshKey('current-mesh')] = weighted([
        ['none', 6],
        ['istio', 4],
        ['linkerd', 4],
        ['consul', 1], // deliberate
      ]);
    if (chance(0.08))
      annotations[meshKey('existing-envoy')] = weighted([
        ['true', 4],
        ['false', 4],
        ['yes', 1], // deliberate
      ]);
    if (chance(0.08))
      annotations[meshKey('vendor-support')] = weighted([
        ['required', 2],
        ['preferred', 3],
        ['none', 4],
        ['gold', 1], // deliberate
      ]);
    if (chance(0.03)) annotations[meshKey('exclude')] = 'true';
    if (chance(0.4)) {
      annotations['backstage.io/kubernetes-namespace'] = `ns-${pad(
        sysIndex % 60,
        2,
      )}`;
      if (chance(0.5)) annotations['backstage.io/kubernetes-id'] = name;
    }
    const type = weighted([
      ['service', 85],
      ['website', 5],
      ['library', 6],
      ['documentation', 2],
      ['worker', 2],
    ]);
    const sysApis = Math.floor(rnd() * 3);
    const provides: string[] = [];
    for (let k = 0; k < sysApis; k++) {
      // Mostly the system's own APIs (i % nSystems), sometimes any.
      const candidates = chance(0.8)
        ? apis.filter((_, a) => a % nSystems === sysIndex)
        : [pick(apis)];
      const api = candidates.length ? pick(candidates) : pick(apis);
      if (!provides.includes(api.metadata.name))
        provides.push(api.metadata.name);
    }
    const consumes = chance(0.4)
      ? pickN(apis, 1 + Math.floor(rnd() * 2)).map(a => a.metadata.name)
      : [];
    const dependsOn = chance(0.5)
      ? pickN(resources, 1 + Math.floor(rnd() * 2)).map(
          r => `resource:default/${r.metadata.name}`,
        )
      : [];
    const spec: Record<string, any> = {
      type,
      lifecycle: weighted([
        ['production', 70],
        ['experimental', 20],
        ['deprecated', 10],
      ]),
      owner: `group:default/${
        chance(0.85) ? systemOwner[sysIndex] : pick(teams)
      }`,
      system: systems[sysIndex].metadata.name,
    };
    if (provides.length) spec.providesApis = provides;
    if (consumes.length) spec.consumesApis = consumes;
    if (dependsOn.length) spec.dependsOn = dependsOn;
    comps.push(
      entity(
        'Component',
        {
          name,
          title: `Service ${i}`,
          description: `Synthetic component ${i} of ${systems[sysIndex].metadata.name}.`,
          ...(chance(0.3)
            ? { tags: [pick(['java', 'go', 'node', 'rust', 'python'])] }
            : {}),
          annotations,
        },
        spec,
      ),
    );
  }

  const richComponent =
    comps.find(
      c =>
        c.spec.type === 'service' &&
        c.spec.providesApis?.length &&
        c.spec.consumesApis?.length &&
        c.spec.dependsOn?.length &&
        c.metadata.annotations![meshKey('needs')] &&
        !c.metadata.annotations![meshKey('exclude')],
    ) ?? comps[0];

  return {
    groups,
    users,
    domains,
    systems,
    apis,
    resources,
    components: comps,
    richComponent,
  };
}

/** A short but well-formed definition in the API type's own language. */
function apiDefinition(type: string, i: number): string {
  switch (type) {
    case 'grpc':
      return `syntax = "proto3";\npackage bench.api${i}.v1;\nservice Api${i} { rpc Get(Req) returns (Res); }\n`;
    case 'openapi':
      return `openapi: 3.0.0\ninfo: { title: API ${i}, version: 1.0.0 }\npaths: {}\n`;
    case 'graphql':
      return `type Query { item${i}(id: ID!): String }\n`;
    default:
      return `asyncapi: 2.6.0\ninfo: { title: Events ${i}, version: 1.0.0 }\nchannels: {}\n`;
  }
}
