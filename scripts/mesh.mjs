#!/usr/bin/env node
/*
 * The one entry point behind `npm start` and `npm test`.
 *
 * Backstage needs Node 22 or 24 and Yarn 4; a fresh machine may have only an
 * older Node and npm. So this script:
 *   1. uses the running Node when it is 22 or 24, else brings Node 22 from the
 *      npm registry (the `node-<os>-<arch>` package ships the binary) into the
 *      git-ignored `.tools/`;
 *   2. brings Yarn 4 from the npm registry into `.tools/` (no corepack, no
 *      committed `.yarn/releases`);
 *   3. installs the workspace with the committed yarn.lock, only when the
 *      lockfile or a package.json changed since the last install;
 *   4. starts the portal, or runs every test suite and prints one summary line.
 *
 * Usage: node scripts/mesh.mjs <start|test|setup|exec|api-reports> [args...]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from './lib/postgres.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = path.join(ROOT, '.tools');
const SUPPORTED_NODE_MAJORS = [22, 24];
const NODE_PACKAGE_VERSION = '22'; // 24 crashes better-sqlite3 12 (README, Troubleshooting)
const YARN_VERSION = '4.18.1';
const INSTALL_STAMP = path.join(ROOT, 'node_modules', '.mesh-advisor-install');
const TEST_OUTPUT = path.join(ROOT, 'test', 'output');

function log(message) {
  console.log(`\x1b[36m[mesh-advisor]\x1b[0m ${message}`);
}

function fail(message) {
  console.error(`\x1b[31m[mesh-advisor]\x1b[0m ${message}`);
  process.exit(1);
}

function runOrFail(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    fail(
      `\`${command} ${args.join(' ')}\` failed (exit ${
        result.status ?? result.signal
      }).`,
    );
  }
}

/** Where Node and Yarn come from; installs into .tools what is missing. */
function ensureToolchain() {
  const major = Number(process.versions.node.split('.')[0]);
  const useRunningNode = SUPPORTED_NODE_MAJORS.includes(major);
  const nodePackage = `node-${process.platform}-${process.arch}`;
  const nodeDir = path.join(TOOLS, 'node_modules', nodePackage);
  const yarnBin = path.join(TOOLS, 'node_modules', '.bin', 'yarn');

  const wanted = { '@yarnpkg/cli-dist': YARN_VERSION };
  if (!useRunningNode) wanted[nodePackage] = NODE_PACKAGE_VERSION;
  const manifest = JSON.stringify(
    { private: true, dependencies: wanted },
    null,
    2,
  );
  const manifestPath = path.join(TOOLS, 'package.json');
  const upToDate =
    fs.existsSync(yarnBin) &&
    (useRunningNode || fs.existsSync(path.join(nodeDir, 'bin', 'node'))) &&
    fs.existsSync(manifestPath) &&
    fs.readFileSync(manifestPath, 'utf8') === manifest;

  if (!upToDate) {
    log(
      useRunningNode
        ? `Bringing Yarn ${YARN_VERSION} from the npm registry into .tools/ ...`
        : `Node ${
            process.versions.node
          } is too old for Backstage (needs ${SUPPORTED_NODE_MAJORS.join(
            ' or ',
          )}): ` +
            `bringing Node ${NODE_PACKAGE_VERSION} and Yarn ${YARN_VERSION} from the npm registry into .tools/ ...`,
    );
    fs.mkdirSync(TOOLS, { recursive: true });
    fs.writeFileSync(manifestPath, manifest);
    runOrFail('npm', [
      'install',
      '--prefix',
      TOOLS,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ]);
  }

  const nodeBinDir = useRunningNode
    ? path.dirname(process.execPath)
    : path.join(nodeDir, 'bin');
  // Native addons (better-sqlite3) build against the headers that ship with
  // this Node (the npm package and official builds carry them); node-gyp
  // would otherwise try to download them, or pick up another Node's headers
  // from an ~/.npmrc `nodedir`.
  const headersDir = path.dirname(nodeBinDir);
  const hasHeaders = fs.existsSync(
    path.join(headersDir, 'include', 'node', 'node.h'),
  );
  const env = {
    ...process.env,
    PATH: [nodeBinDir, path.dirname(yarnBin), process.env.PATH].join(
      path.delimiter,
    ),
    ...(hasHeaders ? { npm_config_nodedir: headersDir } : {}),
    YARN_ENABLE_TELEMETRY: '0',
  };
  const version = spawnSync('node', ['--version'], {
    env,
    encoding: 'utf8',
  }).stdout.trim();
  log(`Using Node ${version} and Yarn ${YARN_VERSION}.`);
  return env;
}

