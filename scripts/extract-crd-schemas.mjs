#!/usr/bin/env node
/**
 * Extracts the CRD schemas the manifest-schema suite validates against
 * (docs/manifest-validation.md) from git checkouts of the projects that
 * publish them, at their release tags. Run by hand when a release enters the
 * supported window; `npm test` only reads the JSON this writes.
 *
 *   node scripts/mesh.mjs exec node scripts/extract-crd-schemas.mjs \
 *     --istio-api <git dir of istio/api> \
 *     --linkerd2 <git dir of linkerd/linkerd2> \
 *     --gateway-api <git dir of kubernetes-sigs/gateway-api>
 *
 * Any git directory works (a clone, a bare mirror): the script reads files
 * with `git show <tag>:<path>`, never a work tree. Every output file records
 * the repository, tag, commit and paths it came from. Only what validation
 * needs is kept: per CRD its group, kind, scope and versions (served,
 * deprecated, openAPIV3Schema) with every `description` removed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const OUT = join(
  dirname(fileURLToPath(import.meta.url)),
  '../plugins/service-mesh-common/src/guidance/__schemas__',
);

/** The releases of docs/facts.md's supported window (facts/versions.ts). */
const ISTIO_TAGS = ['1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30'];
const LINKERD_TAGS = ['2.16', '2.17', '2.18', '2.19', '2.20'];
const GATEWAY_API_TAGS = ['1.1', '1.2', '1.3', '1.4', '1.5'];

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!['istio-api', 'linkerd2', 'gateway-api'].includes(key) || !argv[i + 1])
      throw new Error(
        `Unexpected argument ${argv[i]}: expected --istio-api DIR, --linkerd2 DIR and/or --gateway-api DIR (git directories)`,
      );
    out[key] = argv[i + 1];
  }
  if (Object.keys(out).length === 0)
    throw new Error(
      'Give at least one of --istio-api, --linkerd2, --gateway-api',
    );
  return out;
}

const git = (dir, ...a) =>
  execFileSync('git', ['--git-dir', dir, ...a], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
const commitOf = (dir, tag) => git(dir, 'rev-parse', `${tag}^{commit}`).trim();
const show = (dir, tag, path) => git(dir, 'show', `${tag}:${path}`);
const listFiles = (dir, tag, path) =>
  git(dir, 'ls-tree', '-r', '--name-only', tag, '--', path)
    .split('\n')
    .filter(Boolean);

/** Drops `description` (prose, not facts) everywhere in a schema. */
function stripDescriptions(node) {
  if (Array.isArray(node)) return node.map(stripDescriptions);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // A property may itself be called "description": keep it under properties.
    if (k === 'description' && typeof v === 'string') continue;
    out[k] = stripDescriptions(v);
  }
  return out;
}

/** The validation facts of one CRD document. */
function crdFacts(doc, extra = {}) {
  const versions = doc.spec.versions.map(v => ({
    name: v.name,
    served: v.served === true,
    storage: v.storage === true,
    ...(v.deprecated ? { deprecated: true } : {}),
    schema: stripDescriptions(v.schema?.openAPIV3Schema ?? {}),
  }));
  return {
    name: doc.metadata.name,
    group: doc.spec.group,
    kind: doc.spec.names.kind,
    scope: doc.spec.scope,
    ...(doc.metadata.annotations?.['gateway.networking.k8s.io/bundle-version']
      ? {
          bundleVersion:
            doc.metadata.annotations[
              'gateway.networking.k8s.io/bundle-version'
            ],
          channel:
            doc.metadata.annotations['gateway.networking.k8s.io/channel'],
        }
      : {}),
    ...extra,
    versions,
  };
}

function crdsIn(text, source) {
  const docs = parseAllDocuments(text);
  const out = [];
  for (const d of docs) {
    if (d.errors.length > 0)
      throw new Error(`${source}: ${d.errors[0].message}`);
    const doc = d.toJS({ maxAliasCount: -1 });
    // Bundles also hold kustomizations and admission policies: CRDs only.
    if (doc?.kind === 'CustomResourceDefinition') out.push(doc);
  }
  return out;
}

