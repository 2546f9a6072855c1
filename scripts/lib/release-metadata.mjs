#!/usr/bin/env node
/*
 * knip over every workspace (knip.config.ts): a dependency no file uses
 * (as `@backstage/plugin-permission-common` was in the common package), an
 * import no package.json lists, an unknown binary, an export or a file
 * nothing imports.
 * Each finding counts as one failure and is printed with its workspace.
 * Before it, `backstage-cli repo fix --check --publish`: the Backstage
 * metadata of every package (backstage.pluginId, pluginPackages, exports,
 * typesVersions) is what Backstage's own tool would write. And the
 * changesets in .changeset/: `changeset status` reads them, and each names
 * only packages that are published (not private ones like the example app).
 * And ESLint over every package as `backstage-cli repo lint` runs it: each
 * error is one finding (warnings are not).
 *
 * Usage: node scripts/lib/release-metadata.mjs [report.json]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const started = Date.now();

/** Problems with the changesets: unreadable, or naming an unpublished package. */
function changesetFindings() {
  const status = spawnSync('yarn', ['changeset', 'status'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (status.status !== 0) {
    const error = (status.stdout + status.stderr)
      .split('\n')
      .find(
        line =>
          /error/.test(line) &&
          !/^\S*\s*error\s+at /.test(line.replace(/^🦋\s+/, '')),
      );
    return [
      `.changeset: \`changeset status\` fails: ${
        error ?? `exit ${status.status}`
      }`,
    ];
  }
  const privatePackages = new Set();
  for (const parent of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(ROOT, parent))) {
      const file = path.join(ROOT, parent, name, 'package.json');
      if (!fs.existsSync(file)) continue;
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (manifest.private) privatePackages.add(manifest.name);
    }
  }
  const found = [];
  const dir = path.join(ROOT, '.changeset');
  for (const name of fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.md') && f !== 'README.md')) {
    const frontMatter =
      /^---\n([\s\S]*?)\n---/.exec(
        fs.readFileSync(path.join(dir, name), 'utf8'),
      )?.[1] ?? '';
    for (const [, pkg] of frontMatter.matchAll(/^['"]?([^'":]+)['"]?\s*:/gm)) {
      if (privatePackages.has(pkg)) {
        found.push(
          `.changeset/${name}: ${pkg} is private, so it needs no changeset`,
        );
      }
    }
  }
  return found;
}

/** Each ESLint error in any package, as `path:line:col: message [Error/rule]`. */
function lintFindings() {
  const lint = spawnSync(
    'yarn',
    ['backstage-cli', 'repo', 'lint', '--format', 'unix'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (lint.status === 0) return [];
  const errors = lint.stdout
    .split('\n')
    .filter(line => /\[Error(\/[^\]]+)?\]$/.test(line))
    .map(line => `lint: ${line.replace(`${ROOT}${path.sep}`, '')}`);
  return errors.length > 0
    ? errors
    : [
        `lint: \`backstage-cli repo lint\` failed (exit ${lint.status}): ${(
          lint.stderr || lint.stdout
        ).slice(-600)}`,
      ];
}
const metadata = spawnSync(
  'yarn',
  ['backstage-cli', 'repo', 'fix', '--check', '--publish'],
  { cwd: ROOT, encoding: 'utf8' },
);
const metadataFindings =
  metadata.status === 0
    ? []
    : [
        `package metadata differs from what \`backstage-cli repo fix --publish\` writes ` +
          `(run \`node scripts/mesh.mjs exec yarn backstage-cli repo fix --publish\`): ` +
          (metadata.stdout + metadata.stderr).trim().slice(-600),
      ];
const result = spawnSync(
  'yarn',
  ['knip', '--no-progress', '--reporter', 'json'],
  { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
let findings;
try {
  // The JSON report is the last line; knip prints hints before it.
  const json = JSON.parse(result.stdout.trim().split('\n').at(-1));
  findings = json.issues.flatMap(issue =>
    Object.entries(issue)
      .filter(([, value]) => Array.isArray(value) && value.length > 0)
      .flatMap(([type, items]) =>
        items.map(item => `${issue.file}: ${type} ${item.name}`),
      ),
  );
} catch {
  findings = [
    `knip did not report (exit ${result.status}): ${(
      result.stderr || result.stdout
    ).slice(-600)}`,
  ];
}
findings.unshift(
  ...metadataFindings,
  ...changesetFindings(),
  ...lintFindings(),
);
for (const finding of findings) console.error(`[release-metadata] ${finding}`);
const seconds = Math.round((Date.now() - started) / 1000);
console.log(
  `[release-metadata] ${findings.length} finding(s) in package metadata, changesets, lint and dependencies in ${seconds} s` +
    (findings.length ? '; fix what is named above' : ''),
);
const reportFile = process.argv[2];
if (reportFile) {
  fs.writeFileSync(
    reportFile,
    JSON.stringify({
      passed: findings.length === 0 ? 1 : 0,
      failed: findings.length,
      findings,
      seconds,
    }),
  );
}
process.exit(findings.length === 0 ? 0 : 1);
