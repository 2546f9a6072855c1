#!/usr/bin/env node
/*
 * Mesh Advisor's HTTP routes measured side by side with the catalog reads
 * they build on, in one run, on a running portal (npm start), so the ratio
 * is what matters on a noisy machine. bench/run-all.mjs runs the same pairs
 * on a 10,000-component catalog it loads itself.
 *
 *   node scripts/mesh.mjs exec node bench/routes.mjs [--url http://localhost:7007]
 *     [--entity component/default/checkout-api] [--dashboard 'verdict=istio&limit=100']
 *     [--duration 10] [--connections 1,10]
 *
 * Pairs (guest token, same concurrency, catalog first then ours):
 *   entity evaluation  GET /api/service-mesh/v1/entities/<ref>/evaluation
 *     vs catalog       GET /api/catalog/entities/by-name/<ref>
 *   dashboard page     GET /api/service-mesh/v1/evaluations?<dashboard>
 *     vs catalog       GET /api/catalog/entities/by-query?filter=kind=component&limit=100
 *
 * Latency percentiles are computed from every response time autocannon
 * reports (sub-millisecond); autocannon's own whole-millisecond histogram
 * is shown beside them.
 */
import { parseArgs } from 'node:util';
import { formatRow, guestToken, measurePair, ratio } from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:7007' },
    entity: { type: 'string', default: 'component/default/checkout-api' },
    dashboard: { type: 'string', default: 'verdict=istio&limit=100' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,10' },
  },
});

const base = args.url.replace(/\/$/, '');
const token = await guestToken(base);
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
];

for (const { name, ours, catalog } of pairs) {
  for (const connections of args.connections.split(',').map(Number)) {
    const r = await measurePair({
      ours,
      catalog,
      token,
      connections,
      duration: Number(args.duration),
    });
    console.log(
      `${name}, ${connections} connection(s), ${args.duration} s each`,
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
  }
}
