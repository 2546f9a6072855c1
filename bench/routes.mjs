#!/usr/bin/env node
/*
 * Mesh Advisor's HTTP routes measured side by side with the catalog reads
 * they build on, in one run, on a running portal (npm start), so the ratio
 * is what matters on a noisy machine.
 *
 *   node scripts/mesh.mjs exec node bench/routes.mjs [--url http://localhost:7007]
 *     [--entity component/default/checkout-api] [--duration 10] [--connections 1,10]
 *
 * Pairs:
 *   entity evaluation  GET /api/service-mesh/v1/entities/<ref>/evaluation
 *     vs catalog       GET /api/catalog/entities/by-name/<ref>
 *   dashboard page     GET /api/service-mesh/v1/evaluations?limit=100
 *     vs catalog       GET /api/catalog/entities/by-query?limit=100
 */
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:7007' },
    entity: { type: 'string', default: 'component/default/checkout-api' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,10' },
  },
});

async function guestToken(base) {
  const res = await fetch(`${base}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`Guest sign-in at ${base} failed with ${res.status}: is the portal running (npm start)?`);
  }
  return (await res.json()).backstageIdentity.token;
}

function run(url, token, connections, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections, duration, headers: { authorization: `Bearer ${token}` } },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

const base = args.url.replace(/\/$/, '');
const token = await guestToken(base);
const pairs = [
  {
    name: 'entity evaluation',
    ours: `${base}/api/service-mesh/v1/entities/${args.entity}/evaluation`,
    catalog: `${base}/api/catalog/entities/by-name/${args.entity}`,
  },
  {
    name: 'dashboard page of 100',
    ours: `${base}/api/service-mesh/v1/evaluations?limit=100`,
    catalog: `${base}/api/catalog/entities/by-query?limit=100`,
  },
];

for (const { name, ours, catalog } of pairs) {
  for (const url of [ours, catalog]) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  }
  for (const connections of args.connections.split(',').map(Number)) {
    // Warm both, then measure catalog and ours back to back.
    await run(catalog, token, connections, 2);
    await run(ours, token, connections, 2);
    const c = await run(catalog, token, connections, Number(args.duration));
    const o = await run(ours, token, connections, Number(args.duration));
    const errors = c.errors + c.non2xx + o.errors + o.non2xx;
    const row = (label, r) =>
      `  ${label.padEnd(9)} ${String(Math.round(r.requests.average)).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms`;
    console.log(`${name}, ${connections} connection(s), ${args.duration} s each${errors ? `, ${errors} errors!` : ''}`);
    console.log(row('catalog', c));
    console.log(row('ours', o));
    const ratio = (a, b) => (b === 0 ? (a === 0 ? '1.00' : 'inf') : (a / b).toFixed(2));
    console.log(
      `  ratio ours/catalog: p50 ${ratio(o.latency.p50, c.latency.p50)}x, p99 ${ratio(o.latency.p99, c.latency.p99)}x, throughput ${ratio(o.requests.average, c.requests.average)}x`,
    );
  }
}
