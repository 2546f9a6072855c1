// Benchmark of the Mesh Advisor evaluator (plugins/service-mesh-common).
//
//   node bench/evaluator.mjs
//
// 1. Bundles src/index.ts for the browser (ESM, minified) and prints its gzipped size.
// 2. Bundles it for Node into a temp file, imports it, generates a few thousand
//    varied entities (systems, domains, groups, APIs, resources; good and bad
//    annotations) and measures evaluations per second on one core.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'plugins/service-mesh-common/src/index.ts');

const browser = await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  minify: true,
  write: false,
  logLevel: 'error',
});
const bytes = browser.outputFiles[0].contents;
console.log(
  `browser bundle: ${(bytes.length / 1024).toFixed(1)} KiB minified, ${(
    gzipSync(bytes).length / 1024
  ).toFixed(1)} KiB gzipped (zod dominates)`,
);

const dir = mkdtempSync(join(tmpdir(), 'mesh-bench-'));
const outfile = join(dir, 'common.mjs');
const nodeBuild = await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
  // CommonJS dependencies (yaml) call require() for Node built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
writeFileSync(outfile, nodeBuild.outputFiles[0].contents);
const lib = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });

// Deterministic pseudo-random data (the evaluator itself never uses randomness).
let seed = 42;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = a => a[Math.floor(rnd() * a.length)];
const some = (a, max) => a.filter(() => rnd() < max / a.length);
const A = k => `mesh-advisor.io/${k}`;
const needsPool = [...lib.CAPABILITY_IDS, 'retires', 'canary', 'mtsl'];
const protoPool = ['http1', 'http2', 'grpc', 'tcp', 'udp', 'websocket', 'quic'];

const ent = (kind, name, annotations, spec, extra = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, annotations },
  spec,
  ...extra,
});
const domains = Array.from({ length: 5 }, (_, i) =>
  ent(
    'Domain',
    `domain-${i}`,
    rnd() < 0.6
      ? { [A('cluster-profile')]: pick(['edge', 'standard', 'large', 'larg']) }
      : {},
    { owner: 'g' },
  ),
);
const groups = Array.from({ length: 12 }, (_, i) =>
  ent(
    'Group',
    `team-${i}`,
    rnd() < 0.5
      ? { [A('ops-capacity')]: pick(['none', 'small', 'dedicated', 'smal']) }
      : {},
    {
      type: 'team',
      children: [],
      members: Array.from(
        { length: Math.floor(rnd() * 12) },
        (_, j) => `user:u${j}`,
      ),
    },
  ),
);
const systems = Array.from({ length: 25 }, (_, i) =>
  ent(
    'System',
    `system-${i}`,
    {
      ...(rnd() < 0.4 ? { [A('needs')]: some(needsPool, 2).join(', ') } : {}),
      ...(rnd() < 0.3
        ? { [A('ops-capacity')]: pick(['none', 'small', 'dedicated']) }
        : {}),
      ...(rnd() < 0.3
        ? { [A('current-mesh')]: pick(['none', 'istio', 'linkerd']) }
        : {}),
    },
    { owner: `team-${i % 12}`, domain: `domain-${i % 5}` },
  ),
);
const apis = Array.from({ length: 60 }, (_, i) =>
  ent(
    'API',
    `api-${i}`,
    {},
    {
      type: pick(['grpc', 'openapi', 'graphql', 'asyncapi', 'trpc']),
      owner: 'g',
      lifecycle: 'production',
      definition: '',
    },
  ),
);
const resources = Array.from({ length: 40 }, (_, i) =>
  ent('Resource', `res-${i}`, {}, { type: 'database', owner: 'g' }),
);

const N = 3000;
const contexts = [];
for (let i = 0; i < N; i++) {
  const annotations = {};
  if (rnd() < 0.7) annotations[A('needs')] = some(needsPool, 4).join(', ');
  if (rnd() < 0.5) annotations[A('protocols')] = some(protoPool, 2).join(',');
  if (rnd() < 0.6)
    annotations[A('replicas')] = pick(['1', '3', '12', '-3', 'many', '40']);
  if (rnd() < 0.4)
    annotations[A('latency-budget-ms')] = pick(['5', '50', '250', 'fast']);
  if (rnd() < 0.2)
    annotations[A('cluster-profile')] = pick(['edge', 'standard', 'large']);
  if (rnd() < 0.1)
    annotations[A('existing-envoy')] = pick(['true', 'false', 'yes']);
  if (rnd() < 0.1)
    annotations[A('vendor-support')] = pick(['required', 'preferred', 'none']);
  if (rnd() < 0.05) annotations[A('exclude')] = 'true';
  if (rnd() < 0.3)
    annotations['backstage.io/kubernetes-namespace'] = `ns-${i % 40}`;
  if (rnd() < 0.05) annotations['example.com/foo'] = 'bar';
  const sys = pick(systems);
  const myApis = some(apis, 2);
  const myRes = some(resources, 1.5);
  const entity = ent(`Component`, `svc-${i}`, annotations, {
    type:
      rnd() < 0.9 ? 'service' : pick(['library', 'website', 'documentation']),
    lifecycle: 'production',
    owner: sys.spec.owner,
    system: sys.metadata.name,
    providesApis: myApis.map(a => a.metadata.name),
    dependsOn: myRes.map(r => `resource:${r.metadata.name}`),
  });
  contexts.push({
    entity,
    system: sys,
    domain: domains.find(d => d.metadata.name === sys.spec.domain),
    owner: groups.find(g => g.metadata.name === sys.spec.owner),
    apis: myApis,
    resources: myRes,
  });
}

const policy = lib.parseMeshPolicy(undefined);
let sink = 0;
const round = () => {
  const t0 = process.hrtime.bigint();
  for (const c of contexts) sink += lib.evaluateEntity(c, policy).scores.istio;
  const ns = Number(process.hrtime.bigint() - t0);
  return (contexts.length * 1e9) / ns;
};
for (let i = 0; i < 3; i++) round();
const rates = Array.from({ length: 9 }, round).sort((a, b) => a - b);
const fmt = n => Math.round(n).toLocaleString('en-US');
const verdicts = {};
for (const c of contexts) {
  const v = lib.evaluateEntity(c, policy).verdict;
  verdicts[v] = (verdicts[v] ?? 0) + 1;
}
console.log(
  `entities: ${contexts.length} components (verdicts ${JSON.stringify(
    verdicts,
  )})`,
);
console.log(
  `evaluations/s on one core: median ${fmt(rates[4])}, min ${fmt(
    rates[0],
  )}, max ${fmt(rates[rates.length - 1])} (9 rounds after 3 warm-up)`,
);
console.log(
  `goal ≥ 50,000/s: ${rates[4] >= 50000 ? 'met' : 'MISSED'}${
    sink === 0.5 ? '' : ''
  }`,
);
