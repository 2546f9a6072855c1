import {
  domainEntityRef,
  relatedEntityRefs,
  type EvaluationContext,
} from '@mesh-advisor/plugin-service-mesh-common';
import { InputError } from './errors';
import { entityRef, type Entity, type Located } from './load';

/** Reads entities the given files do not hold from a Backstage catalog. */
export interface CatalogClient {
  getByRefs(refs: string[]): Promise<Entity[]>;
}

const TIMEOUT_MS = 15_000;

/**
 * The catalog's own batch read: POST /api/catalog/entities/by-refs, one
 * request per round however many refs, with the caller's bearer token.
 */
export function backstageCatalog(
  baseUrl: string,
  token?: string,
): CatalogClient {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/catalog/entities/by-refs`;
  return {
    async getByRefs(refs) {
      if (refs.length === 0) return [];
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ entityRefs: refs }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (e) {
        // fetch hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, "bad port"…).
        const c = (e as { cause?: { code?: string; message?: string } }).cause;
        const cause = c?.code ?? c?.message;
        throw new InputError([
          `--catalog ${baseUrl}: cannot reach the catalog (${
            cause ?? (e as Error).message
          })`,
        ]);
      }
      if (!res.ok) {
        let hint = '';
        if (res.status === 401 || res.status === 403) hint = ' (check --token)';
        else if (res.status === 404)
          hint = ' (is this the Backstage backend URL?)';
        throw new InputError([
          `--catalog ${baseUrl}: POST /api/catalog/entities/by-refs answered ${res.status} ${res.statusText}${hint}`,
        ]);
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new InputError([
          `--catalog ${baseUrl}: the by-refs answer is not JSON`,
        ]);
      }
      const items = (body as { items?: unknown }).items;
      if (!Array.isArray(items))
        throw new InputError([
          `--catalog ${baseUrl}: the by-refs answer has no items list`,
        ]);
      return items.filter(
        (e): e is Entity =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as Entity).kind === 'string' &&
          typeof (e as Entity).metadata?.name === 'string',
      );
    },
  };
}

/**
 * Builds each component's evaluation context: its owner, system, the
 * system's domain, APIs and resources, taken from the given files first and
 * from the catalog (when given) for the rest. Unknown ones stay missing,
 * which the evaluator treats as defaults with lower confidence.
 */
export async function buildContexts(
  components: Located[],
  all: Located[],
  catalog?: CatalogClient,
): Promise<Map<Located, EvaluationContext>> {
  const known = new Map<string, Entity>();
  for (const l of all) if (!known.has(l.ref)) known.set(l.ref, l.entity);

  const fetchMissing = async (refs: Iterable<string>) => {
    if (!catalog) return;
    const missing = [...new Set(refs)].filter(r => !known.has(r));
    for (const e of await catalog.getByRefs(missing)) {
      const ref = entityRef(e);
      if (!known.has(ref)) known.set(ref, e);
    }
  };

  const related = new Map(
    components.map(c => [c, relatedEntityRefs(c.entity)] as const),
  );
  await fetchMissing(
    [...related.values()].flatMap(r => [
      ...(r.owner ? [r.owner] : []),
      ...(r.system ? [r.system] : []),
      ...r.apis,
      ...r.resources,
    ]),
  );
  // Domains hang off systems, which may themselves have come from the catalog.
  const domainOf = (systemRef?: string) => {
    const system = systemRef ? known.get(systemRef) : undefined;
    return system ? domainEntityRef(system) : undefined;
  };
  await fetchMissing(
    [...related.values()]
      .map(r => domainOf(r.system))
      .filter((r): r is string => r !== undefined),
  );

  const out = new Map<Located, EvaluationContext>();
  for (const [c, r] of related) {
    const pick = (ref?: string) => (ref ? known.get(ref) : undefined);
    const domain = pick(domainOf(r.system));
    const apis = r.apis.map(pick).filter((e): e is Entity => e !== undefined);
    const resources = r.resources
      .map(pick)
      .filter((e): e is Entity => e !== undefined);
    out.set(c, {
      entity: c.entity,
      ...(pick(r.owner) ? { owner: pick(r.owner) } : {}),
      ...(pick(r.system) ? { system: pick(r.system) } : {}),
      ...(domain ? { domain } : {}),
      apis,
      resources,
    });
  }
  return out;
}
