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
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** The report files of a package (report.api.md, report-alpha.api.md …). */
function reportFiles(dir) {
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter(f => /^report.*\.api\.md$/.test(f))
    .map(f => path.join(ROOT, dir, f));
}

/**
 * A report with the members of each union in one order. API Extractor
 * prints them in the order TypeScript first created the types, which
 * differs between a fresh clone and a warm checkout (seen on CI: the same
 * API, `'error' | 'warning'` printed the other way round), so --ci compares
 * reports in this form rather than byte for byte.
 */
export function normalizeReport(text) {
  const member = /^\s*(?:(?:[\w$]+|'[^']*')\??: '[^']*';|\| .*)$/;
  const lines = text
    .replace(/\r/g, '')
    .split('\n')
    .map(line =>
      line.replace(/'[^']*'(?:\s*\|\s*'[^']*')+/g, union =>
        union
          .split(/\s*\|\s*/)
          .sort()
          .join(' | '),
      ),
    );
  const out = [];
  for (let i = 0; i < lines.length; ) {
    if (!member.test(lines[i])) {
      out.push(lines[i++]);
      continue;
    }
    const run = [];
    while (i < lines.length && member.test(lines[i])) run.push(lines[i++]);
    out.push(...run.sort());
  }
  return out.join('\n');
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
    // --ci: write the reports afresh, compare them with the committed ones
    // in normalized form (normalizeReport), then put the committed ones back.
    const committed = new Map(
      reportFiles(dir).map(file => [file, fs.readFileSync(file, 'utf8')]),
    );
    const result = await run('yarn', [
      'backstage-repo-tools',
      'api-reports',
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
    if (result.code !== 0) {
      drifted.push(dir);
    } else if (ci) {
      const written = reportFiles(dir);
      const differs =
        written.length !== committed.size ||
        written.some(
          file =>
            !committed.has(file) ||
            normalizeReport(fs.readFileSync(file, 'utf8')) !==
              normalizeReport(committed.get(file)),
        );
      if (differs) {
        drifted.push(dir);
        for (const file of written) {
          console.log(`\n--- new ${path.relative(ROOT, file)}\n`);
          console.log(fs.readFileSync(file, 'utf8'));
        }
      }
    }
    if (ci) {
      for (const file of reportFiles(dir)) {
        if (!committed.has(file)) fs.rmSync(file);
      }
      for (const [file, text] of committed) fs.writeFileSync(file, text);
    }
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

// Run when executed, not when imported (normalizeReport is reused).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
