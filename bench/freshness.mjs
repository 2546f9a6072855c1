#!/usr/bin/env node
/*
 * Freshness of the dashboard (issue #15) at 10,000 components, in one run:
 *
 *  1. the cost of change detection (which fills the store while the catalog
 *     ingests: no full refresh is triggered at all): idle passes (nothing changed), observed
 *     on their own schedule through the scheduler's task state, side by side
 *     with bare paged walks of the catalog (the same walk as run-all.mjs:
 *     whole components, page size 500, service token). Printed per pass and
 *     per minute at the pass's interval, with the ratio;
 *  2. the freshness delay: a component added to, changed in and removed from
 *     the catalog; the time from the catalog showing the change to the
 *     dashboard list showing it, without triggering any refresh.
 *
 *   node scripts/mesh.mjs exec node bench/freshness.mjs [--components 10000]
 *     [--port 7037] [--page-size 500] [--passes 3] [--interval 30] [--keep]
 *
 * It starts the example backend itself as run-all.mjs does (own process
 * group, generated config over app-config.yaml, catalog re-processing held
 * back for a day, full refresh on manual trigger).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { generateCatalog } from './generate-catalog.mjs';
import { getJson, ratio } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DETECT_TASK_ID = 'service-mesh:detect-changes';

const { values: args } = parseArgs({
  options: {
    components: { type: 'string', default: '10000' },
    port: { type: 'string', default: '7037' },
    'page-size': { type: 'string', default: '500' },
    passes: { type: 'string', default: '3' },
    interval: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(args.components);
const PORT = Number(args.port);
const BASE = `http://localhost:${PORT}`;
const PAGE_SIZE = Number(args['page-size']);
const INTERVAL_S = Number(args.interval);
const GOAL_S = 120;

const t0 = Date.now();
const log = m =>
  console.log(
    `[freshness ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}`,
  );
const sleep = ms => new Promise(r => setTimeout(r, ms));
const median = values =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

const work = mkdtempSync(join(tmpdir(), 'mesh-bench-freshness-'));
const freshFile = join(work, 'fresh.yaml');
let backend;

function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

async function stopBackend() {
  if (!backend || backend.stopped) return;
  backend.stopped = true;
  try {
    process.kill(-backend.pid, 'SIGTERM');
  } catch {
    return;
  }
  const exited = new Promise(r => backend.child.once('exit', r));
  if (!(await Promise.race([exited.then(() => true), sleep(15000)]))) {
    try {
      process.kill(-backend.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    await stopBackend();
    process.exit(130);
  });
}

function writeFresh(needs) {
  writeFileSync(
    freshFile,
    needs === undefined
      ? ''
      : YAML.stringify({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'bench-fresh',
            annotations: { 'mesh-advisor.io/needs': needs },
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: 'group:default/bench-fresh-team',
          },
        }),
  );
}

async function startBackend(catalog, token) {
  const config = {
    app: { baseUrl: BASE, disableConfigInjection: true },
    backend: {
      baseUrl: BASE,
      listen: { port: PORT },
      cors: { origin: BASE },
      // Idle passes log at debug: their lines give each pass's time.
      logger: {
        overrides: [{ matchers: { plugin: 'service-mesh' }, level: 'debug' }],
      },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'mesh-bench' } },
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
      locations: [...catalog.files, freshFile].map(target => ({
        type: 'file',
        target,
      })),
      processingInterval: { hours: 24 },
    },
    serviceMesh: {
      refresh: {
        frequency: { trigger: 'manual' },
        initialDelay: { seconds: 0 },
        timeout: { minutes: 30 },
        pageSize: PAGE_SIZE,
        // ISO strings: an object would merge with one set in app-config.yaml.
        changeDetection: {
          frequency: `PT${INTERVAL_S}S`,
          initialDelay: 'PT0S',
        },
      },
    },
  };
  const configFile = join(work, 'app-config.freshness.yaml');
  writeFileSync(configFile, YAML.stringify(config));
  const logFile = join(work, 'backend.log');
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli-node/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: join(ROOT, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      detached: true,
      stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
    },
  );
  backend = { pid: child.pid, child, logFile };
  child.once('exit', code => {
    if (!backend.stopped) {
      console.error(`the backend exited (${code}); see ${logFile}`);
      backend.stopped = true;
    }
  });
  for (const started = Date.now(); ; ) {
    if (backend.stopped) throw new Error('the backend did not start');
    const ok = await fetch(`${BASE}/.backstage/health/v1/readiness`).then(
      r => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() - started > 240_000)
      throw new Error('backend not ready after 240 s');
    await sleep(1000);
  }
  log(`backend ready (log: ${logFile})`);
}

const countOf = async (token, filter) =>
  (
    await getJson(
      `${BASE}/api/catalog/entities/by-query?filter=${filter}&limit=1`,
      token,
    )
  ).totalItems;

async function waitForIngestion(catalog, token) {
  const started = Date.now();
  for (let last = 0; ; ) {
    const components = await countOf(token, 'kind=component').catch(() => 0);
    if (components >= catalog.counts.Component) break;
    if (Date.now() - last > 15_000) {
      last = Date.now();
      log(`ingested ${components}/${catalog.counts.Component} components`);
    }
    if (Date.now() - started > 30 * 60_000)
      throw new Error('ingestion incomplete after 30 min');
    await sleep(3000);
  }
  // Stitching goes on a while after the counts are reached: wait for an idle backend.
  for (let quiet = 0; quiet < 5; ) {
    const before = cpuSeconds(backend.pid);
    await sleep(1000);
    quiet = cpuSeconds(backend.pid) - before < 0.1 ? quiet + 1 : 0;
  }
  log(
    `catalog ingested and idle after ${((Date.now() - started) / 1000).toFixed(
      0,
    )} s`,
  );
}

async function task(token, id) {
  const { tasks } = await getJson(
    `${BASE}/api/service-mesh/.backstage/scheduler/v1/tasks`,
    token,
  );
  return tasks.find(t => t.taskId === id);
}

const PASS_LINE =
  /Detected service-mesh catalog changes: (\d+) checked, (\d+) changed, (\d+) written, (\d+) removed in (\d+) ms/g;
const passLines = () => [
  ...readFileSync(backend.logFile, 'utf8').matchAll(PASS_LINE),
];

/**
 * The next change-detection pass on its own schedule: its time as it logs
 * it, and the backend's CPU from just before it started (last idle poll of
 * the task) to its log line.
 */
