import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES, lineOf, PACKAGE_DIR, tempDir } from './__testUtils__/run';

/*
 * What a user gets from the registry: `npm pack` (its prepack builds the
 * bundle), then `npx` of the tarball in an empty folder with an empty npm
 * cache. The tarball has no dependencies, so nothing is fetched.
 */
function du(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? du(p) : fs.statSync(p).size;
  }
  return total;
}

describe('the packed @mesh-advisor/cli', () => {
  it('runs from its tarball with npx in a clean folder, with no dependencies', () => {
    const packDir = tempDir();
    const out = execFileSync(
      'npm',
      ['pack', '--json', '--pack-destination', packDir],
      {
        cwd: PACKAGE_DIR,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // The prepack build prints a line before npm's JSON.
    const packed = JSON.parse(out.slice(out.search(/^\[/m)))[0];
    const tarball = path.join(packDir, packed.filename);
    expect(packed.files.map((f: { path: string }) => f.path).sort()).toEqual([
      'README.md',
      'bin/mesh-advisor',
      'dist/cli.cjs',
      'package.json',
    ]);

    const clean = tempDir({
      'catalog/entities.yaml': fs.readFileSync(
        path.join(EXAMPLES, 'entities.yaml'),
        'utf8',
      ),
      'catalog/org.yaml': fs.readFileSync(
        path.join(EXAMPLES, 'org.yaml'),
        'utf8',
      ),
    });
    const cache = path.join(clean, '.npm-cache');
    const r = spawnSync(
      'npx',
      [
        '--yes',
        '--package',
        tarball,
        'mesh-advisor',
        'lint',
        'catalog/*.yaml',
        '--fail-on',
        'warning',
      ],
      {
        cwd: clean,
        encoding: 'utf8',
        env: {
          ...process.env,
          npm_config_cache: cache,
          npm_config_update_notifier: 'false',
          GITHUB_ACTIONS: '',
        },
        timeout: 120_000,
      },
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.status).toBe(1);
    const line = lineOf(
      path.join(clean, 'catalog/entities.yaml'),
      /needs: mtls, retires/,
    );
    expect(r.stdout).toContain(
      `warning catalog/entities.yaml:${line}  Unknown capability "retires"`,
    );
    expect(r.stdout).toMatch(/^29 components .*--fail-on warning: FAIL$/m);

    // npx installed the package alone: nothing else came with it.
    const [install] = fs.readdirSync(path.join(cache, '_npx'));
    const modules = path.join(cache, '_npx', install, 'node_modules');
    expect(fs.readdirSync(modules).filter(n => !n.startsWith('.'))).toEqual([
      '@mesh-advisor',
    ]);
    expect(fs.readdirSync(path.join(modules, '@mesh-advisor'))).toEqual([
      'cli',
    ]);
    const installed = du(path.join(modules, '@mesh-advisor', 'cli'));
    // Figures for the README; the bound catches an accidental unbundled tree.
    console.log(
      `tarball ${(fs.statSync(tarball).size / 1024).toFixed(
        0,
      )} KiB, installed ${(installed / 1024).toFixed(0)} KiB`,
    );
    expect(installed).toBeLessThan(2 * 1024 * 1024);
  }, 180_000);
});
