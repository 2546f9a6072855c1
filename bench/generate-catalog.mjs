#!/usr/bin/env node
/*
 * A synthetic Backstage catalog for the scale benchmarks: by default 10,000
 * components with the domains, systems, groups, users, APIs and resources
 * they relate to, and a realistic mix of `mesh-advisor.io/*` annotations
 * (bad values included: unknown list items, typos, non-numbers,
 * out-of-range numbers, unknown enum values, an oversized value, odd case and
 * whitespace). Deterministic: the same seed gives the same files.
 *
 *   node bench/generate-catalog.mjs [--out DIR] [--components 10000] [--seed 42]
 *
 * Writes multi-document YAML files into DIR (a new temp dir by default) and
 * prints a JSON summary: the files, the count per kind, and a few entity refs
 * the benchmarks use. Every file is meant for a plain catalog `file` location.
 *
 * No entity carries `example.com/visibility: private`: the example permission
 * policy would hide it from the guest the benchmarks sign in as, and the
 * counts the benchmarks wait for would never be reached.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
// The product's own accepted values (plain TypeScript modules without
// imports, which Node 22.18+ loads by stripping the types; Node warns once
// that it reparses them as ES modules).
import { CAPABILITY_IDS as CAPABILITIES } from '../plugins/service-mesh-common/src/facts/capabilityIds.ts';
import { PROTOCOLS } from '../plugins/service-mesh-common/src/schema/values.ts';

const A = key => `mesh-advisor.io/${key}`;

/** Common needs are far more frequent than exotic ones. */
const COMMON_NEEDS = ['mtls', 'retries', 'timeouts', 'circuit-breaking'];
const BAD_NEEDS = ['retires', 'mtsl', 'canary', 'service-discovery'];
const BAD_PROTOCOLS = ['quic', 'amqp', 'HTTP/1.1'];

function prng(seed) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Generates the catalog into `dir`. Returns { dir, files, counts, refs }.
 */
