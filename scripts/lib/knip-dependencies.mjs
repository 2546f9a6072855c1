#!/usr/bin/env node
/*
 * knip's dependency checks over every workspace (knip.config.ts): a
 * dependency no file uses (as `@backstage/plugin-permission-common` was in
 * the common package), an import no package.json lists, an unknown binary.
 * Each finding counts as one failure and is printed with its workspace.
 * Before it, `backstage-cli repo fix --check --publish`: the Backstage
 * metadata of every package (backstage.pluginId, pluginPackages, exports,
 * typesVersions) is what Backstage's own tool would write.
 *
 * Usage: node scripts/lib/knip-dependencies.mjs [report.json]
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
  ['knip', '--dependencies', '--no-progress', '--reporter', 'json'],
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
findings.unshift(...metadataFindings);
for (const finding of findings) console.error(`[knip] ${finding}`);
const seconds = Math.round((Date.now() - started) / 1000);
console.log(
  `[knip] ${findings.length} finding(s) in package metadata and dependencies in ${seconds} s` +
    (findings.length ? '; fix the package.json files named above' : ''),
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
