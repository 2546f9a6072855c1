#!/usr/bin/env node
/*
 * Packaging proof: what an adopter gets from `yarn add`.
 *
 * Builds and packs the published plugin packages the way `yarn npm publish`
 * does (`backstage-cli package build`, then `yarn pack`, whose prepack swaps
 * in publishConfig and turns config.d.ts into config.schema.json), reads the
 * tarballs, then installs them into a separate portal of the create-app shape
 * in a temporary folder (its own root manifest, `packages/app` and
 * `packages/backend`, its own lockfile and .yarnrc.yml) and there:
 *   - checks the install reports no missing or incompatible peer dependency
 *     of ours (react, react-dom, react-router-dom);
 *   - runs `backstage-cli config:check`, once valid and once with a bad
 *     `serviceMesh` value that only our config schema can refuse;
 *   - type-checks the portal against the published `.d.ts` files (main and
 *     `/alpha` entries);
 *   - starts its backend (`packages/backend/src/index.ts` adds the plugin by
 *     package name) and calls the API as a user: a guest sign-in, then
 *     /v1/capabilities and one component's evaluation;
 *   - builds its app, which imports the card from the main entry and the
 *     plugin from `/alpha`, and looks for the card in the bundle.
 *
 * The install is fast because nothing is downloaded: the portal's lockfile is
 * seeded from the root yarn.lock and its manifests take the versions the
 * repository uses, so every package resolves to what Yarn's global cache
 * (~/.yarn/berry/cache, filled by the main install) already holds.
 *
 * Usage (from the repository root):
 *   node scripts/mesh.mjs exec node test/packaging/run.mjs [report.json]
 * Environment:
 *   BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING  the PostgreSQL the
 *     portal's backend uses (`npm test` starts one); without it one is started.
 *   MESH_ADVISOR_KEEP_PORTAL=1  keep the temporary portal to look into.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../../scripts/lib/postgres.mjs';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const TEMPLATE = path.join(ROOT, 'test', 'packaging', 'portal');
const LOG_DIR = path.join(ROOT, 'test', 'output', 'packaging');

/** The packages the README tells adopters to add, dependencies first. */
const PUBLISHED = [
  'plugins/service-mesh-common',
  'plugins/service-mesh-backend',
  'plugins/service-mesh',
];

/** What the portal's workspaces depend on, create-app style (versions below). */
const PORTAL_DEPENDENCIES = {
  root: {
    devDependencies: [
      '@backstage/cli',
      '@backstage/cli-defaults',
      'typescript',
    ],
  },
  app: {
    dependencies: [
      '@backstage/cli',
      '@backstage/core-compat-api',
      '@backstage/frontend-defaults',
      '@backstage/frontend-plugin-api',
      '@backstage/plugin-catalog',
      '@backstage/plugin-catalog-react',
      '@mesh-advisor/plugin-service-mesh',
      'react',
      'react-dom',
      'react-router',
      'react-router-dom',
    ],
    devDependencies: ['@types/react-dom'],
  },
  backend: {
    dependencies: [
      '@backstage/backend-defaults',
      '@backstage/plugin-auth-backend',
      '@backstage/plugin-auth-backend-module-guest-provider',
      '@backstage/plugin-catalog-backend',
      '@mesh-advisor/plugin-service-mesh-backend',
      'pg',
    ],
    devDependencies: ['@backstage/cli'],
  },
};

/** Peer dependencies an adopter's app provides for our frontend package. */
const APP_PEERS = ['react', 'react-dom', 'react-router-dom'];

const started = Date.now();
const checks = [];
const log = message => console.log(`[packaging] ${message}`);

/** Records a check; a failed one stops the run unless `goOn` says the next steps still mean something. */
function record(name, ok, detail, since, { goOn = false } = {}) {
  const seconds = Math.round((Date.now() - since) / 100) / 10;
  checks.push({ name, ok, detail, seconds });
  log(
    `${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)${
      detail ? `: ${detail}` : ''
    }`,
  );
  if (!ok && !goOn) throw new StepFailed(name);
}

class StepFailed extends Error {}

