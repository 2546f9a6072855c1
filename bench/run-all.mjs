#!/usr/bin/env node
/*
 * Every scale figure of Mesh Advisor in one run, each measured side by side
 * with the catalog operation it builds on, printed as one table with the
 * goal, the ratio and PASS/MISS per line.
 *
 *   node scripts/mesh.mjs exec node bench/run-all.mjs [options]
 *
 *   --components 10000   size of the synthetic catalog (bench/generate-catalog.mjs)
 *   --port 7027          port of the backend this script starts (must be free)
 *   --duration 10        seconds per autocannon measurement
 *   --connections 1,10   autocannon concurrency levels
 *   --page-size 500      page size of the refresh and of the bare catalog walk
 *   --walks 3            bare catalog walks (the median is the baseline)
 *   --skip-build         measure the card chunk in the existing packages/app/dist
 *   --profile            CPU-profile the backend during each phase (inspector
 *                        protocol) and print where the time goes
 *   --keep               keep the temp dir (catalog, config, backend log, profiles)
 *   --hold               after the table, keep the loaded backend running for
 *                        manual inspection until Ctrl-C (prints its service token)
 *
 * What it does:
 *  1. bench/evaluator.mjs (evaluator throughput on one core, common bundle size);
 *  2. `yarn workspace app build`, then the gzipped size of the JS chunk(s) that
 *     hold EntityServiceMeshCard (found by their source maps' sources / content);
 *  3. writes the synthetic catalog into a temp dir;
 *  4. starts the example backend (packages/backend, as playwright.config.ts
 *     does) on --port with an extra config: catalog.locations -> the generated
 *     files, serviceMesh.refresh on manual trigger, a static service token;
 *  5. waits until the catalog has ingested every entity and is idle;
 *  6. times the bare paged catalog walk (service token) and the full refresh
 *     (triggered through the scheduler's standard route
 *     POST /api/service-mesh/.backstage/scheduler/v1/tasks/<id>/trigger),
 *     sampling the backend's RSS every 200 ms;
 *  7. autocannon pairs: entity evaluation vs catalog by-name, dashboard page
 *     vs catalog by-query page;
 *  8. prints the table and stops the backend (its whole process group), also
 *     on failure or Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import YAML from 'yaml';
import { generateCatalog } from './generate-catalog.mjs';
import {
  draftBurst,
  entityRouteParts,
  getJson,
  guestToken,
  measurePair,
  ratio,
  systemOf,
} from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REFRESH_TASK_ID = 'service-mesh:refresh-evaluations';

const { values: args } = parseArgs({
  options: {
    components: { type: 'string', default: '10000' },
    port: { type: 'string', default: '7027' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,10' },
    'page-size': { type: 'string', default: '500' },
    walks: { type: 'string', default: '3' },
    'skip-build': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    hold: { type: 'boolean', default: false },
    'ingest-timeout': { type: 'string', default: '45' }, // minutes
  },
});
const PORT = Number(args.port);
const BASE = `http://localhost:${PORT}`;
const DURATION = Number(args.duration);
const CONNECTIONS = args.connections.split(',').map(Number);
const PAGE_SIZE = Number(args['page-size']);
const N = Number(args.components);

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s`;
const log = message => console.log(`[bench ${elapsed()}] ${message}`);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const fmtMs = ms => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
const fmtMiB = bytes => `${(bytes / 1048576).toFixed(0)} MiB`;
const fmtKiB = bytes => `${(bytes / 1024).toFixed(1)} KiB`;

/** Every line of the final table. */
const rows = [];
/** goal: { max } or { min } on the ratio (or on the value when no baseline). */
function addRow(label, ours, baseline, value, goal, format = v => v) {
  rows.push({ label, ours, baseline, value, goal, format });
}

const work = mkdtempSync(join(tmpdir(), 'mesh-bench-all-'));
let backend; // { pid, child, logFile }
let cleaningUp = false;

async function stopBackend() {
  if (!backend || backend.stopped) return;
  backend.stopped = true;
  const { pid, child } = backend;
  const exited = new Promise(r => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once('exit', r);
  });
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const done = await Promise.race([exited.then(() => true), sleep(15000)]);
  if (!done) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  log(`backend (process group ${pid}) stopped`);
}

