/**
 * The CLI's building blocks, for code in this repository that wants the
 * lint without a child process. The published package ships only the
 * bundled `mesh-advisor` binary.
 *
 * @packageDocumentation
 */
export { loadEntities, resolveFiles } from './load';
export type { Located } from './load';
export { lint, uniqueFindings, FAIL_ON } from './lint';
export type { FailOn, LintFinding, LintResult, ComponentReport } from './lint';
export { formatGithub, formatJson, formatSarif, formatText } from './format';
export { backstageCatalog } from './catalog';
export type { CatalogClient } from './catalog';