/** Runs a command; its output goes to test/output/packaging/<logName>.log. */
function run(command, args, { cwd, env = {}, logName, allowFailure = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    child.on('error', reject);
    child.on('exit', code => {
      fs.writeFileSync(path.join(LOG_DIR, `${logName}.log`), output);
      if (code !== 0 && !allowFailure) {
        reject(
          new Error(
            `\`${command} ${args.join(' ')}\` in ${cwd} exited ${code}; ` +
              `the end of its output (all of it in test/output/packaging/${logName}.log):\n` +
              output.split('\n').slice(-25).join('\n'),
          ),
        );
      } else {
        resolve({ code, output });
      }
    });
  });
}

const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));

/** The version range the repository itself uses for a dependency. */
function repositoryRanges() {
  const ranges = new Map();
  const manifests = [path.join(ROOT, 'package.json')];
  for (const parent of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(ROOT, parent))) {
      manifests.push(path.join(ROOT, parent, name, 'package.json'));
    }
  }
  for (const file of manifests) {
    if (!fs.existsSync(file)) continue;
    const manifest = readJson(file);
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        if (!range.startsWith('workspace:') && !ranges.has(name)) {
          ranges.set(name, range);
        }
      }
    }
  }
  return ranges;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Build and pack: returns { name: tarball path } and each tarball's manifest. */
