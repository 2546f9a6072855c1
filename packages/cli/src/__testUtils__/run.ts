import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
const REPO_ROOT = path.resolve(PACKAGE_DIR, '..', '..');
export const EXAMPLES = path.join(REPO_ROOT, 'examples');
const BIN = path.join(PACKAGE_DIR, 'bin', 'mesh-advisor');

/** Builds dist/cli.cjs, so the tests run what gets published. */
export function build(): void {
  execFileSync(process.execPath, [path.join(PACKAGE_DIR, 'build.mjs')], {
    cwd: PACKAGE_DIR,
    stdio: 'pipe',
  });
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would: a child process through bin/. */
interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

function childEnv(options: RunOptions) {
  const env: Record<string, string | undefined> = { ...process.env };
  // The tests decide whether they run "under GitHub Actions".
  delete env.GITHUB_ACTIONS;
  delete env.MESH_ADVISOR_CATALOG_TOKEN;
  return { ...env, ...options.env };
}

export function run(args: string[], options: RunOptions = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: childEnv(options),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As run, without blocking this process (which may be serving the CLI over HTTP). */
export function runAsync(
  args: string[],
  options: RunOptions = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: childEnv(options),
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

/** A new temporary directory with the given files. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-advisor-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/**
 * 1-based line of the first non-comment line of `file` containing `needle`
 * (a string ending at a word boundary, or a RegExp).
 */
export function lineOf(file: string, needle: string | RegExp): number {
  const re =
    typeof needle === 'string'
      ? new RegExp(`${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`)
      : needle;
  const i = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex(l => !l.trim().startsWith('#') && re.test(l));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

/** A stack trace would show lines like "    at fn (file:1:2)". */
export const STACK_LINE = /^\s+at /m;
