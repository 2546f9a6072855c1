// Replaced by build.mjs with package.json's version; the fallback serves
// code run from source (jest imports of the formatters).
declare const __MESH_ADVISOR_CLI_VERSION__: string | undefined;

export const CLI_VERSION: string =
  typeof __MESH_ADVISOR_CLI_VERSION__ === 'string'
    ? __MESH_ADVISOR_CLI_VERSION__
    : '0.0.0-dev';
