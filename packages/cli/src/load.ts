import fs from 'node:fs';
import path from 'node:path';
import { isDynamicPattern, glob } from 'tinyglobby';
import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { EvaluationContext } from '@mesh-advisor/plugin-service-mesh-common';
import { InputError } from './errors';

export type Entity = EvaluationContext['entity'];

/** Where an entity was read from, so findings can point at a line. */
export interface Located {
  entity: Entity;
  /** Lower-case `kind:namespace/name`, as the evaluator writes refs. */
  ref: string;
  /** Path as given or matched (relative to cwd when it was). */
  file: string;
  /** 1-based line of the document's first key. */
  line: number;
  /** 1-based line of each annotation key under metadata.annotations. */
  annotationLines: Record<string, number>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function entityRef(entity: Entity): string {
  const ns =
    typeof entity.metadata.namespace === 'string' &&
    entity.metadata.namespace !== ''
      ? entity.metadata.namespace
      : 'default';
  return `${entity.kind}:${ns}/${entity.metadata.name}`.toLowerCase();
}

/**
 * Expands the arguments: literal paths as given, globs via tinyglobby. A
 * glob that matches nothing is a problem, reported with the files' own.
 */
export async function resolveFiles(
  args: string[],
): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const arg of args) {
    if (fs.existsSync(arg) || !isDynamicPattern(arg)) {
      files.push(arg);
      continue;
    }
    const matched = await glob(arg, { cwd: process.cwd(), onlyFiles: true });
    if (matched.length === 0) problems.push(`${arg}: no files match`);
    files.push(...matched.sort());
  }
  return { files: [...new Set(files)], problems };
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
    };
    const why = (code && reasons[code]) || (e as Error).message;
    throw new InputError([`${file}: cannot read file (${why})`]);
  }
}

/**
 * Parses every YAML document of every file into catalog entities with the
 * line of each entity and of each of its annotations. Collects every
 * problem (unreadable file, invalid YAML, a document that is not a catalog
 * entity) before failing, each naming the file and line.
 */
export function loadEntities(
  files: string[],
  earlierProblems: string[] = [],
): Located[] {
  const out: Located[] = [];
  const problems: string[] = [...earlierProblems];
  for (const file of files) {
    let text: string;
    try {
      text = readText(file);
    } catch (e) {
      problems.push(...(e as InputError).problems);
      continue;
    }
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
    // parseAllDocuments returns an EmptyStream (not an array) for an empty file.
    if (!Array.isArray(docs)) continue;
    const lineOf = (offset: number) => lineCounter.linePos(offset).line;
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        for (const err of doc.errors) {
          const line = lineOf(err.pos[0]);
          // The yaml message repeats the position; keep its first sentence.
          const msg = err.message.split('\n')[0].replace(/ at line \d+.*$/, '');
          problems.push(`${file}:${line}: invalid YAML: ${msg}`);
        }
        continue;
      }
      const contents = doc.contents;
      if (contents === null || (isScalar(contents) && contents.value === null))
        continue; // an empty document (e.g. only comments before `---`)
      const line = lineOf(contents.range?.[0] ?? 0);
      const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
      const missing: string[] = [];
      if (!isRecord(value)) {
        problems.push(
          `${file}:${line}: not a catalog entity (a YAML ${
            Array.isArray(value) ? 'list' : typeof value
          }, expected a mapping with apiVersion, kind and metadata.name)`,
        );
        continue;
      }
      if (typeof value.apiVersion !== 'string' || value.apiVersion === '')
        missing.push('apiVersion');
      if (typeof value.kind !== 'string' || value.kind === '')
        missing.push('kind');
      if (
        !isRecord(value.metadata) ||
        typeof value.metadata.name !== 'string' ||
        value.metadata.name === ''
      )
        missing.push('metadata.name');
      if (missing.length > 0) {
        problems.push(
          `${file}:${line}: not a catalog entity (missing ${missing.join(
            ', ',
          )})`,
        );
        continue;
      }
      const entity = value as unknown as Entity;
      const annotationLines: Record<string, number> = {};
      const metadata = isMap(contents) ? contents.get('metadata', true) : null;
      const annotations = isMap(metadata)
        ? metadata.get('annotations', true)
        : null;
      if (isMap(annotations)) {
        for (const pair of annotations.items) {
          const key = isScalar(pair.key) ? pair.key : null;
          if (key && typeof key.value === 'string' && key.range)
            annotationLines[key.value] = lineOf(key.range[0]);
        }
      }
      out.push({ entity, ref: entityRef(entity), file, line, annotationLines });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}

/** The path to show and to put in SARIF: relative to cwd, forward slashes. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return (rel.startsWith('..') ? path.resolve(file) : rel)
    .split(path.sep)
    .join('/');
}