/** A fingerprint of everything that decides what `yarn install` does. */
function installFingerprint(env) {
  const hash = createHash('sha256');
  const nodeVersion = spawnSync('node', ['--version'], {
    env,
    encoding: 'utf8',
  }).stdout;
  hash.update(nodeVersion);
  const manifests = ['package.json', 'yarn.lock', '.yarnrc.yml'];
  for (const parent of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(ROOT, parent)).sort()) {
      manifests.push(path.join(parent, name, 'package.json'));
    }
  }
  for (const file of manifests) {
    const full = path.join(ROOT, file);
    hash.update(file);
    if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
  }
  return hash.digest('hex');
}

function ensureInstalled(env) {
  const fingerprint = installFingerprint(env);
  if (
    fs.existsSync(INSTALL_STAMP) &&
    fs.readFileSync(INSTALL_STAMP, 'utf8') === fingerprint
  ) {
    log(
      'Dependencies are up to date (yarn.lock unchanged since the last install).',
    );
    return;
  }
  log(
    'Installing dependencies with the committed yarn.lock (a cold install takes a few minutes) ...',
  );
  const started = Date.now();
  runOrFail('yarn', ['install', ...(process.env.CI ? ['--immutable'] : [])], {
    cwd: ROOT,
    env,
  });
  fs.writeFileSync(INSTALL_STAMP, fingerprint);
  log(`Installed in ${Math.round((Date.now() - started) / 1000)} s.`);
}

function start(env) {
  log(
    'Starting the backend on http://localhost:7007 and the app on http://localhost:3000 ...',
  );
  log(
    'Open http://localhost:3000 and enter as guest once the app has compiled.',
  );
  // The example's recorded cluster (examples/recorded-cluster), which the
  // Kubernetes plugin reads as prod-eu and branch-01; it lives and dies with the portal.
  const cluster = spawn(
    'node',
    [path.join(ROOT, 'examples', 'recorded-cluster', 'server.mjs')],
    { cwd: ROOT, env, stdio: 'inherit' },
  );
  const child = spawn('yarn', ['dev'], { cwd: ROOT, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      cluster.kill(signal);
      child.kill(signal);
    });
  }
  child.on('exit', code => {
    cluster.kill('SIGTERM');
    process.exit(code ?? 1);
  });
}

/**
 * Each suite writes a JSON report; the totals come from those reports, so a
 * suite that crashes before reporting counts as a failure, never as a pass.
 */
/**
 * The backend's load and fuzz suites saturate the CPU on purpose, so they
 * run after the other jest tests, one file at a time (`--runInBand`): they
 * never measure each other or slow the rest down.
 */
const HEAVY_JEST_TESTS =
  '/plugins/service-mesh-backend/src/(load|fuzz)\\.test\\.ts$';