async function cleanup() {
  if (cleaningUp) return;
  cleaningUp = true;
  try {
    inspector?.close();
  } catch {
    // already closed
  }
  await stopBackend();
  if (args.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    console.error(`\n${signal}: stopping the backend ...`);
    await cleanup();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------
// /proc helpers (Linux): RSS and CPU time of the backend process.

function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, ticks at 100 Hz
  } catch {
    return 0;
  }
}
/** Samples RSS every 200 ms until stopped; returns peak and CPU seconds used. */
function startSampler(pid) {
  const startRss = rssBytes(pid);
  const startCpu = cpuSeconds(pid);
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
  }, 200);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, rssBytes(pid));
    return { startRss, peakRss: peak, cpu: cpuSeconds(pid) - startCpu };
  };
}

// ---------------------------------------------------------------------------
// CPU profiles through the inspector protocol (only with --profile).

class Inspector {
  static async connect(port) {
    const [target] = await getJson(`http://127.0.0.1:${port}/json/list`);
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    return new Inspector(ws);
  }
  constructor(ws) {
    this.ws = ws;
    this.nextId = 1;
    this.pending = new Map();
    ws.onmessage = event => {
      const msg = JSON.parse(event.data);
      const p = msg.id && this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(msg.error.message));
        else p.resolve(msg.result);
      }
    };
  }
  send(method, params = {}) {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) =>
      this.pending.set(id, { resolve, reject }),
    );
  }
  close() {
    this.ws.close();
  }
}

let inspector;
async function profiled(name, fn) {
  if (!inspector) return fn();
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: 500 });
  await inspector.send('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await inspector.send('Profiler.stop');
    const file = join(work, 'profiles', `${name}.cpuprofile`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    profileReports.push({ name, file, text: summarizeProfile(profile) });
  }
}
const profileReports = [];

/** Self time by function and by package, and inclusive time of the product's own functions. */
function summarizeProfile(profile) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const frameKey = n => {
    const { functionName, url, lineNumber } = n.callFrame;
    const short = url
      .replace(/^file:\/\//, '')
      .replace(`${ROOT}/`, '')
      .replace(/.*node_modules\//, '');
    return `${functionName || '(anonymous)'} ${short}${
      url ? `:${lineNumber + 1}` : ''
    }`;
  };
  const packageOf = n => {
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    if (!url) return n.callFrame.functionName || '(native)';
    if (url.startsWith('node:')) return 'node core';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1];
    const p = /\/(plugins|packages)\/([^/]+)\//.exec(url);
    if (p) return `${p[1]}/${p[2]}`;
    return url;
  };
  const bySelf = new Map();
  const byPackage = new Map();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    bySelf.set(frameKey(n), (bySelf.get(frameKey(n)) ?? 0) + ms);
    byPackage.set(packageOf(n), (byPackage.get(packageOf(n)) ?? 0) + ms);
  }
  // Inclusive time of our own frames (plugins/*): self + descendants.
  const inclusive = new Map();
  const visit = (node, ancestors) => {
    let sum = self.get(node.id) ?? 0;
    const key = frameKey(node);
    const ours = /\/plugins\//.test(node.callFrame.url);
    const next = ours ? new Set([...ancestors, key]) : ancestors;
    for (const child of node.children ?? [])
      sum += visit(byId.get(child), next);
    if (ours && !ancestors.has(key)) {
      inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    }
    return sum;
  };
  visit(profile.nodes[0], new Set());
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, ms]) =>
          `    ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total)
            .toFixed(1)
            .padStart(5)}%  ${k}`,
      )
      .join('\n');
  return [
    `  sampled ${total.toFixed(0)} ms of backend main-thread time`,
    `  self time by package:`,
    top(byPackage, 12),
    `  self time by function:`,
    top(bySelf, 20),
    `  inclusive (synchronous) time of plugins/* functions:`,
    top(inclusive, 12),
  ].join('\n');
}

// ---------------------------------------------------------------------------

