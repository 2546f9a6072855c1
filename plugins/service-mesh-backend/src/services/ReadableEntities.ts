import {
  BackstageCredentials,
  CacheService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createHash } from 'node:crypto';
import { CatalogReader } from './CatalogReader';

/** How long a computed readable set is reused. */
const READABLE_SET_TTL_MS = 60_000;

/**
 * Decides which stored evaluations a caller may see, by asking the catalog's
 * own read permission for the caller:
 *
 * - ALLOW: everything (no filter, the list stays a pure SQL query);
 * - DENY: nothing;
 * - CONDITIONAL: the catalog, queried with the caller's credentials, returns
 *   the component refs the caller may read. The set is cached under a hash of
 *   the conditions themselves, so every caller with the same conditions
 *   shares it, and a change of conditions (new group membership, new policy)
 *   is a new key.
 *
 * The catalog stays the only judge of visibility; this plugin never
 * re-implements its permission rules.
 */
export class ReadableEntities {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly cache: CacheService,
    private readonly reader: CatalogReader,
  ) {}

  /** The component refs the caller may read, or undefined when it may read all. */
  async componentRefs(
    credentials: BackstageCredentials,
  ): Promise<Set<string> | undefined> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    if (decision.result !== AuthorizeResult.CONDITIONAL) return new Set();

    const key = `readable-components:${createHash('sha256')
      .update(JSON.stringify(decision.conditions))
      .digest('hex')}`;
    const cached = (await this.cache.get(key)) as string[] | undefined;
    if (cached) return new Set(cached);

    const refs = await this.reader.readableRefs(
      { kind: 'component' },
      credentials,
    );
    await this.cache.set(key, [...refs], { ttl: READABLE_SET_TTL_MS });
    return refs;
  }
}
