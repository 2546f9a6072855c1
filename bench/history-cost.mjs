// What verdict history costs the refresh (issue #11), measured as an A/B in
// one process on the refresh's own code:
//
//   node scripts/mesh.mjs exec node bench/history-cost.mjs [--components 10000] [--rounds 5]
//
// The refresh's history work is (1) computing each written row's inputs
// (`evaluationInputs`), (2) storing them (`inputs_json`), and, when a row
// replaces one, (3) reading back the earlier verdict and inputs and writing a
// transition where the verdict changed. Without history a row is written
// with none of that (the store's path for a row it knows to be new).
//
// Each round builds the rows of N synthetic components (the generator the
// tests share) and writes them with the backend's EvaluationStore into a
// fresh in-memory SQLite database (the benchmark portal's database), first
// as a first refresh (every row new), then as a refresh in which 10 % of the
// verdicts changed. Rounds alternate with/without history; the medians and
// their ratio are printed, beside the time of the assessment itself.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { percentile } from './percentile.mjs';
import { resolveContexts } from './contexts.mjs';

const { values: args } = parseArgs({
  options: {
    components: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
  },
});
const components = Number(args.components);
const rounds = Number(args.rounds);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const backendSrc = join(root, 'plugins/service-mesh-backend/src');

// The backend's and common's TypeScript, bundled for Node; every other
// of knex, better-sqlite3 and @backstage/* is loaded from node_modules.
const bundle = await build({
  stdin: {
    contents: `
      export { EvaluationStore } from './services/EvaluationStore';
      export { evaluationInputs } from './services/history/inputs';
      export { default as knexFactory } from 'knex';
      export {
        assessEntity, parseMeshPolicy, RULES_VERSION, summarizeEvaluation,
      } from '@mesh-advisor/plugin-service-mesh-common';
      export { generateSyntheticCatalog } from '../../service-mesh-common/src/__testUtils__/syntheticCatalog';
    `,
    resolveDir: backendSrc,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
  plugins: [
    {
      name: 'node-modules-external',
      setup(b) {
        b.onResolve({ filter: /^(knex|better-sqlite3|@backstage\/)/ }, a => ({
          path: a.path,
          external: true,
        }));
      },
    },
  ],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
const dir = mkdtempSync(join(backendSrc, '.bench-'));
const file = join(dir, 'history-cost.mjs');
writeFileSync(file, bundle.outputFiles[0].contents);
let lib;
try {
  lib = await import(pathToFileURL(file).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// knex as the backend resolves it (its dependency, not the root's).
const { knexFactory } = lib;

// Contexts resolved as in bench/evaluator.mjs.
const catalog = lib.generateSyntheticCatalog({ components, seed: 42 });
const contexts = resolveContexts(catalog);
const policy = lib.parseMeshPolicy(undefined);

const ms = since => Number(process.hrtime.bigint() - since) / 1e6;

async function freshStore() {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await lib.EvaluationStore.create({
    getClient: async () => knex,
  });
  return { knex, store };
}

/** One refresh's rows; `flip` changes the verdict of every 10th row. */
function rowsOf(withHistory, existing, flip) {
  return contexts.map((context, i) => {
    const summary = lib.summarizeEvaluation(
      lib.assessEntity(context, policy),
      context.entity,
    );
    if (flip && i % 10 === 0) {
      summary.verdict = summary.verdict === 'istio' ? 'linkerd' : 'istio';
    }
    return {
      summary,
      contentHash: `${i}-${flip}`,
      inputs: withHistory
        ? lib.evaluationInputs(context, lib.RULES_VERSION, 'policy-hash')
        : undefined,
      etag: `etag-${i}`,
      // Without history the store never reads an earlier row.
      replaces: withHistory ? existing : false,
    };
  });
}

async function round(withHistory) {
  const { knex, store } = await freshStore();
  try {
    let t = process.hrtime.bigint();
    const first = rowsOf(withHistory, false, false);
    const firstRowsMs = ms(t);
    t = process.hrtime.bigint();
    await store.upsert(first, new Date());
    const firstWriteMs = ms(t);

    t = process.hrtime.bigint();
    const second = rowsOf(withHistory, true, true);
    const secondRowsMs = ms(t);
    t = process.hrtime.bigint();
    await store.upsert(second, new Date());
    const secondWriteMs = ms(t);
    const [{ n: transitions }] = await knex(
      'service_mesh_verdict_transitions',
    ).count({ n: '*' });
    return {
      firstRowsMs,
      firstWriteMs,
      secondRowsMs,
      secondWriteMs,
      transitions: Number(transitions),
    };
  } finally {
    await knex.destroy();
  }
}

// Warm-up of both variants, then alternating rounds.
await round(true);
await round(false);
const results = { with: [], without: [] };
for (let i = 0; i < rounds; i++) {
  results.with.push(await round(true));
  results.without.push(await round(false));
}

const med = (variant, key) =>
  percentile(
    results[variant].map(r => r[key]).sort((a, b) => a - b),
    50,
  );
const fmt = n => `${n.toFixed(0).padStart(6)} ms`;
console.log(
  `${components} components, ${rounds} alternating rounds per variant, SQLite in memory; medians:`,
);
console.log(
  `${'step'.padEnd(58)} ${'with'.padStart(9)} ${'without'.padStart(
    9,
  )}  ratio  added`,
);
for (const [key, label] of [
  ['firstRowsMs', 'first refresh: assess + summarise (+ inputs) every row'],
  ['firstWriteMs', 'first refresh: write every row'],
  ['secondRowsMs', 'next refresh: assess + summarise (+ inputs) every row'],
  ['secondWriteMs', 'next refresh: write every row, 10 % verdicts changed'],
]) {
  const a = med('with', key);
  const b = med('without', key);
  console.log(
    `${label.padEnd(58)} ${fmt(a)} ${fmt(b)}  ${(a / b).toFixed(2)}×  ${(
      a - b
    ).toFixed(0)} ms`,
  );
}
const firstWith = med('with', 'firstRowsMs') + med('with', 'firstWriteMs');
const firstWithout =
  med('without', 'firstRowsMs') + med('without', 'firstWriteMs');
console.log(
  `first refresh, rows + write: ${firstWith.toFixed(
    0,
  )} vs ${firstWithout.toFixed(0)} ms (${(firstWith / firstWithout).toFixed(
    2,
  )}×); transitions written by the next refresh with history: ${
    results.with[0].transitions
  }`,
);