async function portFree(port) {
  return new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

function runEvaluatorBench() {
  log('bench/evaluator.mjs: evaluator throughput on one core ...');
  const res = spawnSync(process.execPath, [join(ROOT, 'bench/evaluator.mjs')], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  process.stdout.write(`${res.stdout.trimEnd().replace(/^/gm, '    ')}\n`);
  if (res.status !== 0)
    throw new Error(`bench/evaluator.mjs failed:\n${res.stderr}`);
  const rate = /median ([\d,]+)/.exec(res.stdout);
  const gz = /([\d.]+) KiB gzipped/.exec(res.stdout);
  addRow(
    'evaluator throughput, 1 core (evaluations/s, median)',
    Number(rate[1].replace(/,/g, '')),
    undefined,
    Number(rate[1].replace(/,/g, '')),
    { min: 50000, label: '≥ 50,000/s' },
    v => Math.round(v).toLocaleString('en-US'),
  );
  addRow(
    'common library browser bundle, gzipped',
    Number(gz[1]) * 1024,
    undefined,
    Number(gz[1]) * 1024,
    undefined,
    fmtKiB,
  );
}

function measureCardChunk() {
  const appDir = join(ROOT, 'packages/app');
  if (!args['skip-build']) {
    log('yarn workspace app build ...');
    const started = Date.now();
    const res = spawnSync('yarn', ['workspace', 'app', 'build'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: process.env,
    });
    if (res.status !== 0) {
      throw new Error(
        `yarn workspace app build failed (exit ${
          res.status
        }):\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`,
      );
    }
    log(`app built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const dir = join(appDir, 'dist/static');
  if (!existsSync(dir))
    throw new Error(`${dir} does not exist: build the app first`);
  const chunks = [];
  for (const file of readdirSync(dir).filter(f => f.endsWith('.js'))) {
    const js = readFileSync(join(dir, file));
    let holds = js.includes('EntityServiceMeshCard');
    const map = join(dir, `${file}.map`);
    if (!holds && existsSync(map)) {
      const { sources = [] } = JSON.parse(readFileSync(map, 'utf8'));
      holds = sources.some(s =>
        /plugins\/service-mesh\/src\/components\/EntityServiceMeshCard\//.test(
          s,
        ),
      );
    }
    if (holds) {
      chunks.push({
        file,
        bytes: js.length,
        gz: gzipSync(js, { level: 9 }).length,
      });
    }
  }
  // The app's entry chunk only references the card lazily; it is not the card's code.
  const card = chunks.filter(c => !/^main\./.test(c.file));
  if (card.length === 0)
    throw new Error('no JS chunk holds EntityServiceMeshCard');
  for (const c of card) {
    log(
      `card chunk ${c.file}: ${fmtKiB(c.bytes)} minified, ${fmtKiB(
        c.gz,
      )} gzipped`,
    );
  }
  const gz = card.reduce((a, c) => a + c.gz, 0);
  addRow(
    `EntityServiceMeshCard chunk(s), gzipped (${card
      .map(c => c.file)
      .join(', ')})`,
    gz,
    undefined,
    gz,
    undefined,
    fmtKiB,
  );
}

async function startBackend(catalog, serviceToken) {
  if (!(await portFree(PORT))) {
    throw new Error(`port ${PORT} is in use: pass --port with a free one`);
  }
  const config = {
    app: {
      baseUrl: BASE,
      // Do not rewrite packages/app/dist with this backend's URLs: other
      // portals (npm start, the browser tests) serve the same files.
      disableConfigInjection: true,
      disableStaticFallbackCache: true,
    },
    backend: {
      baseUrl: BASE,
      listen: { port: PORT },
      cors: { origin: BASE },
      auth: {
        // A service credential for the bare catalog walk and the scheduler trigger.
        externalAccess: [
          {
            type: 'static',
            options: { token: serviceToken, subject: 'mesh-bench' },
          },
        ],
      },
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'Domain',
            'API',
            'Resource',
            'Group',
            'User',
            'Location',
          ],
        },
      ],
      locations: catalog.files.map(target => ({ type: 'file', target })),
      // No re-processing of 11k entities every ~2 minutes in the middle of
      // the measurements: the first processing is all the benchmark needs.
      processingInterval: { hours: 24 },
    },
    serviceMesh: {
      refresh: {
        // Runs once right at start (on a still empty catalog), then only
        // when this script triggers it.
        frequency: { trigger: 'manual' },
        initialDelay: { seconds: 0 },
        timeout: { minutes: 30 },
        pageSize: PAGE_SIZE,
        // Change detection (bench/freshness.mjs measures it) would fill the
        // store during ingestion and run beside these measurements.
        // ISO strings: an object would merge with one set in app-config.yaml.
        changeDetection: { frequency: 'PT1H', initialDelay: 'PT1H' },
      },
    },
  };
  const configFile = join(work, 'app-config.bench.yaml');
  writeFileSync(configFile, YAML.stringify(config));
  const logFile = join(work, 'backend.log');
  const out = openSync(logFile, 'a');
  const inspectPort = PORT + 2;
  const nodeArgs = [
    ...(args.profile ? [`--inspect=127.0.0.1:${inspectPort}`] : []),
    '--enable-source-maps',
    '--require',
    '@backstage/cli-node/config/nodeTransform.cjs',
    'src/index.ts',
    '--config',
    '../../app-config.yaml',
    '--config',
    configFile,
  ];
  log(`starting the backend on ${BASE} (log: ${logFile}) ...`);
  const child = spawn(process.execPath, nodeArgs, {
    cwd: join(ROOT, 'packages/backend'),
    env: { ...process.env, NODE_ENV: 'development' },
    detached: true, // its own process group, stopped as a whole
    stdio: ['ignore', out, out],
  });
  backend = { pid: child.pid, child, logFile };
  child.once('exit', (code, signal) => {
    if (!backend.stopped) {
      console.error(
        `\nthe backend exited by itself (${
          code ?? signal
        }); last log lines:\n` +
          readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'),
      );
      backend.stopped = true;
    }
  });
  const started = Date.now();
  for (;;) {
    if (backend.stopped) throw new Error('the backend did not start');
    try {
      const res = await fetch(`${BASE}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 240_000)
      throw new Error('backend not ready after 240 s');
    await sleep(1000);
  }
  log(
    `backend ready in ${((Date.now() - started) / 1000).toFixed(
      0,
    )} s, RSS ${fmtMiB(rssBytes(child.pid))}`,
  );
  if (args.profile) inspector = await Inspector.connect(inspectPort);
}

async function waitForIngestion(catalog) {
  const expected = catalog.counts.Component;
  const expectedTotal = catalog.counts.total;
  const started = Date.now();
  const deadline = started + Number(args['ingest-timeout']) * 60_000;
  let token = await guestToken(BASE);
  let tokenAt = Date.now();
  let lastPrint = 0;
  let components = 0;
  let total = 0;
  log(
    `waiting for the catalog to ingest ${expected} components (${expectedTotal} entities) ...`,
  );
  while (components < expected || total < expectedTotal) {
    if (backend.stopped)
      throw new Error('the backend stopped during ingestion');
    if (Date.now() > deadline) {
      throw new Error(
        `ingestion incomplete after ${args['ingest-timeout']} min: ${components}/${expected} components`,
      );
    }
    if (Date.now() - tokenAt > 30 * 60_000) {
      token = await guestToken(BASE);
      tokenAt = Date.now();
    }
    try {
      components = (
        await getJson(
          `${BASE}/api/catalog/entities/by-query?filter=kind=component&limit=1`,
          token,
        )
      ).totalItems;
      // Config locations add Location entities of their own: count the generated kinds only.
      total = 0;
      for (const kind of [
        'component',
        'system',
        'domain',
        'api',
        'resource',
        'group',
        'user',
      ]) {
        total += (
          await getJson(
            `${BASE}/api/catalog/entities/by-query?filter=kind=${kind}&limit=1`,
            token,
          )
        ).totalItems;
      }
    } catch (error) {
      log(`(catalog not answering yet: ${error.message.slice(0, 120)})`);
    }
    if (Date.now() - lastPrint > 15_000) {
      lastPrint = Date.now();
      const s = (Date.now() - started) / 1000;
      log(
        `ingested ${components}/${expected} components, ${total}/${expectedTotal} entities after ${s.toFixed(
          0,
        )} s (${(total / Math.max(s, 1)).toFixed(
          0,
        )} entities/s), backend RSS ${fmtMiB(rssBytes(backend.pid))}`,
      );
    }
    if (components < expected || total < expectedTotal) await sleep(3000);
  }
  const ingestSeconds = (Date.now() - started) / 1000;
  log(
    `all ${total} entities readable after ${ingestSeconds.toFixed(
      0,
    )} s; waiting for the catalog to go idle ...`,
  );
  // Stitching and relation updates continue a while after the counts are reached.
  let quiet = 0;
  const settleStart = Date.now();
  while (quiet < 5 && Date.now() - settleStart < 600_000) {
    const before = cpuSeconds(backend.pid);
    await sleep(1000);
    const used = cpuSeconds(backend.pid) - before;
    quiet = used < 0.1 ? quiet + 1 : 0;
  }
  const settled = (Date.now() - started) / 1000;
  log(
    `catalog idle ${settled.toFixed(
      0,
    )} s after the backend was ready, RSS ${fmtMiB(rssBytes(backend.pid))}`,
  );
  addRow(
    'catalog ingestion of the generated catalog (s, until idle)',
    settled,
    undefined,
    settled,
    undefined,
    v => `${v.toFixed(0)} s`,
  );
  addRow(
    'backend RSS with the catalog loaded, idle',
    rssBytes(backend.pid),
    undefined,
    rssBytes(backend.pid),
    undefined,
    fmtMiB,
  );
}

async function bareWalk(serviceToken) {
  let cursor;
  let count = 0;
  let pages = 0;
  const started = performance.now();
  do {
    const url = cursor
      ? `${BASE}/api/catalog/entities/by-query?cursor=${encodeURIComponent(
          cursor,
        )}&limit=${PAGE_SIZE}`
      : `${BASE}/api/catalog/entities/by-query?filter=kind=component&limit=${PAGE_SIZE}`;
    const page = await getJson(url, serviceToken);
    count += page.items.length;
    pages += 1;
    cursor = page.pageInfo?.nextCursor;
  } while (cursor);
  return { ms: performance.now() - started, count, pages };
}

async function taskState(serviceToken) {
  const { tasks } = await getJson(
    `${BASE}/api/service-mesh/.backstage/scheduler/v1/tasks`,
    serviceToken,
  );
  return tasks.find(t => t.taskId === REFRESH_TASK_ID);
}

const REFRESH_LINE =
  /Refreshed service-mesh evaluations: (\d+) evaluated, (\d+) written, (\d+) removed in (\d+) ms(?: \(([^)]*)\))?/g;
function refreshLogLines() {
  return [...readFileSync(backend.logFile, 'utf8').matchAll(REFRESH_LINE)].map(
    m => ({
      evaluated: Number(m[1]),
      written: Number(m[2]),
      removed: Number(m[3]),
      ms: Number(m[4]),
      phases: m[5],
    }),
  );
}

async function waitTaskIdle(serviceToken) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const task = await taskState(serviceToken);
    if (!task)
      throw new Error(`task ${REFRESH_TASK_ID} not found in the scheduler`);
    if (
      task.workerState?.status === 'idle' &&
      task.taskState?.status !== 'running'
    )
      return task;
    if (Date.now() > deadline)
      throw new Error(
        `task ${REFRESH_TASK_ID} never went idle: ${JSON.stringify(task)}`,
      );
    await sleep(500);
  }
}

