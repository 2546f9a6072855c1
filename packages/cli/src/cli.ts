import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  RULES_VERSION,
  type MeshId,
} from '@mesh-advisor/plugin-service-mesh-common';
import { backstageCatalog, type CatalogClient } from './catalog';
import { InputError, UsageError } from './errors';
import {
  formatGithub,
  formatJson,
  formatSarif,
  formatText,
  summaryLine,
} from './format';
import { FAIL_ON, lint, type FailOn } from './lint';
import { loadEntities, resolveFiles } from './load';
import { writeManifests } from './manifests';
import { CLI_VERSION } from './version';

const HELP = `mesh-advisor ${CLI_VERSION}: service-mesh fit of Backstage catalog components (Istio, Linkerd or none)

Usage:
  mesh-advisor lint <files or globs...> [options]
  mesh-advisor manifests <files...> --out <dir> [options]
  mesh-advisor --help | --version

lint: evaluates every Component in the catalog-info.yaml files (multi-document
YAML). Systems, domains, owner groups, APIs and resources are resolved among
the given files, and from a Backstage catalog with --catalog.
  --format <f>        text (default), json or sarif (SARIF 2.1.0, for code scanning)
  --output <file>     write the report to a file instead of stdout
  --fail-on <list>    what makes the exit code 1, comma-separated or repeated:
                        error                         an annotation error (default)
                        warning                       an annotation warning or error
                        blocker-against-current-mesh  a blocker against the mesh the
                                                      component says it runs today
                        provisional                   a low-confidence verdict
                        none                          nothing (report only)
  --catalog <url>     Backstage backend URL to read related entities the files lack
  --token <token>     bearer token for --catalog (or env MESH_ADVISOR_CATALOG_TOKEN)

manifests: writes one component's guidance manifests, one file per resource.
  --out <dir>         directory to write to (created if missing; required)
  --entity <ref>      the component, when the files hold several (ref or name)
  --mesh <mesh>       istio or linkerd (default: the verdict)
  --target <version>  mesh version to target, e.g. 1.24 or 2.17; checked against
                      the minimum versions the component's needs require
  --catalog, --token  as for lint

With GITHUB_ACTIONS=true, lint --format text also prints ::error/::warning
workflow commands, so findings show on the pull request's diff.

Exit codes: 0 clean; 1 a finding reached --fail-on; 2 unusable input or usage
(unreadable file, invalid YAML, not a catalog entity, unknown option).
`;

const LINT_OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string' },
  'fail-on': { type: 'string', multiple: true },
  catalog: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const MANIFESTS_OPTIONS = {
  out: { type: 'string' },
  entity: { type: 'string' },
  mesh: { type: 'string' },
  target: { type: 'string' },
  catalog: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: O,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const option = /'([^']+)'/.exec((e as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(
        `unknown option ${
          option ?? ''
        } for ${command} (see mesh-advisor --help)`,
      );
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(
        `${(e as Error).message.split('\n')[0]} (see mesh-advisor --help)`,
      );
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