async function observePass(token) {
  const before = passLines().length;
  let cpuAtStart = cpuSeconds(backend.pid);
  for (;;) {
    const lines = passLines();
    if (lines.length > before) {
      const m = lines[lines.length - 1];
      return {
        ms: Number(m[5]),
        cpu: cpuSeconds(backend.pid) - cpuAtStart,
        checked: Number(m[1]),
        changed: Number(m[2]),
      };
    }
    const s = await task(token, DETECT_TASK_ID);
    if (s?.taskState?.status !== 'running' && passLines().length === before) {
      cpuAtStart = cpuSeconds(backend.pid);
    }
    if (backend.stopped) throw new Error('backend stopped');
    await sleep(50);
  }
}

/** The same bare walk as run-all.mjs: whole components, page by page. */
async function bareWalk(token) {
  const cpu = cpuSeconds(backend.pid);
  const started = performance.now();
  let cursor;
  let count = 0;
  do {
    const url = cursor
      ? `${BASE}/api/catalog/entities/by-query?cursor=${encodeURIComponent(
          cursor,
        )}&limit=${PAGE_SIZE}`
      : `${BASE}/api/catalog/entities/by-query?filter=kind=component&limit=${PAGE_SIZE}`;
    const page = await getJson(url, token);
    count += page.items.length;
    cursor = page.pageInfo?.nextCursor;
  } while (cursor);
  return {
    ms: performance.now() - started,
    cpu: cpuSeconds(backend.pid) - cpu,
    count,
  };
}

async function until(probe, what, timeoutMs = 600_000) {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return Date.now();
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function freshnessDelays(token) {
  const catalogEntity = () =>
    fetch(
      `${BASE}/api/catalog/entities/by-name/component/default/bench-fresh`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
  const listed = async () =>
    (
      await getJson(
        `${BASE}/api/service-mesh/v1/evaluations?q=bench-fresh`,
        token,
      )
    ).items.find(i => i.name === 'bench-fresh');
  const { items } = await getJson(
    `${BASE}/api/catalog/entities/by-query?filter=kind=location&limit=500`,
    token,
  );
  const location = items.find(l =>
    String(l.spec?.target ?? '').endsWith('fresh.yaml'),
  );
  if (!location)
    throw new Error('the Location entity of fresh.yaml is missing');
  const reread = async () => {
    const res = await fetch(`${BASE}/api/catalog/refresh`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        entityRef: `location:default/${location.metadata.name}`,
      }),
    });
    if (!res.ok) throw new Error(`catalog refresh answered ${res.status}`);
  };
  const delays = [];
  const measure = async (label, change, inCatalog, onDashboard) => {
    change();
    await reread();
    const caught = await until(inCatalog, `the catalog to show: ${label}`);
    const shown = await until(onDashboard, `the dashboard to show: ${label}`);
    delays.push({ label, s: (shown - caught) / 1000 });
    log(
      `${label}: in the catalog, then on the dashboard ${(
        (shown - caught) /
        1000
      ).toFixed(1)} s later`,
    );
  };
  let verdict;
  await measure(
    'added',
    () => writeFresh('mtls'),
    async () => ((await catalogEntity()).ok ? true : undefined),
    async () => ((verdict = (await listed())?.verdict) ? true : undefined),
  );
  await measure(
    'changed (needs gained wasm-extensions)',
    () => writeFresh('mtls, wasm-extensions'),
    async () => {
      const res = await catalogEntity();
      const body = res.ok ? await res.json() : undefined;
      return body?.metadata.annotations['mesh-advisor.io/needs'].includes(
        'wasm',
      )
        ? true
        : undefined;
    },
    async () => ((await listed())?.verdict !== verdict ? true : undefined),
  );
  await measure(
    'removed (orphan deleted by the catalog)',
    () => writeFresh(undefined),
    async () => ((await catalogEntity()).status === 404 ? true : undefined),
    async () => ((await listed()) === undefined ? true : undefined),
  );
  return delays;
}