/** Triggers the refresh through the scheduler's route and waits for its log line. */
async function timedRefresh(serviceToken) {
  await waitTaskIdle(serviceToken);
  const before = refreshLogLines().length;
  const triggered = performance.now();
  const res = await fetch(
    `${BASE}/api/service-mesh/.backstage/scheduler/v1/tasks/${encodeURIComponent(
      REFRESH_TASK_ID,
    )}/trigger`,
    { method: 'POST', headers: { authorization: `Bearer ${serviceToken}` } },
  );
  if (!res.ok)
    throw new Error(`trigger answered ${res.status}: ${await res.text()}`);
  let runningSeen;
  const deadline = Date.now() + 30 * 60_000;
  let lastPrint = Date.now();
  for (;;) {
    const lines = refreshLogLines();
    if (lines.length > before) {
      const wall = performance.now() - triggered;
      return {
        ...lines[lines.length - 1],
        wallFromTrigger: wall,
        startDelay: runningSeen,
      };
    }
    if (runningSeen === undefined) {
      const task = await taskState(serviceToken).catch(() => undefined);
      if (task?.workerState?.status === 'running')
        runningSeen = performance.now() - triggered;
    }
    if (Date.now() > deadline)
      throw new Error('refresh did not finish within 30 min');
    if (backend.stopped)
      throw new Error('the backend stopped during the refresh');
    if (Date.now() - lastPrint > 15_000) {
      lastPrint = Date.now();
      log(
        `  refresh running for ${(
          (performance.now() - triggered) /
          1000
        ).toFixed(0)} s, RSS ${fmtMiB(rssBytes(backend.pid))}`,
      );
    }
    await sleep(200);
  }
}

