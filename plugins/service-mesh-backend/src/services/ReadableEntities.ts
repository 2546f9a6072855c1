import {
  BackstageCredentials,
  CacheService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createHash } from 'node:crypto';
import { CatalogReader } from './CatalogReader';
import { EvaluationStore, Visibility } from './EvaluationStore';

/** How long a computed readable set is reused. */
const READABLE_SET_TTL_MS = 60_000;

/**
 * Decides which stored evaluations a caller may see, by asking the catalog's
 * own read permission for the caller:
 *
 * - ALLOW: everything (no filter, the list stays a pure SQL query);
 * - DENY: nothing;
 * - CONDITIONAL: the catalog, queried with the caller's credentials, returns
 *   the component refs the caller may read; compared with the stored rows,
 *   that gives the hidden ones. The result is cached under a hash of the
 *   conditions themselves, so every caller with the same conditions shares
 *   it, and a change of conditions (new group membership, new policy) is a
 *   new key.
 *
 * The catalog stays the only judge of visibility; this plugin never
 * re-implements its permission rules.
 */
export class ReadableEntities {
  /**
   * Computations in progress, by cache key: callers with the same conditions
   * who arrive while the catalog is being walked wait for that walk instead
   * of starting their own (a dashboard opened by many people at once after
   * the cache expired would otherwise walk the catalog once per person).
   */
  private readonly inProgress = new Map<string, Promise<Visibility>>();

  constructor(
    private readonly permissions: PermissionsService,
    private readonly cache: CacheService,
    private readonly reader: CatalogReader,
    private readonly store: EvaluationStore,
  ) {}

  /** Which stored evaluations the caller may see; undefined when it may read all. */
  async visibility(
    credentials: BackstageCredentials,
  ): Promise<Visibility | undefined> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    if (decision.result !== AuthorizeResult.CONDITIONAL) return { only: [] };

    const key = `readable-components:${createHash('sha256')
      .update(JSON.stringify(decision.conditions))
      .digest('hex')}`;
    const cached = (await this.cache.get(key)) as Visibility | undefined;
    if (cached) return cached;

    let computing = this.inProgress.get(key);
    if (!computing) {
      computing = this.compute(key, credentials).finally(() =>
        this.inProgress.delete(key),
      );
      this.inProgress.set(key, computing);
    }
    return computing;
  }

  private async compute(
    key: string,
    credentials: BackstageCredentials,
  ): Promise<Visibility> {
    // Taken before the stored refs are read: rows written later are not
    // classified below, so the "except" form leaves them out.
    const seenBefore = new Date().toISOString();
    const stored = await this.store.storedRefs();
    const readable = await this.reader.readableRefs(
      { kind: 'component' },
      credentials,
    );
    const hidden = stored.filter(ref => !readable.has(ref));
    // Usually a policy hides a few entities: a short NOT IN list keeps the
    // dashboard's queries as cheap as for a caller who may read everything.
    const visibility: Visibility =
      hidden.length <= readable.size
        ? { except: hidden, seenBefore }
        : { only: [...readable] };
    await this.cache.set(key, visibility, { ttl: READABLE_SET_TTL_MS });
    return visibility;
  }
}
