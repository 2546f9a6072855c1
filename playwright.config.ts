import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the example portal, driven through the Chromium that
 * `npm test` chose (scripts/lib/browser.mjs: Debian's when installed, else
 * the build inside the `@sparticuz/chromium` npm package; never a browser
 * downloaded by Playwright). The portal runs as in production: the app
 * is built and served by the backend, on its own port so a running
 * `npm start` is not disturbed.
 *
 * The backend runs with the same TypeScript loader `backstage-cli package
 * start` uses, but without its file watcher: a restart on a file change
 * would empty the in-memory database (catalog, evaluations, sign-in keys)
 * in the middle of a run.
 */
const port = Number(process.env.E2E_PORT ?? 7017);
const baseURL = process.env.PLAYWRIGHT_URL ?? `http://localhost:${port}`;

const startBackend = (extraConfig = '', log = 'e2e-backend.log') =>
  [
    'cd packages/backend &&',
    'NODE_ENV=development node --enable-source-maps',
    '--require @backstage/cli-node/config/nodeTransform.cjs',
    'src/index.ts',
    '--config ../../app-config.yaml --config ../../test/e2e/app-config.e2e.yaml',
    extraConfig,
    // Its log, for when a browser test fails (stderr still reaches the console).
    `> ../../test/output/${log}`,
  ].join(' ');

/** The second portal, for a user denied kubernetes.resources.read (test/e2e/support.ts). */
const noKubernetesURL = 'http://localhost:7018';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list'], ['json']],
  outputDir: 'test/output/playwright',
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          command: `mkdir -p test/output && yarn workspace app build && ${startBackend()}`,
          url: `${baseURL}/.backstage/health/v1/readiness`,
          reuseExistingServer: !process.env.CI,
          timeout: 300_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          // The clusters app-config.yaml points the Kubernetes plugin at.
          command: 'node examples/recorded-cluster/server.mjs --port 7171',
          url: 'http://127.0.0.1:7171/prod-eu/api/v1/namespaces',
          reuseExistingServer: !process.env.CI,
          timeout: 30_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          // Serves the app the first one built (webServers start in order).
          command: startBackend(
            '--config ../../test/e2e/app-config.e2e-no-kubernetes.yaml',
            'e2e-backend-no-kubernetes.log',
          ),
          url: `${noKubernetesURL}/.backstage/health/v1/readiness`,
          reuseExistingServer: !process.env.CI,
          timeout: 120_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
      ],
  use: {
    baseURL,
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // Wide enough for the dashboard table and the README screenshots.
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: process.env.CHROMIUM_ARGS
        ? JSON.parse(process.env.CHROMIUM_ARGS)
        : [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
    },
  },
});