async function refreshVersusWalk(serviceToken) {
  const walks = [];
  const refreshes = [];
  const walkOnce = async i => {
    const stop = startSampler(backend.pid);
    const w = await profiled(`walk-${i}`, () => bareWalk(serviceToken));
    const s = stop();
    walks.push({ ...w, ...s });
    log(
      `bare catalog walk ${i}: ${w.count} components in ${
        w.pages
      } pages of ${PAGE_SIZE}, ${fmtMs(w.ms)}, backend CPU ${s.cpu.toFixed(
        1,
      )} s, peak RSS ${fmtMiB(s.peakRss)}`,
    );
    if (w.count !== N)
      throw new Error(`the walk returned ${w.count} components, expected ${N}`);
  };
  const refreshOnce = async label => {
    const stop = startSampler(backend.pid);
    const r = await profiled(`refresh-${label}`, () =>
      timedRefresh(serviceToken),
    );
    const s = stop();
    refreshes.push({ label, ...r, ...s });
    log(
      `refresh (${label}): ${r.evaluated} evaluated, ${r.written} written, ${
        r.removed
      } removed in ${fmtMs(r.ms)} (logged by the task${
        r.phases ? `: ${r.phases}` : ''
      }; ${fmtMs(
        r.wallFromTrigger,
      )} from the trigger, the scheduler polls every 5 s), backend CPU ${s.cpu.toFixed(
        1,
      )} s, RSS ${fmtMiB(s.startRss)} -> peak ${fmtMiB(s.peakRss)}`,
    );
    if (r.evaluated !== N)
      throw new Error(
        `the refresh evaluated ${r.evaluated} components, expected ${N}`,
      );
  };

  const walkCount = Math.max(1, Number(args.walks));
  await walkOnce(1);
  await refreshOnce('first, writes every row');
  for (let i = 2; i <= walkCount; i++) await walkOnce(i);
  await refreshOnce('second, nothing changed');

  const sorted = [...walks].sort((a, b) => a.ms - b.ms);
  const walk = sorted[Math.floor((sorted.length - 1) / 2)];
  const [first, second] = refreshes;
  addRow(
    `full refresh of ${N} (first run, ${first.written} rows written) vs bare catalog walk (median of ${walks.length})`,
    first.ms,
    walk.ms,
    ratio(first.ms, walk.ms),
    { max: 2, label: '≤ 2.0×' },
    fmtMs,
  );
  addRow(
    `full refresh of ${N} (second run, ${second.written} rows written) vs bare catalog walk`,
    second.ms,
    walk.ms,
    ratio(second.ms, walk.ms),
    { max: 2, label: '≤ 2.0×' },
    fmtMs,
  );
  addRow(
    'backend CPU seconds: first refresh vs one walk',
    first.cpu,
    walk.cpu,
    ratio(first.cpu, walk.cpu),
    undefined,
    v => `${v.toFixed(1)} s`,
  );
  addRow(
    'peak backend RSS during the first refresh vs during a walk',
    first.peakRss,
    Math.max(...walks.map(w => w.peakRss)),
    ratio(first.peakRss, Math.max(...walks.map(w => w.peakRss))),
    undefined,
    fmtMiB,
  );
  addRow(
    'peak backend RSS during the second refresh',
    second.peakRss,
    undefined,
    second.peakRss,
    undefined,
    fmtMiB,
  );
}

