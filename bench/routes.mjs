#!/usr/bin/env node
/*
 * Mesh Advisor's HTTP routes measured side by side with the catalog reads
 * they build on, in one run, on a running portal (npm start), so the ratio
 * is what matters on a noisy machine. bench/run-all.mjs runs the same pairs
 * on a 10,000-component catalog it loads itself.
 *
 *   node scripts/mesh.mjs exec node bench/routes.mjs [--url http://localhost:7007]
 *     [--entity component/default/checkout-api] [--dashboard 'verdict=istio&limit=100']
 *     [--duration 10] [--connections 1,10] [--service-token TOKEN] [--only entity]
 *
 * --rounds N: measure the entity pair N times per caller and concurrency,
 *   and report the median of the rounds' ratios (each round is its own
 *   catalog-then-ours pair, so a noisy neighbour on a shared machine moves
 *   single rounds, not the median).
 *
 * --service-token: a static external-access token of the portal
 *   (backend.auth.externalAccess, as CI jobs and the MCP action's callers
 *   use). With it, the entity pair is measured for both kinds of caller, a
 *   signed-in user (the guest) and that service principal, and a table puts
 *   their ratios side by side. --only entity skips the other pairs.
 *
 * Pairs (guest token, same concurrency, catalog first then ours):
 *   entity evaluation  GET /api/service-mesh/v1/entities/<ref>/evaluation
 *     vs catalog       GET /api/catalog/entities/by-name/<ref>
 *   dashboard page     GET /api/service-mesh/v1/evaluations?<dashboard>
 *     vs catalog       GET /api/catalog/entities/by-query?filter=kind=component&limit=100
 *   system roll-up     GET /api/service-mesh/v1/systems/<system of --entity>/evaluation
 *     vs catalog       GET /api/catalog/entities?filter=kind=component,relations.partof=<system>
 *                      (the components of the system, the largest read the
 *                      roll-up builds on)
 *
 * Then, at the highest concurrency: the entity evaluation alone, and again
 * while 10 clients post drafts naming 30,000 refs each, back to back.
 *
 * Latency percentiles are computed from every response time autocannon
 * reports (sub-millisecond); autocannon's own whole-millisecond histogram
 * is shown beside them.
 */
import { parseArgs } from 'node:util';
import {
  draftBurst,
  formatRow,
  guestToken,
  measurePair,
  ratio,
  systemOf,
} from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:7007' },
    entity: { type: 'string', default: 'component/default/checkout-api' },
    dashboard: { type: 'string', default: 'verdict=istio&limit=100' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,10' },
    'service-token': {
      type: 'string',
      default: process.env.MESH_BENCH_SERVICE_TOKEN,
    },
    only: { type: 'string' },
    rounds: { type: 'string', default: '1' },
  },
});

const base = args.url.replace(/\/$/, '');
const token = await guestToken(base);
const system = await systemOf(base, args.entity, token);
const pairs = [
  {
    name: 'entity evaluation',
    ours: `${base}/api/service-mesh/v1/entities/${args.entity}/evaluation`,
    catalog: `${base}/api/catalog/entities/by-name/${args.entity}`,
  },
  {
    name: `dashboard page (${args.dashboard})`,
    ours: `${base}/api/service-mesh/v1/evaluations?${args.dashboard}`,
    catalog: `${base}/api/catalog/entities/by-query?filter=kind=component&limit=100`,
  },
  {
    name: `system roll-up (${system.ref}, ${system.components} components)`,
    ours: `${base}/api/service-mesh/v1/systems/${system.path}/evaluation`,
    catalog: `${base}/api/catalog/entities?filter=kind=component,relations.partof=${encodeURIComponent(
      system.ref,
    )}`,
  },
];

const callers = [{ kind: 'user (guest)', token }];
if (args['service-token']) {
  callers.push({ kind: 'service principal', token: args['service-token'] });
}
/** Rounds of the entity pair per caller and concurrency, for the table. */
const byCaller = new Map();
const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

