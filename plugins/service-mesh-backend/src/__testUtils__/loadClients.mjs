/*
 * The load test's clients (src/load.test.ts), run in a worker thread so
 * their own HTTP work does not queue on the server's event loop (in
 * production they are other machines). Plain JavaScript, as a worker thread
 * runs outside Jest's TypeScript transform.
 *
 * Each client sends its next request as soon as the previous one answered,
 * with Node's fetch, whose default agent keeps connections alive.
 */
import { parentPort, workerData } from 'node:worker_threads';
// bench/ is no package; its percentile is the one the benchmarks report.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { percentile } from '../../../../bench/percentile.mjs';

const { origin, paths, clients, durationMs } = workerData;

const latencies = [];
const errors = [];
let requests = 0;
let slowest = 0;
let slowestAt = 0;
const deadline = Date.now() + durationMs;
const phaseStart = performance.now();
const since = () => `after ${Math.round(performance.now() - phaseStart)} ms`;

await Promise.all(
  Array.from({ length: clients }, async (_, c) => {
    for (let i = c; Date.now() < deadline; i += clients) {
      const target = paths[i % paths.length];
      const started = performance.now();
      try {
        const res = await fetch(`${origin}${target.path}`, {
          headers: { authorization: target.authorization },
        });
        const text = await res.text();
        const latency = performance.now() - started;
        latencies.push(latency);
        if (latency > slowest) {
          slowest = latency;
          slowestAt = Math.round(started - phaseStart);
        }
        if (res.status !== 200)
          errors.push(
            `${since()}: ${res.status} ${target.path}: ${text.slice(0, 200)}`,
          );
      } catch (error) {
        errors.push(`${since()}: ${target.path}: ${error.message}`);
      }
      requests++;
    }
  }),
);

latencies.sort((a, b) => a - b);
parentPort.postMessage({
  requests,
  errors,
  latency: {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
  },
  slowestAt,
});
