/*
 * Perceived speed of the entity page, in Chromium: from the click on a
 * component in the catalog to (a) the Mesh Advisor verdict being visible and
 * (b) the catalog's About card being visible, in the same loads. The ratio
 * (verdict / About, medians) is the figure: the verdict should appear about
 * as soon as the page's own first card (goal ≤ 1.2×).
 *
 *   node scripts/mesh.mjs exec node bench/perceived-speed.mjs [options]
 *
 *   --url U          measure a running portal (default: start one, as the
 *                    browser tests do: the built app served by the backend)
 *   --port P         port of the portal it starts (default 7037)
 *   --loads N        loads per component (default 20)
 *   --component T    component title to open (default "Checkout API")
 *   --skip-build     serve the existing packages/app/dist
 *   --explain        print what the last load fetched after the click, and when
 *
 * Chromium is chosen as for the browser tests (scripts/lib/browser.mjs).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { resolveChromium } from '../scripts/lib/browser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

const PORT = Number(option('port', 7037));
const LOADS = Number(option('loads', 20));
const COMPONENT = option('component', 'Checkout API');
const BASE = option('url', `http://localhost:${PORT}`);
const START_PORTAL = !process.argv.includes('--url');

async function waitForReady(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`the portal did not become ready at ${url}`);
}

async function startPortal() {
  if (!process.argv.includes('--skip-build')) {
    console.log('Building the app ...');
    const build = spawnSync('yarn', ['workspace', 'app', 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('the app build failed');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-perceived-'));
  const config = path.join(dir, 'app-config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      app: { baseUrl: BASE },
      backend: { baseUrl: BASE, listen: { port: PORT }, cors: { origin: BASE } },
    }),
  );
  const backend = spawn(
    'node',
    [
      '--require',
      '@backstage/cli-node/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      config,
    ],
    {
      cwd: path.join(ROOT, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', fs.openSync(path.join(dir, 'backend.log'), 'w'), 'inherit'],
      detached: true,
    },
  );
  await waitForReady(`${BASE}/.backstage/health/v1/readiness`, 120_000);
  return () => {
    try {
      process.kill(-backend.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * Watches, frame by frame, for the two things a reader waits for, and
 * records when each first became visible (performance.now() in the page).
 */
function installWatcher() {
  const visible = element => {
    if (!element) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  // The About card's title (its markup differs between catalog versions:
  // match the title text inside the page's main content).
  const aboutCard = () => {
    const main = document.querySelector('main') ?? document.body;
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeValue.trim() === 'About') return node.parentElement;
    }
    return undefined;
  };
  window.__meshTimes = {};
  const tick = () => {
    const times = window.__meshTimes;
    if (!times.verdict && visible(document.querySelector('[aria-label^="Verdict: "]'))) {
      times.verdict = performance.now();
    }
    if (!times.about && visible(aboutCard())) {
      times.about = performance.now();
    }
    if (!times.verdict || !times.about) requestAnimationFrame(tick);
  };
  window.__meshStart = performance.now();
  requestAnimationFrame(tick);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main() {
  const stopPortal = START_PORTAL ? await startPortal() : () => {};
  const { executablePath, args, source } = await resolveChromium();
  const browser = await chromium.launch({ executablePath, args, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(BASE);
    await page.getByRole('button', { name: 'Enter' }).click();
    const catalogLink = page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true });
    await catalogLink.waitFor();

    const samples = [];
    // One warm-up load (lazy chunks, first evaluation), then the measured ones.
    for (let load = 0; load <= LOADS; load++) {
      await catalogLink.click();
      const link = page.getByRole('link', { name: COMPONENT, exact: true });
      await link.waitFor();
      await page.evaluate(installWatcher);
      await link.click();
      await page
        .waitForFunction(
          () => window.__meshTimes.verdict && window.__meshTimes.about,
          undefined,
          { timeout: 30_000 },
        )
        .catch(async error => {
          const seen = await page.evaluate(() => window.__meshTimes);
          throw new Error(
            `load ${load}: after 30 s, seen ${JSON.stringify(seen)} ` +
              `(verdict: an element labelled "Verdict: …"; About: the catalog's About card)`,
            { cause: error },
          );
        });
      const { start, verdict, about } = await page.evaluate(() => ({
        start: window.__meshStart,
        ...window.__meshTimes,
      }));
      if (load > 0) samples.push({ verdict: verdict - start, about: about - start });
      if (load === LOADS && process.argv.includes('--explain')) {
        // What the last load fetched after the click, and when (ms after it).
        const fetched = await page.evaluate(
          since =>
            performance
              .getEntriesByType('resource')
              .filter(entry => entry.startTime >= since)
              .map(entry => ({
                name: entry.name.replace(/^https?:\/\/[^/]+/, ''),
                start: Math.round(entry.startTime - since),
                end: Math.round(entry.responseEnd - since),
              })),
          start,
        );
        console.log(`Last load: About at ${Math.round(about - start)} ms, verdict at ${Math.round(verdict - start)} ms; fetched:`);
        for (const entry of fetched) {
          console.log(`  ${entry.start}–${entry.end} ms  ${entry.name.slice(0, 110)}`);
        }
      }
    }
    const verdictMs = median(samples.map(s => s.verdict));
    const aboutMs = median(samples.map(s => s.about));
    console.log(`Browser: ${source}; portal: ${BASE}; component: ${COMPONENT}`);
    console.log(`Loads: ${samples.length} (after one warm-up), in-app navigation from the catalog`);
    console.log(`median time to the verdict visible: ${verdictMs.toFixed(0)} ms`);
    console.log(`median time to the About card visible: ${aboutMs.toFixed(0)} ms`);
    console.log(
      `ratio verdict / About: ${(verdictMs / aboutMs).toFixed(2)}× (goal ≤ 1.2×)`,
    );
  } finally {
    await browser.close();
    stopPortal();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