async function routePairs(catalog, serviceToken) {
  const token = await guestToken(BASE);
  const list = await getJson(
    `${BASE}/api/service-mesh/v1/evaluations?limit=1`,
    token,
  );
  log(
    `dashboard store as the guest: ${
      list.totalItems
    } evaluations; verdicts ${list.facets.verdict
      .map(v => `${v.value} ${v.count}`)
      .join(', ')}`,
  );
  if (list.totalItems !== N)
    throw new Error(`the dashboard lists ${list.totalItems}, expected ${N}`);
  const ref = catalog.refs.richComponent;
  const pairs = [
    {
      name: `entity evaluation (${ref})`,
      short: 'entity evaluation vs catalog by-name',
      ours: `${BASE}/api/service-mesh/v1/entities/${ref}/evaluation`,
      catalog: `${BASE}/api/catalog/entities/by-name/${ref}`,
      goal: 1.3,
    },
    {
      name: 'dashboard page (verdict=istio&limit=100)',
      short: 'dashboard ?verdict=istio&limit=100 vs catalog by-query limit=100',
      ours: `${BASE}/api/service-mesh/v1/evaluations?verdict=istio&limit=100`,
      catalog: `${BASE}/api/catalog/entities/by-query?filter=kind=component&limit=100`,
      goal: 1.0,
    },
  ];
  for (const pair of pairs) {
    for (const connections of CONNECTIONS) {
      log(
        `autocannon: ${pair.name}, ${connections} connection(s), ${DURATION} s each (+2 s warm-up each) ...`,
      );
      const r = await profiled(
        `${pair.short.split(' ')[0]}-c${connections}`,
        () =>
          measurePair({
            ours: pair.ours,
            catalog: pair.catalog,
            token,
            connections,
            duration: DURATION,
          }),
      );
      const errors = r.ours.errors + r.catalog.errors;
      log(
        `  catalog ${Math.round(r.catalog.requestsPerSecond)} req/s p50 ${fmtMs(
          r.catalog.p50,
        )} p99 ${fmtMs(r.catalog.p99)} | ours ${Math.round(
          r.ours.requestsPerSecond,
        )} req/s p50 ${fmtMs(r.ours.p50)} p99 ${fmtMs(r.ours.p99)}${
          errors ? ` | ${errors} ERRORS` : ''
        }`,
      );
      for (const p of ['p50', 'p99']) {
        addRow(
          `${pair.short}, ${connections} conn, ${p}${
            errors ? ` (${errors} errors!)` : ''
          }`,
          r.ours[p],
          r.catalog[p],
          ratio(r.ours[p], r.catalog[p]),
          { max: pair.goal, label: `≤ ${pair.goal.toFixed(1)}×` },
          fmtMs,
        );
      }
      addRow(
        `${pair.short}, ${connections} conn, throughput`,
        r.ours.requestsPerSecond,
        r.catalog.requestsPerSecond,
        ratio(r.ours.requestsPerSecond, r.catalog.requestsPerSecond),
        undefined,
        v => `${Math.round(v)}/s`,
      );
    }
  }

  await rollupAndDraftBurst(ref, token);

  // Diagnostic, no goal: the same dashboard page for a service principal,
  // whose catalog read permission is ALLOW (no readable-refs filter), so the
  // cost of applying the guest's CONDITIONAL decision shows by difference.
  const connections = CONNECTIONS[0];
  log(
    `autocannon: dashboard page as a service principal (no permission conditions), ${connections} connection(s) ...`,
  );
  const r = await profiled(`dashboard-service-c${connections}`, () =>
    measurePair({
      ours: pairs[1].ours,
      catalog: pairs[1].catalog,
      token: serviceToken,
      connections,
      duration: DURATION,
    }),
  );
  log(
    `  catalog ${Math.round(r.catalog.requestsPerSecond)} req/s p50 ${fmtMs(
      r.catalog.p50,
    )} | ours ${Math.round(r.ours.requestsPerSecond)} req/s p50 ${fmtMs(
      r.ours.p50,
    )}`,
  );
  addRow(
    `(diagnostic) same dashboard pair as a service principal, ${connections} conn, p50`,
    r.ours.p50,
    r.catalog.p50,
    ratio(r.ours.p50, r.catalog.p50),
    undefined,
    fmtMs,
  );

  // Diagnostic, no goal: the parts the entity evaluation is built from, each
  // beside the catalog's by-name read.
  log(
    `autocannon: the entity route's parts beside catalog by-name, ${connections} connection(s) ...`,
  );
  const parts = await entityRouteParts({
    base: BASE,
    componentPath: ref,
    token,
    connections,
    duration: DURATION,
  });
  for (const [label, part] of [
    [
      'our request handling alone (GET /v1/clusters, none observed; no catalog read)',
      parts.ownHandling,
    ],
    [
      `the route's one catalog request (by-refs of the entity and ${parts.related} related refs)`,
      parts.byRefs,
    ],
  ]) {
    addRow(
      `(diagnostic) ${label} vs catalog by-name, ${connections} conn, p50`,
      part.p50,
      parts.byName.p50,
      ratio(part.p50, parts.byName.p50),
      undefined,
      fmtMs,
    );
  }
}

