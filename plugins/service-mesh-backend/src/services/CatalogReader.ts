import {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import pLimit from 'p-limit';
import {
  domainEntityRef,
  EvaluationContext,
  relatedEntityRefs,
} from '@mesh-advisor/plugin-service-mesh-common';

/** The catalog must answer within this, else callers get a 503. */
const CATALOG_TIMEOUT_MS = 1500;

/**
 * Per catalog call of the scheduled passes, which nobody waits on: a loaded
 * catalog (a 10,000-component page of 500 took over 1.5 s on a busy 2-core
 * machine, failing whole passes) still ends a hung walk well within the
 * task's timeout.
 */
export const BACKGROUND_CATALOG_TIMEOUT_MS = 10_000;

/** See CatalogReader.inFlight. */
const MAX_CATALOG_REQUESTS_IN_FLIGHT = 8;

/**
 * Only what the evaluator and the dashboard read, of a component and of its
 * owner, system, domain, APIs and resources. Not `spec` whole: an API's
 * `spec.definition` can be a schema of megabytes.
 */
/** What an evaluation reads of an entity and of its related entities. */
export const EVALUATION_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  // Inference reads tags and API definitions (docs/catalog-inference.md).
  'metadata.tags',
  'spec.definition',
  // Stored with the evaluation: change detection compares it (not hashed).
  'metadata.etag',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
  'spec.domain',
  'spec.members',
  'spec.providesApis',
  'spec.consumesApis',
  'spec.dependsOn',
  'relations',
];

/**
 * What the change-detection pass reads of every component: its ref and its
 * etag. The catalog's stitcher sets the etag to a hash of the whole stitched
 * entity, relations and status included, so it changes whenever the entity
 * or its own relations do (performStitching in
 * @backstage/plugin-catalog-backend 4.0).
 */
const CHANGE_MARKER_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
];

/**
 * How long the related refs of an entity are remembered. Longer than any
 * sensible refresh interval, since the refresh writes them only when an
 * entity's inputs changed. A stale hint is harmless: it only decides which
 * refs are read together, costs one more round trip, and is replaced.
 */
const RELATED_REFS_TTL_MS = 24 * 60 * 60_000;

/**
 * How long the related refs of an entity a user has read are remembered for
 * that user: a working session's repeated views of the same pages. One entry
 * per user and entity viewed, so kept short.
 */
const CALLER_RELATED_TTL_MS = 60 * 60_000;

/**
 * Reads entities and everything their evaluation needs from the catalog,
 * always with the caller's credentials, so an evaluation can only be built
 * from what the caller may read.
 *
 * Round trips for one entity: when this user has read it within the hour,
 * ONE by-refs request for the entity and the related refs of that read. The
 * first time, the entity alone (a hidden entity and a missing one take
 * exactly the same path), then its owner, system, domain, APIs and
 * resources in one by-refs request when its related refs were seen before
 * (by the refresh or another caller): two; otherwise three (the system's
 * domain follows the system). The cache holds refs only, never entity data:
 * each read still goes through the catalog's permission checks for the
 * caller, and an unreadable ref simply comes back empty. Batches of
 * entities share those trips.
 */
export class CatalogReader {
  /**
   * Catalog requests in flight at once from this backend. A burst of callers
   * (50 clients connecting in the same instant) otherwise opens as many new
   * loopback connections to the catalog at once; on a 2-core machine the
   * slowest of them took ~1.45 s, at the edge of the timeout (~0.2 s capped).
   */
  private readonly inFlight = pLimit(MAX_CATALOG_REQUESTS_IN_FLIGHT);

  private readonly timeoutMs: number;

  constructor(
    private readonly catalog: CatalogService,
    private readonly cache?: CacheService,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? CATALOG_TIMEOUT_MS;
  }

