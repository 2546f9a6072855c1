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
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';

// The entities come from the one synthetic-catalog generator the tests and
// the evaluator benchmark share (issue #10); bundled from its TypeScript
// source the same way bench/evaluator.mjs bundles the evaluator.
const generatorSource = join(
  dirname(fileURLToPath(import.meta.url)),
  '../plugins/service-mesh-common/src/__testUtils__/syntheticCatalog.ts',
);
const bundled = await build({
  entryPoints: [generatorSource],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
});
const bundleDir = mkdtempSync(join(tmpdir(), 'mesh-synthetic-'));
const bundleFile = join(bundleDir, 'syntheticCatalog.mjs');
writeFileSync(bundleFile, bundled.outputFiles[0].contents);
const { generateSyntheticCatalog } = await import(
  pathToFileURL(bundleFile).href
);
rmSync(bundleDir, { recursive: true, force: true });

const pad = (n, width) => String(n).padStart(width, '0');

/**
 * Generates the catalog into `dir`. Returns { dir, files, counts, refs }.
 */
export function generateCatalog({ dir, components = 10000, seed = 42 } = {}) {
  const {
    groups,
    users,
    domains,
    systems,
    apis,
    resources,
    components: comps,
    richComponent: rich,
  } = generateSyntheticCatalog({ components, seed });

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
    // A component with every kind of relation: the entity-evaluation benchmark's target.
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