export function generateCatalog({ dir, components = 10000, seed = 42 } = {}) {
  const rnd = prng(seed);
  const chance = p => rnd() < p;
  const pick = list => list[Math.floor(rnd() * list.length)];
  const pickN = (list, n) => {
    const copy = [...list];
    const out = [];
    while (out.length < n && copy.length) {
      out.push(copy.splice(Math.floor(rnd() * copy.length), 1)[0]);
    }
    return out;
  };
  const weighted = entries => {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = rnd() * total;
    for (const [value, w] of entries) {
      if ((x -= w) < 0) return value;
    }
    return entries[entries.length - 1][0];
  };
  const entity = (kind, metadata, spec) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata,
    spec,
  });
  const pad = (n, width) => String(n).padStart(width, '0');

  // Scale the surroundings with the number of components.
  const nSystems = Math.max(5, Math.round(components / 50));
  const nDomains = Math.max(2, Math.round(nSystems / 25));
  const nTeams = Math.max(5, Math.round(components / 160));
  const nUsers = nTeams * 5;
  const nApis = Math.max(10, Math.round(components / 25));
  const nResources = Math.max(10, Math.round(components / 30));

  // ---- org: one department, teams, users ---------------------------------
  const teams = Array.from({ length: nTeams }, (_, i) => `team-${pad(i, 3)}`);
  const members = new Map(teams.map(t => [t, []]));
  const users = [];
  for (let i = 0; i < nUsers; i++) {
    const name = `user-${pad(i, 4)}`;
    // Uneven team sizes: a few one-person teams, a few large ones.
    const team = teams[Math.floor(Math.pow(rnd(), 1.6) * nTeams)];
    members.get(team).push(`user:default/${name}`);
    users.push(
      entity(
        'User',
        { name },
        {
          profile: {
            displayName: `User ${i}`,
            email: `${name}@example.com`,
          },
          memberOf: [`group:default/${team}`],
        },
      ),
    );
  }
  const groups = [
    entity(
      'Group',
      { name: 'engineering', title: 'Engineering' },
      {
        type: 'department',
        children: teams.map(t => `group:default/${t}`),
      },
    ),
    ...teams.map(name => {
      const annotations = {};
      const ops = weighted([
        [undefined, 45],
        ['none', 10],
        ['small', 20],
        ['dedicated', 15],
        ['Dedicated', 3],
        ['smal', 4], // deliberate: typo
        ['lots', 3], // deliberate: unknown value
      ]);
      if (ops !== undefined) annotations[A('ops-capacity')] = ops;
      return entity(
        'Group',
        { name, title: name.replace('team-', 'Team '), annotations },
        {
          type: 'team',
          parent: 'group:default/engineering',
          children: [],
        },
      );
    }),
  ];

  // ---- domains and systems -----------------------------------------------
  const domains = Array.from({ length: nDomains }, (_, i) => {
    const annotations = {};
    const profile = weighted([
      [undefined, 30],
      ['edge', 20],
      ['standard', 25],
      ['large', 20],
      ['larg', 5], // deliberate: typo
    ]);
    if (profile) annotations[A('cluster-profile')] = profile;
    if (chance(0.3))
      annotations[A('vendor-support')] = pick([
        'required',
        'preferred',
        'none',
      ]);
    if (chance(0.3))
      annotations[A('existing-envoy')] = pick(['true', 'false', 'yes']);
    if (chance(0.5))
      annotations[A('cni')] = pick(['cilium', 'calico', 'flannel']);
    return entity(
      'Domain',
      { name: `domain-${pad(i, 2)}`, title: `Domain ${i}`, annotations },
      { owner: 'group:default/engineering' },
    );
  });
  const systemOwner = [];
  const systems = Array.from({ length: nSystems }, (_, i) => {
    const annotations = {};
    if (chance(0.35)) {
      const needs = pickN(COMMON_NEEDS, 1 + Math.floor(rnd() * 3));
      if (chance(0.2)) needs.push(pick(CAPABILITIES));
      if (chance(0.05)) needs.push(pick(BAD_NEEDS));
      annotations[A('needs')] = needs.join(', ');
    }
    if (chance(0.3))
      annotations[A('ops-capacity')] = weighted([
        ['none', 2],
        ['small', 4],
        ['dedicated', 4],
        ['plenty', 1], // deliberate
      ]);
    if (chance(0.3))
      annotations[A('current-mesh')] = weighted([
        ['none', 5],
        ['istio', 3],
        ['linkerd', 3],
        ['consul', 1], // deliberate
      ]);
    if (chance(0.15))
      annotations[A('cluster-profile')] = pick(['edge', 'standard', 'large']);
    if (chance(0.1)) annotations[A('existing-envoy')] = pick(['true', 'false']);
    if (chance(0.1))
      annotations[A('vendor-support')] = pick([
        'required',
        'preferred',
        'none',
      ]);
    if (chance(0.05)) annotations[A('cni')] = 'cilium';
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
  const apiTypes = [
    ['grpc', 35],
    ['openapi', 40],
    ['graphql', 10],
    ['asyncapi', 15],
  ];
  const apis = Array.from({ length: nApis }, (_, i) => {
    const type = weighted(apiTypes);
    const sys = i % nSystems;
    return entity(
      'API',
      { name: `api-${pad(i, 4)}`, title: `API ${i}` },
      {
        type,
        lifecycle: 'production',
        owner: `group:default/${systemOwner[sys]}`,
        system: systems[sys].metadata.name,
        definition:
          type === 'grpc'
            ? `syntax = "proto3";\npackage bench.api${i}.v1;\nservice Api${i} { rpc Get(Req) returns (Res); }\n`
            : type === 'openapi'
            ? `openapi: 3.0.0\ninfo: { title: API ${i}, version: 1.0.0 }\npaths: {}\n`
            : type === 'graphql'
            ? `type Query { item${i}(id: ID!): String }\n`
            : `asyncapi: 2.6.0\ninfo: { title: Events ${i}, version: 1.0.0 }\nchannels: {}\n`,
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
  const oversized = `mtls, ${'retries, '.repeat(140)}timeouts`; // > 1 KiB
  const comps = [];
  for (let i = 0; i < components; i++) {
    const name = `svc-${pad(i, 5)}`;
    const sysIndex = Math.floor(rnd() * nSystems);
    const annotations = {};
    // needs: most declare a few common ones; some add exotic; some are bad.
    if (chance(0.65)) {
      const needs = pickN(COMMON_NEEDS, 1 + Math.floor(rnd() * 3));
      const extra = Math.floor(rnd() * 4);
      for (const cap of pickN(CAPABILITIES, extra)) {
        if (!needs.includes(cap)) needs.push(cap);
      }
      if (chance(0.06)) needs.push(pick(BAD_NEEDS));
      if (chance(0.03)) needs[0] = needs[0].toUpperCase();
      annotations[A('needs')] = needs.join(chance(0.1) ? ',' : ', ');
    } else if (chance(0.002)) {
      annotations[A('needs')] = oversized; // deliberate: over 1 KiB
    }
    if (chance(0.45)) {
      const protocols = pickN(PROTOCOLS, 1 + Math.floor(rnd() * 2));
      if (chance(0.05)) protocols.push(pick(BAD_PROTOCOLS));
      annotations[A('protocols')] = protocols.join(', ');
    }
    if (chance(0.6))
      annotations[A('replicas')] = weighted([
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
      annotations[A('latency-budget-ms')] = weighted([
        ['5', 10],
        ['20', 20],
        ['50', 30],
        ['250', 30],
        ['1000', 10],
        ['fast', 2], // deliberate: not a number
        ['-5', 1], // deliberate: not > 0
      ]);
    if (chance(0.1))
      annotations[A('cluster-profile')] = weighted([
        ['edge', 4],
        ['standard', 4],
        ['large', 3],
        ['EDGE', 1],
        ['huge', 1], // deliberate
      ]);
    if (chance(0.12))
      annotations[A('current-mesh')] = weighted([
        ['none', 6],
        ['istio', 4],
        ['linkerd', 4],
        ['consul', 1], // deliberate
      ]);
    if (chance(0.08))
      annotations[A('existing-envoy')] = weighted([
        ['true', 4],
        ['false', 4],
        ['yes', 1], // deliberate
      ]);
    if (chance(0.08))
      annotations[A('vendor-support')] = weighted([
        ['required', 2],
        ['preferred', 3],
        ['none', 4],
        ['gold', 1], // deliberate
      ]);
    if (chance(0.03)) annotations[A('exclude')] = 'true';
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
    const provides = [];
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
    const spec = {
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

  // ---- write ----------------------------------------------------------------
  const out = dir ?? mkdtempSync(join(tmpdir(), 'mesh-catalog-'));
  mkdirSync(out, { recursive: true });
  const header = `# Synthetic Mesh Advisor benchmark catalog (bench/generate-catalog.mjs, seed ${seed}).\n`;
  const write = (file, entities) => {
    const text =
      header +
      entities.map(e => `---\n${YAML.stringify(e, { lineWidth: 0 })}`).join('');
    writeFileSync(join(out, file), text);
    return join(out, file);
  };
  const files = [
    write('org.yaml', [...groups, ...users]),
    write('systems.yaml', [...domains, ...systems]),
    write('apis-resources.yaml', [...apis, ...resources]),
  ];
  const perFile = 1000;
  for (let f = 0; f * perFile < comps.length; f++) {
    files.push(
      write(
        `components-${pad(f, 2)}.yaml`,
        comps.slice(f * perFile, (f + 1) * perFile),
      ),
    );
  }

  // A component with every kind of relation (system with a domain, owner,
  // provided and consumed APIs, resources): the entity-evaluation benchmark's target.
  const rich =
    comps.find(
      c =>
        c.spec.type === 'service' &&
        c.spec.providesApis?.length &&
        c.spec.consumesApis?.length &&
        c.spec.dependsOn?.length &&
        c.metadata.annotations[A('needs')] &&
        !c.metadata.annotations[A('exclude')],
    ) ?? comps[0];

  const counts = {
    Component: comps.length,
    System: systems.length,
    Domain: domains.length,
    API: apis.length,
    Resource: resources.length,
    Group: groups.length,
    User: users.length,
  };
  counts.total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    dir: out,
    files,
    counts,
    refs: { richComponent: `component/default/${rich.metadata.name}` },
  };
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      components: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '42' },
    },
  });
  const started = Date.now();
  const result = generateCatalog({
    dir: values.out,
    components: Number(values.components),
    seed: Number(values.seed),
  });
  console.log(JSON.stringify({ ...result, ms: Date.now() - started }, null, 2));
}