async function main() {
  const cpu = cpus();
  console.log(
    `Mesh Advisor freshness benchmark — ${new Date().toISOString()} — ${
      cpu.length
    } cores (${cpu[0]?.model.trim()}), Node ${process.version}`,
  );
  const catalog = generateCatalog({
    dir: join(work, 'catalog'),
    components: N,
  });
  writeFresh(undefined); // the component is added during the measurement
  const token = randomBytes(24).toString('hex');
  await startBackend(catalog, token);
  await waitForIngestion(catalog, token);
  // Change detection fills the store while the catalog ingests; measure
  // once a pass finds every component stored and nothing to do.
  for (;;) {
    const p = await observePass(token);
    if (p.checked >= N && p.changed === 0) break;
    log(
      `change detection catching up: ${p.checked} checked, ${p.changed} changed`,
    );
  }
  log('change detection is in step with the catalog');

  const passes = [];
  const walks = [];
  for (let i = 0; i < Number(args.passes); i++) {
    passes.push(await observePass(token));
    const p = passes.at(-1);
    if (p.changed !== 0) {
      throw new Error(`a pass found ${p.changed} changes in an idle catalog`);
    }
    log(
      `idle change-detection pass ${i + 1}: ${p.checked} checked in ${
        p.ms
      } ms, backend CPU ${p.cpu.toFixed(2)} s`,
    );
    walks.push(await bareWalk(token));
    log(
      `bare catalog walk ${i + 1}: ${walks.at(-1).count} components, ${walks
        .at(-1)
        .ms.toFixed(0)} ms, backend CPU ${walks.at(-1).cpu.toFixed(2)} s`,
    );
  }
  const delays = await freshnessDelays(token);

  const pass = {
    ms: median(passes.map(p => p.ms)),
    cpu: median(passes.map(p => p.cpu)),
  };
  const walk = {
    ms: median(walks.map(w => w.ms)),
    cpu: median(walks.map(w => w.cpu)),
  };
  const perMinute = 60 / INTERVAL_S;
  console.log(
    `\nFreshness at ${N} components (medians of ${passes.length}; change detection every ${INTERVAL_S} s)`,
  );
  const table = [
    [
      'idle change-detection pass vs bare catalog walk, wall',
      `${pass.ms.toFixed(0)} ms`,
      `${walk.ms.toFixed(0)} ms`,
      `${ratio(pass.ms, walk.ms).toFixed(2)}×`,
    ],
    [
      'idle change-detection pass vs bare catalog walk, backend CPU',
      `${pass.cpu.toFixed(2)} s`,
      `${walk.cpu.toFixed(2)} s`,
      `${ratio(pass.cpu, walk.cpu).toFixed(2)}×`,
    ],
    [
      `extra backend CPU per minute (${perMinute} passes) vs ${perMinute} bare walks`,
      `${(pass.cpu * perMinute).toFixed(2)} s/min (${(
        ((pass.cpu * perMinute) / 60) *
        100
      ).toFixed(1)}% of a core)`,
      `${(walk.cpu * perMinute).toFixed(2)} s/min`,
      `${ratio(pass.cpu, walk.cpu).toFixed(2)}×`,
    ],
    ...delays.map(d => [
      `freshness delay: ${d.label}`,
      `${d.s.toFixed(1)} s`,
      '',
      d.s <= GOAL_S ? `PASS (≤ ${GOAL_S} s)` : `MISS (> ${GOAL_S} s)`,
    ]),
  ];
  const widths = [0, 1, 2, 3].map(c =>
    Math.max(...table.map(r => String(r[c]).length)),
  );
  console.log(
    ['figure', 'ours', 'bare walk', 'ratio / goal']
      .map((h, c) => h.padEnd(widths[c]))
      .join(' | '),
  );
  for (const row of table)
    console.log(row.map((v, c) => String(v).padEnd(widths[c])).join(' | '));
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  console.error(`\nbenchmark failed: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await stopBackend();
  if (args.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
