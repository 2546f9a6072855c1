import type { Entity } from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';
import { domainEntityRef, refOf, relatedEntityRefs } from '../../evaluator/refs';
import type { EvaluationContext } from '../../evaluator/types';

/**
 * Turns the real catalog files of this folder into evaluation contexts, the
 * way the backend would: every entity of every file is indexed by its ref,
 * and each Component gets the System, Domain, owner, APIs and Resources its
 * spec names when the corpus has them. Documents that do not parse (real
 * files have typos) are skipped and counted, as the catalog would reject them.
 */

export interface CorpusFile {
  /** File name, e.g. `equinor__radix-operator.yaml`. */
  name: string;
  text: string;
}

export interface Corpus {
  entities: Array<{ file: string; entity: Entity }>;
  contexts: Array<{ file: string; context: EvaluationContext }>;
  /** Documents skipped because they are not valid YAML or not an entity. */
  skipped: Array<{ file: string; reason: string }>;
  repositories: number;
}

function isEntity(v: unknown): v is Entity {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Entity).kind === 'string' &&
    typeof (v as Entity).metadata === 'object' &&
    (v as Entity).metadata !== null
  );
}

export function loadCorpus(files: CorpusFile[]): Corpus {
  const entities: Corpus['entities'] = [];
  const skipped: Corpus['skipped'] = [];
  for (const f of files) {
    for (const doc of parseAllDocuments(f.text)) {
      if (doc.errors.length > 0) {
        skipped.push({ file: f.name, reason: doc.errors[0].message });
        continue;
      }
      const value = doc.toJS();
      if (value === null || value === undefined) continue; // empty document
      if (!isEntity(value)) {
        skipped.push({ file: f.name, reason: 'not an entity' });
        continue;
      }
      entities.push({ file: f.name, entity: value });
    }
  }
  const byRef = new Map<string, Entity>();
  for (const { entity } of entities) byRef.set(refOf(entity), entity);
  const get = (ref: string | undefined) =>
    ref === undefined ? undefined : byRef.get(ref);

  const contexts: Corpus['contexts'] = [];
  for (const { file, entity } of entities) {
    if (entity.kind.toLowerCase() !== 'component') continue;
    const rel = relatedEntityRefs(entity);
    const system = get(rel.system);
    const domain = system ? get(domainEntityRef(system)) : undefined;
    const apis = rel.apis.map(get).filter((e): e is Entity => !!e);
    const resources = rel.resources.map(get).filter((e): e is Entity => !!e);
    contexts.push({
      file,
      context: {
        entity,
        ...(system ? { system } : {}),
        ...(domain ? { domain } : {}),
        ...(get(rel.owner) ? { owner: get(rel.owner) } : {}),
        apis,
        resources,
      },
    });
  }
  return {
    entities,
    contexts,
    skipped,
    repositories: new Set(files.map(f => f.name)).size,
  };
}
