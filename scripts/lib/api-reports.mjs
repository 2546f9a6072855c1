#!/usr/bin/env node
/*
 * API reports of the published packages (report.api.md, report-alpha.api.md
 * next to each package.json), written by Backstage's
 * `backstage-repo-tools api-reports` (API Extractor over the declarations
 * `yarn tsc` writes into dist-types/).
 *
 *   node scripts/mesh.mjs api-reports        rewrite the reports (commit them)
 *   node scripts/mesh.mjs test "API reports" check them: fail when the
 *                                            exported API and its report differ
 *
 * Usage: node scripts/lib/api-reports.mjs [--ci] [report.json]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
export const REGENERATE_COMMAND = 'node scripts/mesh.mjs api-reports';

/** Every package an adopter installs: not private, and not the CLI (no TypeScript API). */
function publishedPackageDirs() {
  const dirs = [];
  for (const parent of ['plugins', 'packages']) {
    for (const name of fs.readdirSync(path.join(ROOT, parent)).sort()) {
      const file = path.join(ROOT, parent, name, 'package.json');
      if (!fs.existsSync(file)) continue;
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (manifest.private || manifest.backstage?.role === 'cli') continue;
      dirs.push(`${parent}/${name}`);
    }
  }
  return dirs;
}

function run(command, args) {
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', chunk => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('exit', code => resolve({ code: code ?? 1, output }));
  });
}

async function main() {
  const args = process.argv.slice(2);
  const ci = args.includes('--ci');
  const reportFile = args.find(a => !a.startsWith('--'));
  const started = Date.now();
  const packages = publishedPackageDirs();

  // Declarations first (incremental, so a second run is quick). tsc writes
  // them even when it finds type errors; those fail the check too.
  const tsc = await run('yarn', ['tsc']);
  const problems = [];
  if (tsc.code !== 0) {
    problems.push('`yarn tsc` found type errors (above); fix them first');
  }
  // One package per run: API Extractor prints a union's members in the order
  // TypeScript first met them, so a program holding every package would let
  // a change in one package reorder another's report.
  const drifted = [];
  for (const dir of packages) {
    const result = await run('yarn', [
      'backstage-repo-tools',
      'api-reports',
      ...(ci ? ['--ci'] : []),
      '--validate-release-tags',
      // The packages' `types` point at src/index.ts (Backstage's workspace
      // convention), so API Extractor meets a sibling package's sources
      // behind its imports; those imports still count as external.
      '--omit-messages',
      'ae-wrong-input-file-type',
      // Undocumented exports and TSDoc slips are listed in the reports (and
      // so reviewed with them) rather than failing the run.
      '--allow-all-warnings',
      dir,
    ]);
    if (result.code !== 0) drifted.push(dir);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  if (drifted.length > 0) {
    problems.push(
      ci
        ? `the API of ${drifted.join(
            ', ',
          )} differs from the committed report (the new report is printed above). ` +
            `If the change is intended, regenerate the reports and commit them: ${REGENERATE_COMMAND} ` +
            "(the tool's own hint, `yarn build:api-reports`, is not a script here)"
        : `the reports of ${drifted.join(
            ', ',
          )} could not be written (the error is above)`,
    );
  }
  const problem = problems.join('; ');
  if (problem) {
    console.error(`\n[api-reports] ${problems.join('\n[api-reports] ')}`);
  } else {
    console.log(
      `[api-reports] ${
        ci ? 'Reports match the API of' : 'Wrote the reports of'
      } ${packages.join(', ')} in ${seconds} s.`,
    );
  }
  if (reportFile) {
    fs.writeFileSync(
      reportFile,
      JSON.stringify({
        passed: packages.length - drifted.length,
        failed: drifted.length + (tsc.code === 0 ? 0 : 1),
        packages,
        problem: problem || undefined,
        seconds,
      }),
    );
  }
  process.exit(problem ? 1 : 0);
}

await main();