async function buildAndPack(workDir) {
  let since = Date.now();
  // Declarations into dist-types, which `package build` rolls into dist/*.d.ts.
  // tsc writes them even when it finds type errors: those count as a failure
  // and the packaging goes on, so one run reports both.
  const tsc = await run('yarn', ['tsc'], {
    cwd: ROOT,
    logName: 'tsc',
    allowFailure: true,
  });
  const typeErrors = tsc.output.match(/Found \d+ errors?[^\n]*/)?.[0];
  record(
    'the repository type-checks (yarn tsc, which writes the declarations the build rolls up)',
    tsc.code === 0,
    tsc.code === 0
      ? ''
      : `${typeErrors ?? `exit ${tsc.code}`}; test/output/packaging/tsc.log`,
    since,
    { goOn: true },
  );
  since = Date.now();
  for (const dir of PUBLISHED) {
    await run('yarn', ['backstage-cli', 'package', 'build'], {
      cwd: path.join(ROOT, dir),
      logName: `build-${path.basename(dir)}`,
    });
  }
  record(
    'build (backstage-cli package build)',
    true,
    PUBLISHED.join(', '),
    since,
  );

  since = Date.now();
  const tarballDir = path.join(workDir, 'tarballs');
  fs.mkdirSync(tarballDir);
  const packed = {};
  for (const dir of PUBLISHED) {
    const { name, version } = readJson(path.join(ROOT, dir, 'package.json'));
    const file = path.join(
      tarballDir,
      `${name.replace('@', '').replace('/', '-')}-${version}.tgz`,
    );
    // yarn pack, as `yarn npm publish` does: prepack applies publishConfig
    // and workspace: ranges become the real versions.
    await run('yarn', ['pack', '--out', file], {
      cwd: path.join(ROOT, dir),
      logName: `pack-${path.basename(dir)}`,
    });
    packed[name] = { file, dir };
  }
  record('pack (yarn pack)', true, Object.keys(packed).join(', '), since);

  since = Date.now();
  const problems = [];
  for (const [name, { file }] of Object.entries(packed)) {
    const { output: listing } = await run('tar', ['tzf', file], {
      cwd: workDir,
      logName: 'tar',
    });
    const files = new Set(
      listing
        .split('\n')
        .filter(Boolean)
        .map(f => f.replace(/^package\//, '')),
    );
    const { output: manifestText } = await run(
      'tar',
      ['xzf', file, '-O', 'package/package.json'],
      { cwd: workDir, logName: 'tar' },
    );
    const manifest = JSON.parse(manifestText);
    packed[name].manifest = manifest;
    const where = `${name} tarball`;
    for (const f of files) {
      if (/^src\/|\.test\.|__fixtures__|__schemas__/.test(f)) {
        problems.push(`${where} ships ${f} (only built files belong in it)`);
      }
    }
    for (const field of ['dependencies', 'peerDependencies']) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
        if (range.startsWith('workspace:')) {
          problems.push(`${where}: ${field}.${dep} is "${range}"`);
        }
      }
    }
    const entryFiles = [manifest.main, manifest.types, manifest.module];
    for (const target of Object.values(manifest.exports ?? {})) {
      if (typeof target === 'string') entryFiles.push(target);
      else
        entryFiles.push(
          ...Object.values(target).filter(t => t.startsWith('./')),
        );
    }
    for (const entry of entryFiles.filter(Boolean)) {
      if (!files.has(entry.replace(/^\.\//, ''))) {
        problems.push(`${where}: entry ${entry} is not in the tarball`);
      }
    }
    if (manifest.backstage?.pluginId !== 'service-mesh') {
      problems.push(
        `${where}: backstage.pluginId is ${manifest.backstage?.pluginId}`,
      );
    }
  }
  const backend = packed['@mesh-advisor/plugin-service-mesh-backend'].manifest;
  if (!backend.configSchema || !backend.files.includes(backend.configSchema)) {
    problems.push(
      `backend tarball: configSchema "${
        backend.configSchema
      }" is not among its files ${JSON.stringify(backend.files)}`,
    );
  }
  if (!backend.files.includes('migrations')) {
    problems.push('backend tarball: migrations/ is not among its files');
  }
  const frontend = packed['@mesh-advisor/plugin-service-mesh'].manifest;
  if (!frontend.exports?.['./alpha']) {
    problems.push('frontend tarball: no ./alpha export');
  }
  for (const peer of APP_PEERS) {
    if (!frontend.peerDependencies?.[peer]) {
      problems.push(`frontend tarball: ${peer} is not a peer dependency`);
    }
    if (frontend.dependencies?.[peer]) {
      problems.push(
        `frontend tarball: ${peer} is a dependency (the app's copy must be used)`,
      );
    }
  }
  record(
    'tarball contents (files, entries, no workspace: ranges, config schema, peers)',
    problems.length === 0,
    problems.join('; '),
    since,
  );
  return packed;
}

/** Whether portalDir and Yarn's global folder (its hardlink store) share a filesystem. */
function sameFilesystemAsYarnStore(portalDir) {
  const result = spawnSync('yarn', ['config', 'get', 'globalFolder'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const globalFolder = result.stdout?.trim();
  if (result.status !== 0 || !globalFolder || !fs.existsSync(globalFolder)) {
    return false;
  }
  return fs.statSync(globalFolder).dev === fs.statSync(portalDir).dev;
}

/** Writes the adopter's portal into portalDir. */
function writePortal(portalDir, packed, { port, database }) {
  const ranges = repositoryRanges();
  const versions = names =>
    Object.fromEntries(
      names.map(name => {
        if (packed[name]) return [name, `^${packed[name].manifest.version}`];
        const range = ranges.get(name);
        if (!range)
          throw new Error(
            `No version of ${name} in the repository's manifests`,
          );
        return [name, range];
      }),
    );
  const write = (file, content) => {
    fs.mkdirSync(path.dirname(path.join(portalDir, file)), { recursive: true });
    fs.writeFileSync(
      path.join(portalDir, file),
      typeof content === 'string'
        ? content
        : `${JSON.stringify(content, null, 2)}\n`,
    );
  };
  const rootManifest = readJson(path.join(ROOT, 'package.json'));
  write('package.json', {
    name: 'adopter-portal',
    version: '1.0.0',
    private: true,
    engines: { node: '22 || 24' },
    scripts: { tsc: 'tsc', 'build:backend': 'yarn workspace backend build' },
    workspaces: ['packages/*'],
    devDependencies: versions(PORTAL_DEPENDENCIES.root.devDependencies),
    // The tarballs stand in for the npm registry: what `yarn add` would
    // fetch once the packages are published.
    resolutions: {
      ...rootManifest.resolutions,
      ...Object.fromEntries(
        Object.entries(packed).map(([name, { file }]) => [
          name,
          `file:${file}`,
        ]),
      ),
    },
    packageManager: rootManifest.packageManager,
  });
  write(
    '.yarnrc.yml',
    [
      'nodeLinker: node-modules',
      'enableTelemetry: false',
      // The cache the main install filled; nothing new is downloaded.
      'enableGlobalCache: true',
      // Files hardlinked from Yarn's global store instead of copied out of the
      // cache's zips: the link step takes seconds, not minutes. Safe here:
      // Yarn 4 runs no dependency build scripts unless enableScripts says so.
      // Hardlinks need one filesystem; a tmpfs /tmp gets copies.
      `nmMode: ${
        sameFilesystemAsYarnStore(portalDir) ? 'hardlinks-global' : 'classic'
      }`,
      'npmMinimalAgeGate: 3d',
      'npmPreapprovedPackages:',
      "  - '@backstage/*'",
      '',
    ].join('\n'),
  );
  fs.copyFileSync(
    path.join(ROOT, 'yarn.lock'),
    path.join(portalDir, 'yarn.lock'),
  );
  write('tsconfig.json', {
    extends: '@backstage/cli/config/tsconfig.json',
    include: ['packages/*/src'],
    exclude: ['node_modules'],
    compilerOptions: {
      outDir: 'dist-types',
      rootDir: '.',
      jsx: 'react-jsx',
      noEmit: true,
      // The portal has no tests, so no jest types.
      types: ['node', 'webpack-env'],
    },
  });
  write(
    'app-config.yaml',
    [
      'app:',
      '  title: Adopter portal',
      '  baseUrl: http://localhost:3000',
      'backend:',
      `  baseUrl: http://localhost:${port}`,
      '  listen:',
      `    port: ${port}`,
      '  database:',
      '    client: pg',
      `    connection: '${database}'`,
      // Its own databases in a PostgreSQL that other tests may share.
      `    prefix: adopter_${process.pid}_`,
      'auth:',
      '  providers:',
      '    guest: {}',
      'catalog:',
      '  rules:',
      '    - allow: [Component, Group]',
      '  locations:',
      '    - type: file',
      '      target: ../../catalog.yaml',
      'serviceMesh:',
      '  allowedMeshes: [istio, linkerd]',
      "  targets: { istio: '1.28' }",
      '',
    ].join('\n'),
  );
  // A value the portal's own config has no say over: only the backend
  // package's config schema (config.d.ts, shipped as config.schema.json)
  // can refuse it.
  write('app-config.bad.yaml', 'serviceMesh:\n  allowedMeshes: [consul]\n');
  fs.copyFileSync(
    path.join(TEMPLATE, 'catalog.yaml'),
    path.join(portalDir, 'catalog.yaml'),
  );

  write('packages/app/package.json', {
    name: 'app',
    version: '0.0.0',
    private: true,
    bundled: true,
    backstage: { role: 'frontend' },
    scripts: {
      start: 'backstage-cli package start',
      build: 'backstage-cli package build',
    },
    dependencies: versions(PORTAL_DEPENDENCIES.app.dependencies),
    devDependencies: versions(PORTAL_DEPENDENCIES.app.devDependencies),
    browserslist: {
      production: ['>0.2%', 'not dead', 'not op_mini all'],
      development: ['last 1 chrome version'],
    },
  });
  fs.cpSync(path.join(TEMPLATE, 'app'), path.join(portalDir, 'packages/app'), {
    recursive: true,
  });

  write('packages/backend/package.json', {
    name: 'backend',
    version: '0.0.0',
    private: true,
    main: 'dist/index.cjs.js',
    types: 'src/index.ts',
    backstage: { role: 'backend' },
    scripts: {
      start: 'backstage-cli package start',
      build: 'backstage-cli package build',
    },
    dependencies: versions(PORTAL_DEPENDENCIES.backend.dependencies),
    devDependencies: versions(PORTAL_DEPENDENCIES.backend.devDependencies),
  });
  fs.cpSync(
    path.join(TEMPLATE, 'backend'),
    path.join(portalDir, 'packages/backend'),
    {
      recursive: true,
    },
  );
}

async function install(portalDir) {
  const since = Date.now();
  const { output } = await run('yarn', ['install'], {
    cwd: portalDir,
    // `npm test` runs with CI=true, which makes Yarn refuse any lockfile
    // change; the seeded lockfile must gain the tarballs and the portal's
    // own workspaces.
    env: { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
    logName: 'portal-install',
  });
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  // "N packages were added to the project": only the three tarballs should
  // be new to the cache; everything else comes from the main install.
  const added = /(\d+) packages? (were|was) added to the project[^\n]*/.exec(
    plain,
  );
  record(
    'install the tarballs into a clean create-app portal (yarn install)',
    true,
    added
      ? `${added[0]} (the tarballs; the rest from the cache)`
      : 'nothing new in the cache',
    since,
  );

  const peerSince = Date.now();
  // YN0002: a package does not provide a peer its dependency asks for;
  // YN0060: a provided peer is outside the requested range. Either one
  // about our packages, or about the app failing a peer we request, is an
  // adopter's warning we caused.
  const ours = plain
    .split('\n')
    .filter(l => /YN00(02|60)/.test(l) && /@mesh-advisor\//.test(l))
    .map(l => l.replace(/^.*?YN00\d\d: │?\s*/, ''));
  record(
    'no missing or incompatible peer dependency involving our packages',
    ours.length === 0,
    ours.join(' | '),
    peerSince,
  );
}

async function configCheck(portalDir) {
  const since = Date.now();
  // --strict: without it config:check only warns about schema errors.
  await run(
    'yarn',
    [
      'backstage-cli',
      'config:check',
      '--strict',
      '--config',
      'app-config.yaml',
    ],
    {
      cwd: portalDir,
      logName: 'portal-config-check',
    },
  );
  const bad = await run(
    'yarn',
    [
      'backstage-cli',
      'config:check',
      '--strict',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.bad.yaml',
    ],
    { cwd: portalDir, logName: 'portal-config-check-bad', allowFailure: true },
  );
  const refused =
    bad.code !== 0 && /serviceMesh\/allowedMeshes/.test(bad.output);
  record(
    "config:check reads the backend's config schema (valid config passes, allowedMeshes: [consul] is refused)",
    refused,
    refused ? '' : `exit ${bad.code}: ${bad.output.slice(-400)}`,
    since,
  );
}

async function typeCheck(portalDir) {
  const since = Date.now();
  await run('yarn', ['tsc'], { cwd: portalDir, logName: 'portal-tsc' });
  record(
    'the portal type-checks against the published .d.ts (main and /alpha entries)',
    true,
    '',
    since,
  );
}

async function backendAnswers(portalDir, port) {
  let since = Date.now();
  const backend = spawn('yarn', ['start'], {
    cwd: path.join(portalDir, 'packages', 'backend'),
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, stopped as one below
  });
  const out = fs.createWriteStream(path.join(LOG_DIR, 'portal-backend.log'));
  backend.stdout.pipe(out);
  backend.stderr.pipe(out);
  let exited;
  backend.on('exit', code => (exited = code ?? 'signal'));
  const base = `http://localhost:${port}`;
  const api = `${base}/api/service-mesh`;
  try {
    // Up when the plugin refuses an anonymous caller.
    let anonymous;
    while (Date.now() - since < 180_000 && exited === undefined) {
      anonymous = await fetch(`${api}/v1/capabilities`).catch(() => undefined);
      if (anonymous && anonymous.status !== 404 && anonymous.status !== 503)
        break;
      await sleep(1000);
    }
    record(
      "the portal's backend starts with the plugin added by package name, and refuses an anonymous caller",
      anonymous?.status === 401,
      anonymous
        ? `GET /api/service-mesh/v1/capabilities without a token: ${anonymous.status}`
        : `no answer (backend ${
            exited === undefined
              ? 'still starting after 180 s'
              : `exited ${exited}`
          }; test/output/packaging/portal-backend.log)`,
      since,
    );

    since = Date.now();
    const signIn = await fetch(
      `${base}/api/auth/guest/refresh?env=development`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      },
    );
    const token = signIn.ok
      ? (await signIn.json()).backstageIdentity.token
      : undefined;
    const headers = { authorization: `Bearer ${token}` };
    const capabilities = await fetch(`${api}/v1/capabilities`, { headers });
    const body = capabilities.ok ? await capabilities.json() : {};
    const count = Array.isArray(body.capabilities)
      ? body.capabilities.length
      : 0;
    record(
      'a signed-in user reads /v1/capabilities',
      capabilities.status === 200 &&
        count > 0 &&
        typeof body.rulesVersion === 'string',
      `guest sign-in ${signIn.status}, capabilities ${capabilities.status}: ${count} facts, rules ${body.rulesVersion}`,
      since,
    );

    // The catalog reads catalog.yaml shortly after start; the evaluation
    // of its component comes from the installed common package's evaluator.
    since = Date.now();
    let evaluation;
    let status;
    while (Date.now() - since < 60_000) {
      const res = await fetch(
        `${api}/v1/entities/component/default/checkout/evaluation`,
        { headers },
      );
      status = res.status;
      if (res.ok) {
        evaluation = await res.json();
        break;
      }
      await sleep(1000);
    }
    record(
      "a signed-in user reads the evaluation of a component from the portal's catalog",
      evaluation?.entityRef === 'component:default/checkout' &&
        typeof evaluation?.verdict === 'string',
      evaluation
        ? `verdict ${evaluation.verdict}`
        : `last answer ${status} after 60 s`,
      since,
    );
  } finally {
    if (exited === undefined) {
      try {
        process.kill(-backend.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([
        new Promise(r => backend.on('exit', r)),
        sleep(10_000),
      ]);
    }
  }
}

async function appBundles(portalDir) {
  const since = Date.now();
  const appDir = path.join(portalDir, 'packages', 'app');
  await run('yarn', ['build'], { cwd: appDir, logName: 'portal-app-build' });
  const staticDir = path.join(appDir, 'dist', 'static');
  const bundle = fs
    .readdirSync(staticDir)
    .filter(f => f.endsWith('.js'))
    .map(f => fs.readFileSync(path.join(staticDir, f), 'utf8'))
    .join('\n');
  // Strings only the card and the /alpha plugin hold: the full card's
  // title, the summary card's extension name, the pluginId.
  const markers = [
    'Service mesh fit',
    'component-summary',
    'service-mesh',
    'adopter-service-mesh',
  ];
  const missing = markers.filter(m => !bundle.includes(m));
  record(
    "the portal's app bundles the card (main entry) and the plugin (/alpha)",
    missing.length === 0,
    missing.length
      ? `not in the bundle: ${missing.join(', ')}`
      : `${markers.length} markers found`,
    since,
  );
}

/**
 * The tarballs land in Yarn's global cache under a new name each run (their
 * checksum changes with every build): remove those, keep everything else.
 */
function removeOwnCacheEntries(portalDir) {
  if (!fs.existsSync(path.join(portalDir, '.yarnrc.yml'))) return;
  const result = spawnSync('yarn', ['config', 'get', 'cacheFolder'], {
    cwd: portalDir,
    encoding: 'utf8',
  });
  const cacheFolder = result.stdout?.trim();
  if (result.status !== 0 || !cacheFolder || !fs.existsSync(cacheFolder))
    return;
  for (const name of fs.readdirSync(cacheFolder)) {
    if (
      /^@mesh-advisor-plugin-service-mesh.*-file-[0-9a-f]+-[0-9a-z]+\.zip$/.test(
        name,
      )
    ) {
      fs.rmSync(path.join(cacheFolder, name), { force: true });
    }
  }
}

async function main() {
  const reportFile = process.argv[2];
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const workDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'mesh-advisor-packaging-'),
  );
  const portalDir = path.join(workDir, 'portal');
  let postgres;

  try {
    let database =
      process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
    if (!database) {
      postgres = await startPostgres();
      database = postgres.connection;
    }
    const port = await freePort();
    const packed = await buildAndPack(workDir);
    writePortal(portalDir, packed, { port, database });
    log(`The adopter's portal: ${portalDir}`);
    await install(portalDir);
    await configCheck(portalDir);
    await typeCheck(portalDir);
    await backendAnswers(portalDir, port);
    await appBundles(portalDir);
  } catch (e) {
    if (!(e instanceof StepFailed)) {
      checks.push({
        name: 'packaging run',
        ok: false,
        detail: e.message,
        seconds: 0,
      });
      console.error(`[packaging] FAIL ${e.message}`);
    }
  } finally {
    await postgres?.stop();
    removeOwnCacheEntries(portalDir);
    if (process.env.MESH_ADVISOR_KEEP_PORTAL === '1') {
      log(`Kept ${workDir}`);
    } else {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const report = {
    passed: checks.filter(c => c.ok).length,
    failed: checks.filter(c => !c.ok).length,
    seconds,
    checks,
  };
  if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  log(`${report.passed} passed, ${report.failed} failed in ${seconds} s`);
  process.exit(report.failed > 0 ? 1 : 0);
}

await main();
