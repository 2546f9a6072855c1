/*
 * Which Chromium the browser tests and the perceived-speed benchmark drive.
 *
 * Debian's Chromium when the machine has it (quickest to start); otherwise
 * the build that ships inside the `@sparticuz/chromium` npm package, so a
 * machine with only Node needs no browser download from anywhere. Playwright's
 * own browser download is never used.
 */
import fs from 'node:fs';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags that keep Chromium quiet on a closed network. */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * @param {{ ignoreSystem?: boolean }} options ignoreSystem: behave as on a
 *   machine without Debian's Chromium (to prove the npm path).
 * @returns {Promise<{ executablePath: string, args: string[], source: string }>}
 */
export async function resolveChromium({ ignoreSystem = false } = {}) {
  if (!ignoreSystem && fs.existsSync(SYSTEM_CHROMIUM)) {
    return {
      executablePath: SYSTEM_CHROMIUM,
      args: QUIET_FLAGS,
      source: `Debian's Chromium (${SYSTEM_CHROMIUM})`,
    };
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  // Unpacks the brotli archives into the temp folder once, then reuses them.
  const executablePath = await packaged.executablePath();
  // The package's own flags, minus three made for AWS Lambda:
  // `--headless='shell'` (Playwright passes its own headless flag), and
  // `--single-process`/`--no-zygote`, with which the browser died as soon as
  // a test closed its context (seen here with Playwright 1.65).
  const lambdaOnly = arg =>
    arg.startsWith('--headless') ||
    arg === '--single-process' ||
    arg === '--no-zygote';
  const args = [
    ...packaged.args.filter(arg => !lambdaOnly(arg)),
    ...QUIET_FLAGS.filter(flag => !packaged.args.includes(flag)),
  ];
  const { version } = JSON.parse(
    fs.readFileSync(
      new URL(
        '../../node_modules/@sparticuz/chromium/package.json',
        import.meta.url,
      ),
      'utf8',
    ),
  );
  return {
    executablePath,
    args,
    source: `@sparticuz/chromium ${version} from the npm registry (${executablePath})`,
  };
}

// `node scripts/lib/browser.mjs [--ignore-system]` prints the choice as JSON:
// scripts/mesh.mjs runs it with the project's Node (the npm package needs 22+).
if (import.meta.url === `file://${process.argv[1]}`) {
  const choice = await resolveChromium({
    ignoreSystem: process.argv.includes('--ignore-system'),
  });
  process.stdout.write(JSON.stringify(choice));
}