const SUITES = [
  {
    name: 'unit and integration (jest)',
    report: 'jest.json',
    command: report => [
      'backstage-cli',
      'repo',
      'test',
      '--json',
      `--outputFile=${report}`,
    ],
    // Each run writes its own report; runSuite merges them into `report`.
    runs: [
      {
        report: 'jest-parallel.json',
        // The first pattern is jest's default, which a pattern given replaces.
        args: [
          '--testPathIgnorePatterns=/node_modules/',
          `--testPathIgnorePatterns=${HEAVY_JEST_TESTS}`,
        ],
      },
      { report: 'jest-heavy.json', args: ['--runInBand', HEAVY_JEST_TESTS] },
    ],
    merge: mergeJestReports,
    count: json => ({
      passed: json.numPassedTests,
      failed: json.numFailedTests + json.numRuntimeErrorTestSuites,
    }),
    byDatabase: true,
    // The Kubernetes backend in the observed-evidence tests loads
    // @kubernetes/client-node with a dynamic import(), which jest's VM
    // allows only with this flag.
    env: () => ({
      NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules']
        .filter(Boolean)
        .join(' '),
    }),
  },
  {
    name: 'browser (playwright)',
    report: 'playwright.json',
    command: () => ['playwright', 'test'],
    env: report => ({ PLAYWRIGHT_JSON_OUTPUT_NAME: report }),
    count: json => ({
      passed: json.stats.expected,
      failed: json.stats.unexpected + json.stats.flaky,
    }),
    // The portal's backend logs to a file (playwright.config.ts); on a
    // failure, its warnings, errors and Mesh Advisor lines tell what it did.
    onFailure: () => {
      const file = path.join(TEST_OUTPUT, 'e2e-backend.log');
      if (!fs.existsSync(file)) return;
      const lines = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map(line => line.replace(/\x1b\[[0-9;]*m/g, '')) // colours of the dev logger
        .filter(line =>
          // Of the access log, only Mesh Advisor requests that failed.
          /rootHttpRouter/.test(line)
            ? /service-mesh.*" [45]\d\d /.test(line)
            : /service-mesh|\b(warn|error)\b/.test(line),
        )
        .slice(-60);
      log(`The portal backend's log (${file}), filtered:`);
      for (const line of lines) console.log(`  ${line.slice(0, 400)}`);
    },
  },
  {
    // Backstage metadata as `backstage-cli repo fix --publish` writes it,
    // changesets that name only published packages, no ESLint error in any
    // package, and no unused export, file or dependency nor an unlisted
    // dependency (knip.config.ts); about 35 s.
    name: 'release metadata (repo fix, changesets, lint, knip)',
    report: 'knip.json',
    command: report => ['node', 'scripts/lib/release-metadata.mjs', report],
    count: json => ({ passed: json.passed, failed: json.failed }),
  },
  {
    // report.api.md / report-alpha.api.md of every published package must
    // match what it exports (scripts/lib/api-reports.mjs); when they drift,
    // the failure says to run `node scripts/mesh.mjs api-reports`.
    name: 'API reports',
    report: 'api-reports.json',
    command: report => ['node', 'scripts/lib/api-reports.mjs', '--ci', report],
    count: json => ({ passed: json.passed, failed: json.failed }),
  },
  {
    // The published packages built, packed and installed from their
    // tarballs into a separate create-app portal, whose backend answers and
    // whose app bundles the card (test/packaging/run.mjs).
    name: 'packaging (tarballs in a clean portal)',
    report: 'packaging.json',
    command: report => ['node', 'test/packaging/run.mjs', report],
    count: json => ({ passed: json.passed, failed: json.failed }),
  },
];

/**
 * The switch that proves `npm test` on a machine with only Node while
 * Debian's Chromium and PostgreSQL are installed: with
 * MESH_ADVISOR_IGNORE_SYSTEM_PACKAGES=1 both come from the npm registry.
 */
const IGNORE_SYSTEM_PACKAGES =
  process.env.MESH_ADVISOR_IGNORE_SYSTEM_PACKAGES === '1';

/** The browser (scripts/lib/browser.mjs), chosen with the project's Node. */
function resolveChromium(env) {
  const result = spawnSync(
    'node',
    [
      path.join(ROOT, 'scripts', 'lib', 'browser.mjs'),
      ...(IGNORE_SYSTEM_PACKAGES ? ['--ignore-system'] : []),
    ],
    { env, encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`no Chromium could be prepared: ${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

/** The test runs' own services: a PostgreSQL and a Chromium. */
async function prepareTestServices(env) {
  env.BACKSTAGE_TEST_DISABLE_DOCKER = '1';
  const services = { stop: async () => {} };
  if (!env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) {
    const postgres = await startPostgres({
      ignoreSystem: IGNORE_SYSTEM_PACKAGES,
    });
    env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING =
      postgres.connection;
    services.stop = postgres.stop;
    log(`Database tests: ${postgres.source}, and SQLite.`);
  }
  const chromium = resolveChromium(env);
  env.CHROMIUM_PATH = chromium.executablePath;
  env.CHROMIUM_ARGS = JSON.stringify(chromium.args);
  log(`Browser tests: ${chromium.source}.`);
  return services;
}

/** How many of jest's tests ran on each database (from the test names). */
function countByDatabase(jestReport) {
  const counts = { POSTGRES_15: 0, SQLITE_3: 0 };
  for (const file of jestReport.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'passed' && test.status !== 'failed') continue;
      for (const id of Object.keys(counts)) {
        if (test.fullName.includes(id)) counts[id] += 1;
      }
    }
  }
  return counts;
}

function runCommand(suite, report, args, env) {
  return new Promise(resolve => {
    // Asynchronous, so this process keeps serving the embedded PostgreSQL's
    // output pipes while a suite runs.
    const child = spawn('yarn', [...suite.command(report), ...args], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...env, CI: 'true', ...(suite.env?.(report) ?? {}) },
    });
    child.on('exit', (code, signal) => resolve(code ?? signal));
  });
}

/** jest reports of runs over disjoint test files, as one report. */
function mergeJestReports(reports) {
  const sum = key => reports.reduce((n, r) => n + (r[key] ?? 0), 0);
  const merged = { success: reports.every(r => r.success), testResults: [] };
  for (const key of Object.keys(reports[0])) {
    if (typeof reports[0][key] === 'number' && key.startsWith('num')) {
      merged[key] = sum(key);
    }
  }
  merged.startTime = Math.min(...reports.map(r => r.startTime));
  merged.testResults = reports.flatMap(r => r.testResults ?? []);
  return merged;
}

/**
 * Runs a suite; one with several `runs` runs them in turn and writes their
 * merged report only when every run wrote one (else the suite counts as failed).
 */
async function runSuite(suite, report, env) {
  if (!suite.runs) return runCommand(suite, report, [], env);
  let status = 0;
  const parts = [];
  for (const run of suite.runs) {
    const partReport = path.join(TEST_OUTPUT, run.report);
    fs.rmSync(partReport, { force: true });
    const runStatus = await runCommand(suite, partReport, run.args, env);
    if (status === 0) status = runStatus;
    try {
      parts.push(JSON.parse(fs.readFileSync(partReport, 'utf8')));
    } catch {
      log(`${suite.name}: ${run.report} was not written (exit ${runStatus})`);
    }
  }
  if (parts.length === suite.runs.length) {
    fs.writeFileSync(report, JSON.stringify(suite.merge(parts)));
  }
  return status;
}

async function test(env, only) {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  let services;
  try {
    services = await prepareTestServices(env);
  } catch (error) {
    fail(`The test services could not start: ${error.message}`);
  }
  const totals = { passed: 0, failed: 0 };
  const lines = [];
  for (const suite of SUITES.filter(s => !only || s.name.startsWith(only))) {
    const report = path.join(TEST_OUTPUT, suite.report);
    fs.rmSync(report, { force: true });
    log(`Running the ${suite.name} tests ...`);
    const started = Date.now();
    const status = await runSuite(suite, report, env);
    const seconds = Math.round((Date.now() - started) / 1000);
    let counts;
    let json;
    try {
      json = JSON.parse(fs.readFileSync(report, 'utf8'));
      counts = suite.count(json);
    } catch {
      counts = { passed: 0, failed: 1 };
      lines.push(
        `${suite.name}: no report was written (exit ${status}); counted as 1 failure`,
      );
    }
    if (status !== 0 && counts.failed === 0) {
      counts.failed = 1;
      lines.push(
        `${suite.name}: exited ${status} with no failed test; counted as 1 failure`,
      );
    }
    if (counts.failed > 0) suite.onFailure?.();
    lines.push(
      `${suite.name}: ${counts.passed} passed, ${counts.failed} failed in ${seconds} s`,
    );
    if (json && suite.byDatabase) {
      const byDatabase = countByDatabase(json);
      lines.push(
        `  of which database tests: ${byDatabase.POSTGRES_15} on PostgreSQL 15, ${byDatabase.SQLITE_3} on SQLite`,
      );
      if (byDatabase.POSTGRES_15 === 0) {
        counts.failed += 1;
        lines.push('  no test ran on PostgreSQL: counted as 1 failure');
      }
    }
    totals.passed += counts.passed;
    totals.failed += counts.failed;
  }
  await services.stop();
  for (const line of lines) log(line);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

const [command = 'start', ...rest] = process.argv.slice(2);
const env = ensureToolchain();
ensureInstalled(env);
switch (command) {
  case 'setup':
    break;
  case 'start':
    start(env);
    break;
  case 'test':
    await test(env, rest[0]);
    break;
  case 'api-reports': // rewrite report.api.md / report-alpha.api.md after an intended API change
    runOrFail('node', [path.join(ROOT, 'scripts', 'lib', 'api-reports.mjs')], {
      cwd: ROOT,
      env,
    });
    break;
  case 'exec': // run anything with the project's toolchain: `node scripts/mesh.mjs exec yarn tsc`
    runOrFail(rest[0], rest.slice(1), { cwd: process.cwd(), env });
    break;
  default:
    fail(
      `Unknown command "${command}". Accepted: start, test, setup, exec, api-reports.`,
    );
}