function write(relative, data) {
  const file = join(OUT, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data)}\n`);
  console.log(`${relative}: ${data.crds.length} CRDs`);
}

function istio(dir) {
  const path = 'kubernetes/customresourcedefinitions.gen.yaml';
  for (const minor of ISTIO_TAGS) {
    const tag = `${minor}.0`;
    const crds = crdsIn(show(dir, tag, path), `istio/api ${tag} ${path}`);
    write(`istio/${minor}.json`, {
      source: {
        repository: 'https://github.com/istio/api',
        tag,
        commit: commitOf(dir, tag),
        paths: [path],
      },
      crds: crds.map(c => crdFacts(c)),
    });
  }
}

function gatewayApi(dir) {
  for (const minor of GATEWAY_API_TAGS) {
    const tag = `v${minor}.0`;
    for (const channel of ['standard', 'experimental']) {
      const paths = listFiles(dir, tag, `config/crd/${channel}`).filter(p =>
        p.endsWith('.yaml'),
      );
      const crds = paths.flatMap(p =>
        crdsIn(show(dir, tag, p), `gateway-api ${tag} ${p}`),
      );
      write(`gateway-api/${minor}-${channel}.json`, {
        source: {
          repository: 'https://github.com/kubernetes-sigs/gateway-api',
          tag,
          commit: commitOf(dir, tag),
          paths,
        },
        channel,
        crds: crds.map(c => crdFacts(c)),
      });
    }
  }
}

/**
 * Whether a linkerd-crds template is rendered with the chart's default values.
 * The chart wraps the Gateway API CRDs in `{{- if .Values.enableHttpRoutes }}`
 * (2.16/2.17) or `ternary .Values.enableXRoutes .Values.installGatewayAPI
 * (hasKey .Values "enableXRoutes")` (2.18+); anything else is refused.
 */
function renderedByDefault(firstLine, values, source) {
  const condition = firstLine.match(/^\{\{-?\s*if\s+(.*?)\s*-?\}\}$/)?.[1];
  if (condition === undefined) return true;
  const simple = condition.match(/^\.Values\.(\w+)$/);
  if (simple) return values[simple[1]] === true;
  const ternary = condition.match(
    /^\(ternary \.Values\.(\w+) \.Values\.(\w+) \(hasKey \.Values "(\w+)"\)\)$/,
  );
  if (ternary)
    return (
      (ternary[3] in values ? values[ternary[1]] : values[ternary[2]]) === true
    );
  throw new Error(`${source}: unknown Helm condition ${condition}`);
}

/** Removes the Helm templating around the CRDs (it only touches metadata). */
function untemplate(text, source) {
  const lines = text.split('\n');
  const kept = [];
  for (const line of lines) {
    const trimmed = line.trim();
    // Control lines ({{- if }}, {{- end }}) and whole-line includes.
    if (/^\{\{.*\}\}$/.test(trimmed)) continue;
    if (line.includes('{{')) {
      if (!/^\s+[\w./-]+: .*\{\{/.test(line))
        throw new Error(`${source}: template outside metadata: ${line}`);
      kept.push(line.replace(/\{\{.*?\}\}/g, 'helm'));
      continue;
    }
    kept.push(line);
  }
  return kept.join('\n');
}

function linkerd(dir) {
  for (const minor of LINKERD_TAGS) {
    // Linkerd tags its stable releases version-2.N (there is no version-2.N.0).
    const tag = `version-${minor}`;
    const values =
      parse(show(dir, tag, 'charts/linkerd-crds/values.yaml')) ?? {};
    const paths = listFiles(dir, tag, 'charts/linkerd-crds/templates').filter(
      p => p.endsWith('.yaml'),
    );
    const crds = [];
    for (const p of paths) {
      const text = show(dir, tag, p);
      const source = `linkerd2 ${tag} ${p}`;
      const installedByDefault = renderedByDefault(
        text.split('\n')[0].trim(),
        values,
        source,
      );
      for (const c of crdsIn(untemplate(text, source), source))
        crds.push(crdFacts(c, { path: p, installedByDefault }));
    }
    write(`linkerd/${minor}.json`, {
      source: {
        repository: 'https://github.com/linkerd/linkerd2',
        tag,
        commit: commitOf(dir, tag),
        paths,
        chartValues: values,
      },
      crds,
    });
  }
}

const dirs = args();
if (dirs['istio-api']) istio(dirs['istio-api']);
if (dirs['gateway-api']) gatewayApi(dirs['gateway-api']);
if (dirs.linkerd2) linkerd(dirs.linkerd2);
