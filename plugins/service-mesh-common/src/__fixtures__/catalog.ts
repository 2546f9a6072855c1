import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import {
  domainEntityRef,
  EvaluationContext,
  relatedEntityRefs,
} from '../evaluator';

/** The example catalog (examples/*.yaml) as entities, keyed by lower-case ref. Test helper. */
export function loadExampleCatalog(): Map<string, Entity> {
  const dir = path.resolve(__dirname, '../../../../examples');
  const out = new Map<string, Entity>();
  for (const file of ['org.yaml', 'entities.yaml']) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const e = doc.toJS() as Entity | null;
      if (!e || !e.kind) continue;
      out.set(
        `${e.kind}:${e.metadata.namespace ?? 'default'}/${
          e.metadata.name
        }`.toLowerCase(),
        e,
      );
    }
  }
  return out;
}

/** Resolves an entity's context from the catalog, as the backend would. */
export function contextFor(
  catalog: Map<string, Entity>,
  ref: string,
): EvaluationContext {
  const entity = catalog.get(ref);
  if (!entity) throw new Error(`no ${ref} in the example catalog`);
  const rel = relatedEntityRefs(entity);
  const system = rel.system ? catalog.get(rel.system) : undefined;
  const domainRef = system ? domainEntityRef(system) : undefined;
  return {
    entity,
    owner: rel.owner ? catalog.get(rel.owner) : undefined,
    system,
    domain: domainRef ? catalog.get(domainRef) : undefined,
    apis: rel.apis.map(r => catalog.get(r)).filter((e): e is Entity => !!e),
    resources: rel.resources
      .map(r => catalog.get(r))
      .filter((e): e is Entity => !!e),
  };
}
