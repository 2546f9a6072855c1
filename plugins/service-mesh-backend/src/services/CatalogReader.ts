import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  domainEntityRef,
  EvaluationContext,
  relatedEntityRefs,
} from '@mesh-advisor/plugin-service-mesh-common';

/** The catalog must answer within this, else callers get a 503 (SPEC §6). */
const CATALOG_TIMEOUT_MS = 1500;

/** Only what the evaluator reads; keeps catalog responses small. */
const EVALUATION_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec',
  'relations',
];

/**
 * Reads entities and everything their evaluation needs from the catalog,
 * always with the caller's credentials, so an evaluation can only be built
 * from what the caller may read.
 *
 * Round trips per entity: one for the entity, then one (in parallel) for the
 * related entities by ref and one for the system's domain. Batches of
 * entities share those two.
 */
export class CatalogReader {
  constructor(private readonly catalog: CatalogService) {}

  /** The entity, or NotFoundError when it does not exist or the caller may not read it. */
  async getEntity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.guard(
      this.catalog.getEntityByRef(ref, { credentials }),
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} found`);
    }
    return entity;
  }

  /** Evaluation contexts for entities, resolving their related entities in two parallel round trips. */
  async loadContexts(
    entities: Entity[],
    credentials: BackstageCredentials,
    known = new Map<string, Entity | undefined>(),
  ): Promise<EvaluationContext[]> {
    const related = entities.map(entity => relatedEntityRefs(entity));
    const wanted = new Set<string>();
    for (const refs of related) {
      for (const ref of [
        refs.owner,
        refs.system,
        ...refs.apis,
        ...refs.resources,
      ]) {
        if (ref && !known.has(ref)) wanted.add(ref);
      }
    }
    const systemRefs = [
      ...new Set(related.flatMap(r => (r.system ? [r.system] : []))),
    ];
    const unknownDomainsFor = systemRefs.filter(
      ref => !known.has(domainKey(ref)),
    );

    const [byRef, domains] = await Promise.all([
      wanted.size
        ? this.guard(
            this.catalog.getEntitiesByRefs(
              { entityRefs: [...wanted], fields: EVALUATION_FIELDS },
              { credentials },
            ),
          )
        : Promise.resolve({ items: [] }),
      // A domain is found by the system it has, so it needs no extra round
      // trip after the system's own.
      unknownDomainsFor.length
        ? this.guard(
            this.catalog.getEntities(
              {
                filter: {
                  kind: 'domain',
                  'relations.haspart': unknownDomainsFor,
                },
                fields: [...EVALUATION_FIELDS],
              },
              { credentials },
            ),
          )
        : Promise.resolve({ items: [] }),
    ]);

    [...wanted].forEach((ref, i) =>
      known.set(ref, byRef.items[i] ?? undefined),
    );
    for (const systemRef of unknownDomainsFor)
      known.set(domainKey(systemRef), undefined);
    for (const domain of domains.items) {
      for (const relation of domain.relations ?? []) {
        if (
          relation.type === 'hasPart' &&
          unknownDomainsFor.includes(relation.targetRef)
        ) {
          known.set(domainKey(relation.targetRef), domain);
        }
      }
    }

    return entities.map((entity, i) => {
      const refs = related[i];
      const system = refs.system ? known.get(refs.system) : undefined;
      const expectedDomain = system ? domainEntityRef(system) : undefined;
      const domain = refs.system
        ? known.get(domainKey(refs.system))
        : undefined;
      return {
        entity,
        owner: refs.owner ? known.get(refs.owner) : undefined,
        system,
        // Only the domain the system names (the relation could be stale).
        domain:
          domain && expectedDomain === stringifyEntityRef(domain)
            ? domain
            : undefined,
        apis: present(refs.apis.map(ref => known.get(ref))),
        resources: present(refs.resources.map(ref => known.get(ref))),
      };
    });
  }

  /** Pages of entities matching a filter, as the caller sees them. */
  streamEntities(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
    pageSize?: number,
  ): AsyncIterable<Entity[]> {
    return this.catalog.streamEntities(
      { filter, fields: EVALUATION_FIELDS, pageSize },
      { credentials },
    );
  }

  /** Components that are part of a system, as the caller sees them. */
  async getSystemComponents(
    systemRef: string,
    credentials: BackstageCredentials,
  ) {
    const { items } = await this.guard(
      this.catalog.getEntities(
        {
          filter: { kind: 'component', 'relations.partof': systemRef },
          fields: EVALUATION_FIELDS,
        },
        { credentials },
      ),
    );
    return items;
  }

  /** Entity refs matching a filter that the caller may read (refs only). */
  async readableRefs(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const refs = new Set<string>();
    const pages = this.catalog.streamEntities(
      { filter, fields: ['kind', 'metadata.namespace', 'metadata.name'] },
      { credentials },
    );
    for await (const page of pages) {
      for (const entity of page) refs.add(stringifyEntityRef(entity));
    }
    return refs;
  }

  /**
   * Turns a slow or failing catalog into a 503 within CATALOG_TIMEOUT_MS,
   * so callers are never left hanging nor shown a 500.
   */
  async guard<T>(call: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ServiceUnavailableError(
              'The catalog did not answer in time; try again shortly',
            ),
          ),
        CATALOG_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([call, timeout]);
    } catch (error) {
      throw toCatalogError(error);
    } finally {
      clearTimeout(timer);
      call.catch(() => {}); // a late rejection after the timeout is already answered
    }
  }
}

function domainKey(systemRef: string) {
  return `domain-of:${systemRef}`;
}

function present(entities: Array<Entity | undefined>): Entity[] {
  return entities.filter((e): e is Entity => Boolean(e));
}

/** Catalog failures the caller cannot fix become 503; the rest pass through. */
export function toCatalogError(error: unknown): unknown {
  const e = error as {
    name?: string;
    statusCode?: number;
    response?: { status?: number };
    code?: string;
  };
  if (e?.name === 'ServiceUnavailableError' || e?.name === 'NotFoundError')
    return error;
  const status = e?.statusCode ?? e?.response?.status;
  if (status !== undefined && status < 500) return error;
  return new ServiceUnavailableError(
    `The catalog could not be reached (${
      (error as Error)?.message ?? String(error)
    }); try again shortly`,
  );
}
