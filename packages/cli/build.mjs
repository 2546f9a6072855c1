#!/usr/bin/env node
/*
 * Bundles the CLI and everything it imports (the common package, zod, yaml,
 * tinyglobby) into one file, so the published package has no runtime
 * dependencies and `npx` of the tarball fetches nothing.
 *
 * Writes to a temporary file and renames it: test files build in parallel
 * workers, and a reader must never see a half-written bundle.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(
  fs.readFileSync(path.join(here, 'package.json'), 'utf8'),
);
const outFile = path.join(here, 'dist', 'cli.cjs');
const tmpFile = `${outFile}.${process.pid}.tmp`;

fs.mkdirSync(path.dirname(outFile), { recursive: true });
await build({
  entryPoints: [path.join(here, 'src', 'cli.ts')],
  outfile: tmpFile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  // Some dependencies ship ESM that calls createRequire(import.meta.url),
  // which is undefined in a CommonJS bundle: give it this file's URL.
  banner: {
    js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  define: {
    __MESH_ADVISOR_CLI_VERSION__: JSON.stringify(pkg.version),
    'import.meta.url': '__importMetaUrl',
  },
});
fs.renameSync(tmpFile, outFile);
console.log(
  `${path.relative(process.cwd(), outFile) || outFile}: ${(
    fs.statSync(outFile).size / 1024
  ).toFixed(0)} KiB`,
);