/**
 * The system roll-up beside the catalog read it builds on (the components of
 * that system, as the roll-up asks for them), and normal traffic (entity
 * evaluation) alone and during a burst of 10 clients posting drafts that
 * name 30,000 refs each.
 */
async function rollupAndDraftBurst(componentPath, token) {
  const system = await systemOf(BASE, componentPath, token);
  log(
    `roll-up of ${system.ref} (${system.components} components in the catalog)`,
  );
  for (const connections of CONNECTIONS) {
    log(
      `autocannon: system roll-up, ${connections} connection(s), ${DURATION} s each (+2 s warm-up each) ...`,
    );
    const r = await profiled(`rollup-c${connections}`, () =>
      measurePair({
        ours: `${BASE}/api/service-mesh/v1/systems/${system.path}/evaluation`,
        catalog: `${BASE}/api/catalog/entities?filter=kind=component,relations.partof=${encodeURIComponent(
          system.ref,
        )}`,
        token,
        connections,
        duration: DURATION,
      }),
    );
    const errors = r.ours.errors + r.catalog.errors;
    log(
      `  catalog ${Math.round(r.catalog.requestsPerSecond)} req/s p50 ${fmtMs(
        r.catalog.p50,
      )} | ours ${Math.round(r.ours.requestsPerSecond)} req/s p50 ${fmtMs(
        r.ours.p50,
      )} p99 ${fmtMs(r.ours.p99)}${errors ? ` | ${errors} ERRORS` : ''}`,
    );
    for (const p of ['p50', 'p99']) {
      addRow(
        `system roll-up (${
          system.components
        } components) vs catalog list of its components, ${connections} conn, ${p}${
          errors ? ` (${errors} errors!)` : ''
        }`,
        r.ours[p],
        r.catalog[p],
        ratio(r.ours[p], r.catalog[p]),
        undefined,
        fmtMs,
      );
    }
  }

  const connections = CONNECTIONS[CONNECTIONS.length - 1];
  log(
    `entity evaluation, ${connections} connection(s), alone and during 10 clients posting 30,000-ref drafts, ${DURATION} s each ...`,
  );
  const burst = await draftBurst({
    base: BASE,
    token,
    normalUrl: `${BASE}/api/service-mesh/v1/entities/${componentPath}/evaluation`,
    connections,
    duration: DURATION,
  });
  const answers = Object.entries(burst.drafts.statuses)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ');
  log(
    `  alone p50 ${fmtMs(burst.alone.p50)} | during the burst p50 ${fmtMs(
      burst.during.p50,
    )} (${burst.during.errors} errors) | drafts (${(
      burst.drafts.bytes / 1024
    ).toFixed(0)} KiB each): ${answers}, p50 ${fmtMs(burst.drafts.p50)}`,
  );
  for (const p of ['p50', 'p99']) {
    addRow(
      `entity evaluation during a burst of 30,000-ref drafts vs alone, ${connections} conn, ${p}${
        burst.during.errors ? ` (${burst.during.errors} errors!)` : ''
      }`,
      burst.during[p],
      burst.alone[p],
      ratio(burst.during[p], burst.alone[p]),
      undefined,
      fmtMs,
    );
  }
  addRow(
    `30,000-ref drafts (10 clients, back to back): answer p50; answers ${answers}`,
    burst.drafts.p50,
    undefined,
    undefined,
    undefined,
    fmtMs,
  );
}

