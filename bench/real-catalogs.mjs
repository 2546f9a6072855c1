// What Mesh Advisor says about real catalogs (plugins/service-mesh-common).
//
//   node scripts/mesh.mjs exec node bench/real-catalogs.mjs [--verbose]
//
// Evaluates every Component of the real catalog files in
// plugins/service-mesh-common/src/__fixtures__/real-catalogs/ (copied verbatim
// from public repositories, none with Mesh Advisor annotations) with the
// default policy, and prints: components, applicable, verdicts, median
// confidence, the share of applicable components with at least one input
// inferred from the catalog, and the share whose verdict is provisional.
// --verbose adds one line per component.
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'plugins/service-mesh-common/src');
const corpusDir = join(src, '__fixtures__/real-catalogs');
const verbose = process.argv.includes('--verbose');

// Same mechanism as bench/evaluator.mjs: bundle the TypeScript source for Node.
const out = await build({
  stdin: {
    contents: `export * from './index'; export { loadCorpus } from './__fixtures__/real-catalogs/corpus';`,
    resolveDir: src,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
const dir = mkdtempSync(join(tmpdir(), 'mesh-real-'));
const file = join(dir, 'common.mjs');
writeFileSync(file, out.outputFiles[0].contents);
const lib = await import(pathToFileURL(file).href);
rmSync(dir, { recursive: true, force: true });

const files = readdirSync(corpusDir)
  .filter(f => f.endsWith('.yaml'))
  .sort()
  .map(name => ({ name, text: readFileSync(join(corpusDir, name), 'utf8') }));
const corpus = lib.loadCorpus(files);
const policy = lib.parseMeshPolicy(undefined);

const results = corpus.contexts.map(({ file: f, context }) => ({
  file: f,
  e: lib.evaluateEntity(context, policy),
}));
const applicable = results.filter(r => r.e.applicable);
const verdicts = {};
for (const r of applicable) verdicts[r.e.verdict] = (verdicts[r.e.verdict] ?? 0) + 1;
const conf = applicable.map(r => r.e.confidence).sort((a, b) => a - b);
const median = conf.length
  ? conf.length % 2
    ? conf[(conf.length - 1) / 2]
    : (conf[conf.length / 2 - 1] + conf[conf.length / 2]) / 2
  : NaN;
// An input counts as inferred when its value came from the catalog (the first source is `inferred`).
const inferredInputs = e =>
  Object.entries(e.requirements)
    .filter(([, r]) => r.sources[0]?.kind === 'inferred')
    .map(([k]) => k);
const withInferred = applicable.filter(r => inferredInputs(r.e).length > 0);
const provisional = applicable.filter(r => r.e.provisional === true);
const pct = (n, d) => (d ? `${Math.round((100 * n) / d)}%` : 'n/a');
const notApplicable = {};
for (const r of results.filter(x => !x.e.applicable)) {
  const t = String(r.e.notApplicableReason).slice(0, 70);
  notApplicable[t] = (notApplicable[t] ?? 0) + 1;
}

console.log(
  `corpus: ${corpus.repositories} repositories, ${corpus.entities.length} entities, ${results.length} components` +
    (corpus.skipped.length ? ` (${corpus.skipped.length} documents skipped: invalid YAML or not an entity)` : ''),
);
console.log(`applicable: ${applicable.length} of ${results.length}`);
console.log(`verdicts (applicable): ${JSON.stringify(verdicts)}`);
console.log(`median confidence (applicable): ${median}`);
console.log(
  `applicable with at least one inferred input: ${withInferred.length} (${pct(withInferred.length, applicable.length)})`,
);
console.log(
  `provisional verdicts: ${provisional.length} (${pct(provisional.length, applicable.length)})`,
);
console.log('not applicable, by reason:');
for (const [reason, n] of Object.entries(notApplicable)) console.log(`  ${n} × ${reason}`);
if (verbose) {
  for (const { file: f, e } of results) {
    const q = e.decidingQuestions?.[0];
    console.log(
      [
        e.entityRef.padEnd(48),
        (e.applicable ? e.verdict : 'n/a').padEnd(8),
        String(e.confidence).padEnd(5),
        e.provisional ? 'provisional' : '',
        inferredInputs(e).join(',') || '-',
        e.applicable ? e.requirements.protocols.value.join(',') : '',
        q ? `Q: ${q.input}` : '',
        f,
      ].join('  '),
    );
  }
}