for (const [index, { name, ours, catalog }] of pairs.entries()) {
  if (args.only === 'entity' && index > 0) break;
  // Only the entity pair depends on the kind of caller enough to matter: the
  // catalog skips its permission round trip for a service principal. Its
  // rounds interleave the callers, so both see the same neighbours.
  const rounds = index === 0 ? Number(args.rounds) : 1;
  for (let round = 1; round <= rounds; round++) {
    for (const connections of args.connections.split(',').map(Number)) {
      for (const caller of index === 0 ? callers : callers.slice(0, 1)) {
        const r = await measurePair({
          ours,
          catalog,
          token: caller.token,
          connections,
          duration: Number(args.duration),
        });
        console.log(
          `${name}, ${connections} connection(s), ${args.duration} s each, as ${
            caller.kind
          }${rounds > 1 ? `, round ${round} of ${rounds}` : ''}`,
        );
        console.log(formatRow('catalog', r.catalog));
        console.log(formatRow('ours', r.ours));
        console.log(
          `  ratio ours/catalog: p50 ${ratio(r.ours.p50, r.catalog.p50).toFixed(
            2,
          )}x, p99 ${ratio(r.ours.p99, r.catalog.p99).toFixed(
            2,
          )}x, throughput ${ratio(
            r.ours.requestsPerSecond,
            r.catalog.requestsPerSecond,
          ).toFixed(2)}x`,
        );
        if (index === 0) {
          const key = `${caller.kind}|${connections}`;
          byCaller.set(key, [...(byCaller.get(key) ?? []), r]);
        }
      }
    }
  }
}

if (byCaller.size > 0) {
  console.log(
    `\nentity evaluation vs catalog by-name of the same entity, by kind of caller (median of ${args.rounds} round(s))`,
  );
  console.log(
    `${'caller'.padEnd(18)} ${'conn'.padStart(4)}  ${'catalog p50'.padStart(
      11,
    )}  ${'ours p50'.padStart(9)}  ${'p50 ratio'.padStart(
      9,
    )}  ${'p99 ratio'.padStart(9)}  ${'req/s ratio'.padStart(11)}`,
  );
  for (const [key, runs] of byCaller) {
    const [caller, connections] = key.split('|');
    const m = f => median(runs.map(f));
    console.log(
      `${caller.padEnd(18)} ${connections.padStart(4)}  ${`${m(
        r => r.catalog.p50,
      ).toFixed(2)} ms`.padStart(11)}  ${`${m(r => r.ours.p50).toFixed(
        2,
      )} ms`.padStart(9)}  ${`${m(r =>
        ratio(r.ours.p50, r.catalog.p50),
      ).toFixed(2)}x`.padStart(9)}  ${`${m(r =>
        ratio(r.ours.p99, r.catalog.p99),
      ).toFixed(2)}x`.padStart(9)}  ${`${m(r =>
        ratio(r.ours.requestsPerSecond, r.catalog.requestsPerSecond),
      ).toFixed(2)}x`.padStart(11)}`,
    );
  }
}
if (args.only === 'entity') process.exit(0);

const connections = Number(args.connections.split(',').at(-1));
const burst = await draftBurst({
  base,
  token,
  normalUrl: pairs[0].ours,
  connections,
  duration: Number(args.duration),
});
console.log(
  `entity evaluation, ${connections} connection(s), alone and during 10 clients posting 30,000-ref drafts (${(
    burst.drafts.bytes / 1024
  ).toFixed(0)} KiB each)`,
);
console.log(formatRow('alone', burst.alone));
console.log(formatRow('burst', burst.during));
console.log(
  `  ratio burst/alone: p50 ${ratio(burst.during.p50, burst.alone.p50).toFixed(
    2,
  )}x, p99 ${ratio(burst.during.p99, burst.alone.p99).toFixed(
    2,
  )}x; drafts answered ${Object.entries(burst.drafts.statuses)
    .map(([status, n]) => `${n}x ${status}`)
    .join(', ')}, p50 ${burst.drafts.p50.toFixed(1)} ms`,
);
