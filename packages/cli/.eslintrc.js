module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Everything is bundled into dist/cli.cjs, so the published package has
    // no runtime dependencies: imports come from devDependencies on purpose.
    '@backstage/no-undeclared-imports': 'off',
  },
});