function catalogFrom(values: {
  catalog?: string;
  token?: string;
}): CatalogClient | undefined {
  if (values.token !== undefined && values.catalog === undefined)
    throw new UsageError('--token needs --catalog <url>');
  if (values.catalog === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(values.catalog);
  } catch {
    throw new UsageError(
      `--catalog ${values.catalog}: not a URL (e.g. https://backstage.example.com)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(
      `--catalog ${values.catalog}: use an http or https URL`,
    );
  return backstageCatalog(
    values.catalog,
    values.token ?? process.env.MESH_ADVISOR_CATALOG_TOKEN,
  );
}

function write(out: string, file?: string) {
  if (file === undefined) {
    process.stdout.write(out);
    return;
  }
  try {
    fs.writeFileSync(file, out);
  } catch (e) {
    throw new InputError([
      `--output ${file}: cannot write (${
        (e as NodeJS.ErrnoException).code ?? (e as Error).message
      })`,
    ]);
  }
}

async function loadFiles(args: string[]) {
  const { files, problems } = await resolveFiles(args);
  return loadEntities(files, problems);
}

async function runLint(args: string[]): Promise<number> {
  const { values, positionals } = parse('lint', args, LINT_OPTIONS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`--format ${format}: use text, json or sarif`);
  const failOn = (values['fail-on'] ?? ['error'])
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(Boolean);
  for (const f of failOn)
    if (f !== 'none' && !(FAIL_ON as readonly string[]).includes(f))
      throw new UsageError(
        `--fail-on ${f}: use one or more of ${FAIL_ON.join(', ')}, or none`,
      );
  if (failOn.includes('none') && failOn.length > 1)
    throw new UsageError('--fail-on none cannot be combined with other values');
  if (positionals.length === 0)
    throw new UsageError(
      'lint needs at least one file or glob (e.g. mesh-advisor lint "**/catalog-info.yaml")',
    );
  const catalog = catalogFrom(values);

  const entities = await loadFiles(positionals);
  const result = await lint(
    entities,
    failOn.filter(f => f !== 'none') as FailOn[],
    catalog,
  );
  let report: string;
  if (format === 'json') report = formatJson(result);
  else if (format === 'sarif') report = formatSarif(result);
  else {
    report = formatText(result);
    if (process.env.GITHUB_ACTIONS === 'true') report += formatGithub(result);
  }
  write(report, values.output);
  if (values.output !== undefined)
    process.stdout.write(`${summaryLine(result)}\nwrote ${values.output}\n`);
  return result.exitCode;
}

async function runManifests(args: string[]): Promise<number> {
  const { values, positionals } = parse('manifests', args, MANIFESTS_OPTIONS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError(
      'manifests needs the catalog file that holds the component',
    );
  if (values.out === undefined)
    throw new UsageError('manifests needs --out <dir>');
  if (
    values.mesh !== undefined &&
    values.mesh !== 'istio' &&
    values.mesh !== 'linkerd'
  )
    throw new UsageError(`--mesh ${values.mesh}: use istio or linkerd`);
  if (values.target !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(values.target))
    throw new UsageError(
      `--target ${values.target}: give a version such as 1.24 (Istio) or 2.17 (Linkerd)`,
    );
  const catalog = catalogFrom(values);
  const entities = await loadFiles(positionals);
  const { component, evaluation, mesh, guidance, written, notes } =
    await writeManifests(
      entities,
      {
        entity: values.entity,
        mesh: values.mesh as MeshId | undefined,
        target: values.target,
        out: values.out,
      },
      catalog,
    );
  const lines = [
    `${component.ref}: verdict ${evaluation.verdict} (istio ${evaluation.scores.istio}, linkerd ${evaluation.scores.linkerd}); ${mesh} manifests, ${guidance.mode} mode`,
    ...notes.map(n => `note: ${n}`),
    ...written.map(
      w => `wrote ${w.file}  ${w.apiVersion} ${w.kind} ${w.name}: ${w.title}`,
    ),
    ...guidance.unsupported.map(
      u => `unsupported by ${mesh}: ${u.need}: ${u.reason}`,
    ),
    `${written.length} manifest${written.length === 1 ? '' : 's'} written to ${
      values.out
    }`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (
    command === undefined ||
    command === '--help' ||
    command === '-h' ||
    command === 'help'
  ) {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(
      `mesh-advisor ${CLI_VERSION} (rules ${RULES_VERSION})\n`,
    );
    return 0;
  }
  if (command === 'lint') return runLint(rest);
  if (command === 'manifests') return runManifests(rest);
  if (command.startsWith('-'))
    throw new UsageError(`unknown option ${command} (see mesh-advisor --help)`);
  throw new UsageError(
    `unknown command ${command}: use lint or manifests (see mesh-advisor --help)`,
  );
}

function reportFailure(e: unknown): number {
  if (e instanceof InputError) {
    for (const p of e.problems)
      process.stderr.write(`mesh-advisor: error: ${p}\n`);
    return 2;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`mesh-advisor: ${e.message}\n`);
    return 2;
  }
  // A bug, not the user's input: one line, the stack only on request.
  const err = e as Error;
  process.stderr.write(
    `mesh-advisor: internal error: ${err?.message ?? String(e)}${
      process.env.MESH_ADVISOR_DEBUG
        ? `\n${err?.stack}`
        : ' (set MESH_ADVISOR_DEBUG=1 for details)'
    }\n`,
  );
  return 2;
}

main(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  e => {
    process.exitCode = reportFailure(e);
  },
);