  /** The entity, or NotFoundError when it does not exist or the caller may not read it. */
  async getEntity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.guard(() =>
      this.catalog.getEntityByRef(ref, { credentials }),
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} found`);
    }
    return entity;
  }

  /**
   * Entities by ref, in the order asked, null where missing or unreadable,
   * with what their evaluation reads. Read whole and projected here: with
   * `fields` the catalog parses, projects and re-serialises every entity it
   * sends (raw JSON otherwise), which cost a repeat view's one request about
   * a quarter more for the same bytes (bench/README.md).
   */
  async readByRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Array<Entity | null>> {
    const { items } = await this.guard(() =>
      this.catalog.getEntitiesByRefs({ entityRefs }, { credentials }),
    );
    return items.map(item => (item ? projectEvaluationFields(item) : null));
  }

  /**
   * The evaluation context of one entity by ref; NotFoundError when it does
   * not exist or the caller may not read it.
   */
  async loadEntityContext(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<EvaluationContext> {
    const callerKey = callerRelatedKey(credentials, ref);
    const callerHint = callerKey
      ? ((await this.cache?.get(callerKey)) as string[] | undefined)
      : undefined;
    let context: EvaluationContext;
    if (callerHint) {
      try {
        context = await this.loadWithRelatedRefs(ref, callerHint, credentials);
      } catch (error) {
        // Deleted or hidden since: the next view starts over.
        if ((error as Error).name === 'NotFoundError' && callerKey)
          await this.cache?.delete(callerKey);
        throw error;
      }
    } else {
      context = await this.loadUnknownEntityContext(ref, credentials);
    }
    const refs = relatedRefsOf(context);
    if (callerKey && callerHint?.join() !== refs.join()) {
      await this.cache?.set(callerKey, refs, { ttl: CALLER_RELATED_TTL_MS });
    }
    return context;
  }

  /**
   * An entity with the related refs of an earlier read of it, in ONE
   * request; loadContexts then fetches only what those refs missed. Used
   * for an entity this caller read before (using what the caller was
   * already shown tells them nothing: an entity since deleted and one since
   * hidden both come back empty, on this same path) and for callers the
   * catalog hides nothing from (MeshAdvisorService/unfilteredReads.ts).
   */
  async loadWithRelatedRefs(
    ref: string,
    relatedRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<EvaluationContext> {
    const [entity, ...related] = await this.readByRefs(
      [ref, ...relatedRefs],
      credentials,
    );
    if (!entity) throw new NotFoundError(`No entity ${ref} found`);
    const known = new Map(
      relatedRefs.map((r, i) => [r, related[i] ?? undefined]),
    );
    const [context] = await this.loadContexts([entity], credentials, known);
    return context;
  }

  /** An entity this caller has not read yet (or not lately): two round trips. */
  private async loadUnknownEntityContext(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<EvaluationContext> {
    // The caller's own read comes first, alone, and nothing else is looked at
    // before it succeeded: the related-refs hint is written by the refresh
    // with the plugin's credentials, so using it earlier would send a hidden
    // entity down another path than a missing one (other timing, other
    // stack), telling the caller that it exists.
    const [entity] = await this.readByRefs([ref], credentials);
    if (!entity) throw new NotFoundError(`No entity ${ref} found`);
    const hint = (await this.cache?.get(relatedKey(ref))) as
      | string[]
      | undefined;
    const known = new Map<string, Entity | undefined>();
    // With a hint, the related entities and the system's domain come in one
    // request; loadContexts then fetches only what the hint missed.
    if (hint) await this.readMissing(hint, known, credentials);
    const [context] = await this.loadContexts([entity], credentials, known);
    if (hint?.join() !== relatedRefsOf(context).join()) {
      await this.rememberRelatedRefs([context]);
    }
    return context;
  }

  /**
   * Evaluation contexts for entities. Related entities are read by ref: one
   * round trip for what is not known yet, and one more for the domains of
   * systems read in it. (Finding a domain by its `hasPart` relation instead
   * would save that trip but costs tens of ms per system on a large catalog.)
   */
  async loadContexts(
    entities: Entity[],
    credentials: BackstageCredentials,
    known = new Map<string, Entity | undefined>(),
    alsoRead: string[] = [],
  ): Promise<EvaluationContext[]> {
    const related = entities.map(entity => relatedEntityRefs(entity));
    await this.readMissing(
      [
        ...alsoRead,
        ...related.flatMap(refs => [
          refs.owner,
          refs.system,
          ...refs.apis,
          ...refs.resources,
        ]),
      ],
      known,
      credentials,
    );
    const systemOf = (i: number) => {
      const ref = related[i].system;
      return ref ? known.get(ref) : undefined;
    };
    await this.readMissing(
      entities.map((_, i) => {
        const system = systemOf(i);
        return system ? domainEntityRef(system) : undefined;
      }),
      known,
      credentials,
    );

    const contexts = entities.map((entity, i) => {
      const refs = related[i];
      const system = systemOf(i);
      const domainRef = system ? domainEntityRef(system) : undefined;
      return {
        entity,
        owner: refs.owner ? known.get(refs.owner) : undefined,
        system,
        domain: domainRef ? known.get(domainRef) : undefined,
        apis: present(refs.apis.map(ref => known.get(ref))),
        resources: present(refs.resources.map(ref => known.get(ref))),
      };
    });
    return contexts;
  }

  /** Reads, in one request, the refs not in `known` yet; unreadable ones are recorded as missing. */
  private async readMissing(
    refs: Array<string | undefined>,
    known: Map<string, Entity | undefined>,
    credentials: BackstageCredentials,
  ) {
    const wanted = [
      ...new Set(refs.filter((r): r is string => !!r && !known.has(r))),
    ];
    if (wanted.length === 0) return;
    const items = await this.readByRefs(wanted, credentials);
    wanted.forEach((ref, i) => known.set(ref, items[i] ?? undefined));
  }

  /**
   * Remembers the related refs of entities read from the catalog (never of
   * drafts sent to POST /v1/evaluate), for the one-round-trip read.
   */
  async rememberRelatedRefs(contexts: EvaluationContext[]): Promise<void> {
    if (!this.cache) return;
    await Promise.all(
      contexts.map(context =>
        this.cache!.set(
          relatedKey(stringifyEntityRef(context.entity)),
          relatedRefsOf(context),
          { ttl: RELATED_REFS_TTL_MS },
        ),
      ),
    );
  }

  /**
   * Pages of entities matching a filter, as the caller sees them, with what
   * their evaluation reads. The walks of the refresh read whole entities
   * and project them here: with `fields`, the catalog parses, projects and
   * re-serialises every entity it sends, which made a 10,000-component walk
   * take twice as long as the plain one for about the same bytes
   * (bench/README.md). The projection is the catalog's own, so hashes of
   * stored inputs do not change.
   */
  streamEntities(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
    pageSize?: number,
  ): AsyncIterable<Entity[]> {
    return projectPages(
      this.guardPages(
        this.catalog.streamEntities({ filter, pageSize }, { credentials }),
      ),
    );
  }

  /**
   * Pages of refs and etags of the entities matching a filter: the cheap walk
   * of change detection, a few dozen bytes per entity.
   */
  streamChangeMarkers(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
    pageSize?: number,
  ): AsyncIterable<Entity[]> {
    return this.guardPages(
      this.catalog.streamEntities(
        { filter, fields: CHANGE_MARKER_FIELDS, pageSize },
        { credentials },
      ),
    );
  }

  /**
   * The entities of these refs with what their evaluation reads, in one
   * request; refs that no longer exist (or are unreadable) are left out.
   */
  async getEntitiesByRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    if (entityRefs.length === 0) return [];
    const items = await this.readByRefs(entityRefs, credentials);
    return present(items.map(item => item ?? undefined));
  }

  /**
   * What a system roll-up needs, in three round trips whatever the size of
   * the system: the system; its components, by the refs of its `hasPart`
   * relations (a by-refs read, where a `relations.partof` filter query
   * costs the catalog a search of its whole relations table); then the
   * components' owners, APIs and resources together with the system's
   * domain. The system itself is not read again for each component.
   * Components the caller may not read come back empty and are left out.
   */
  async loadSystem(
    systemRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ system: Entity; contexts: EvaluationContext[] }> {
    const system = await this.getEntity(systemRef, credentials);
    const componentRefs = [
      ...new Set(
        (system.relations ?? [])
          .filter(
            r =>
              r.type === 'hasPart' &&
              r.targetRef.toLowerCase().startsWith('component:'),
          )
          .map(r => r.targetRef.toLowerCase()),
      ),
    ];
    let components: Entity[] = [];
    if (componentRefs.length > 0) {
      const items = await this.readByRefs(componentRefs, credentials);
      components = present(items.map(item => item ?? undefined));
    }
    const known = new Map<string, Entity | undefined>([
      [stringifyEntityRef(system).toLowerCase(), system],
    ]);
    const domain = domainEntityRef(system);
    const contexts = await this.loadContexts(
      components,
      credentials,
      known,
      domain ? [domain] : [],
    );
    return { system, contexts };
  }

  /** Entity refs matching a filter that the caller may read (refs only). */
  async readableRefs(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const refs = new Set<string>();
    const pages = this.guardPages(
      this.catalog.streamEntities(
        { filter, fields: ['kind', 'metadata.namespace', 'metadata.name'] },
        { credentials },
      ),
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
  async guard<T>(call: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let expired = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = true;
        reject(
          new ServiceUnavailableError(
            'The catalog did not answer in time; try again shortly',
          ),
        );
      }, this.timeoutMs);
    });
    // Waiting for a slot counts against the same timeout, and the slot is
    // given back at the timeout even when the call hangs.
    const attempt = this.inFlight(async () => {
      if (expired) return timeout;
      const running = call();
      running.catch(() => {}); // a late rejection after the timeout is already answered
      return Promise.race([running, timeout]);
    });
    attempt.catch(() => {});
    try {
      return await Promise.race([attempt, timeout]);
    } catch (error) {
      throw toCatalogError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Each page of a paged walk guarded like a single call: a catalog that
   * hangs or fails mid-walk ends the walk with a 503 instead of holding it
   * (and a refresh, or a list request) forever.
   */
  private async *guardPages<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
    const iterator = pages[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        const next = await this.guard(() => iterator.next());
        if (next.done) {
          finished = true;
          return;
        }
        yield next.value;
      }
    } finally {
      // Stop the underlying walk; never wait for a hung one.
      if (!finished) iterator.return?.()?.catch(() => {});
    }
  }
}

/** The refs an entity's evaluation reads besides the entity itself. */
export function relatedRefsOf(context: EvaluationContext): string[] {
  const refs = relatedEntityRefs(context.entity);
  const domain = context.system ? domainEntityRef(context.system) : undefined;
  return [
    refs.owner,
    refs.system,
    domain,
    ...refs.apis,
    ...refs.resources,
  ].filter((r): r is string => Boolean(r));
}

/**
 * Refs compare case-insensitively in the catalog; so do the cache keys. Entity
 * refs are ASCII, so plain toLowerCase() is enough (the locale-aware variant
 * showed up in the profiles of the entity route).
 */
function relatedKey(entityRef: string) {
  return `related-refs:${entityRef.toLowerCase()}`;
}

const EVALUATION_PATHS = EVALUATION_FIELDS.map(field => field.split('.'));

/**
 * An entity as the catalog returns it for `fields=EVALUATION_FIELDS`: the
 * fields in that order, absent ones left out (the catalog's
 * parseEntityTransformParams), so the result serialises identically.
 */
export function projectEvaluationFields(entity: Entity): Entity {
  const output: Record<string, any> = {};
  for (const path of EVALUATION_PATHS) {
    let value: any = entity;
    for (const key of path) {
      value =
        value !== null && typeof value === 'object' ? value[key] : undefined;
      if (value === undefined) break;
    }
    if (value === undefined) continue;
    let target = output;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path[path.length - 1]] = value;
  }
  return output as Entity;
}

async function* projectPages(
  pages: AsyncIterable<Entity[]>,
): AsyncGenerator<Entity[]> {
  for await (const page of pages) yield page.map(projectEvaluationFields);
}

/**
 * Per user: what that user was shown. Only users' reads are remembered this
 * way (service principals take the unfiltered path, see
 * MeshAdvisorService/unfilteredReads.ts).
 */
function callerRelatedKey(
  credentials: BackstageCredentials,
  entityRef: string,
): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  if (principal.type !== 'user' || !principal.userEntityRef) return undefined;
  return `caller-related-refs:${principal.userEntityRef.toLowerCase()}:${entityRef.toLowerCase()}`;
}

function present(entities: Array<Entity | undefined>): Entity[] {
  return entities.filter((e): e is Entity => Boolean(e));
}

/**
 * Catalog failures the caller cannot fix become 503. A 4xx answer of the
 * catalog becomes our own error of the same status: the catalog's message
 * names its internal URL (`/entities/by-name/...`), which is not ours to show.
 */
function toCatalogError(error: unknown): unknown {
  const e = error as {
    name?: string;
    statusCode?: number;
    response?: { status?: number };
    code?: string;
  };
  if (e?.name === 'ServiceUnavailableError' || e?.name === 'NotFoundError')
    return error;
  const status = e?.statusCode ?? e?.response?.status;
  if (status !== undefined && status < 500) {
    if (e?.name !== 'ResponseError' && e?.response === undefined) return error;
    return status === 400
      ? new InputError(
          'The catalog refused the entity reference as invalid; send refs as [kind:][namespace/]name',
        )
      : Object.assign(
          new Error(`The catalog refused the request (status ${status})`),
          { statusCode: status },
        );
  }
  return new ServiceUnavailableError(
    `The catalog could not be reached (${
      (error as Error)?.message ?? String(error)
    }); try again shortly`,
  );
}