function printTable() {
  const header = ['figure', 'ours', 'catalog', 'ratio', 'goal', 'result'];
  const lines = rows.map(r => {
    const hasBaseline = r.baseline !== undefined;
    let result = '';
    if (r.goal) {
      const v = r.value;
      const ok = r.goal.max !== undefined ? v <= r.goal.max : v >= r.goal.min;
      result = ok ? 'PASS' : 'MISS';
    }
    return [
      r.label,
      r.format(r.ours),
      hasBaseline ? r.format(r.baseline) : '',
      hasBaseline ? `${r.value.toFixed(2)}×` : '',
      r.goal?.label ?? '',
      result,
    ];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map(l => l[i].length)),
  );
  const fmt = cells =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ');
  console.log('');
  console.log(fmt(header));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
  const misses = rows
    .filter(r => r.goal)
    .filter(r =>
      r.goal.max !== undefined ? r.value > r.goal.max : r.value < r.goal.min,
    );
  console.log('');
  console.log(
    `${rows.filter(r => r.goal).length - misses.length} goals met, ${
      misses.length
    } missed`,
  );
}

async function main() {
  const cpu = cpus();
  console.log(
    `Mesh Advisor scale benchmarks — ${new Date().toISOString()} — ${
      cpu.length
    } cores (${cpu[0]?.model.trim()}), Node ${process.version}`,
  );
  runEvaluatorBench();
  measureCardChunk();

  log(`generating a catalog of ${N} components into ${work}/catalog ...`);
  const catalog = generateCatalog({
    dir: join(work, 'catalog'),
    components: N,
  });
  log(
    `generated ${Object.entries(catalog.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );

  const serviceToken = randomBytes(24).toString('hex');
  await startBackend(catalog, serviceToken);
  await waitForIngestion(catalog);
  await refreshVersusWalk(serviceToken);
  await routePairs(catalog, serviceToken);

  printTable();
  for (const p of profileReports) {
    console.log(
      `\nCPU profile of the backend during ${p.name}${
        args.keep ? ` (${p.file})` : ''
      }:\n${p.text}`,
    );
  }
  if (args.hold) {
    log(
      `--hold: backend on ${BASE} (pid ${backend.pid}, log ${backend.logFile}); service token: ${serviceToken}; Ctrl-C stops it`,
    );
    await new Promise(resolve => backend.child.once('exit', resolve));
  }
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  console.error(`\nbenchmark failed: ${error.stack ?? error}`);
  if (rows.length) printTable();
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
