import {
  BackstageCredentials,
  CacheService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EvaluationContext } from '@mesh-advisor/plugin-service-mesh-common';
import { CatalogReader, relatedRefsOf } from '../CatalogReader';

/*
 * Reads through the same CatalogReader.readByRefs as the usual path:
 * `src/services/MeshAdvisorService/unfilteredReads.test.ts` fails if an
 * evaluation read this way differs from one read the usual way.
 */

/** Remembered like the reader's own hint: it only decides what is read together. */
const RELATED_TTL_MS = 24 * 60 * 60_000;

/**
 * An entity's evaluation context in ONE catalog request, for callers the
 * catalog hides nothing from.
 *
 * The usual read (CatalogReader.loadEntityContext) reads the entity alone
 * first, so that an entity hidden from the caller takes the same path as a
 * missing one; the related entities follow in a second request. Each
 * request on a caller's behalf costs a signed plugin token, its
 * verification by the catalog and an HTTP round trip. For a caller whose
 * catalog read permission is an unconditional ALLOW, nothing is hidden and
 * there is nothing to tell apart: the entity and its remembered related refs
 * are read together. Service principals get that decision locally (the
 * permission client decides for them without a request), so asking costs
 * nothing; for users it would cost the round trip it saves, so they keep the
 * usual read.
 */
export function createUnfilteredReads(deps: {
  reader: CatalogReader;
  cache: CacheService;
  permissions: PermissionsService;
}) {
  const { reader, cache, permissions } = deps;
  const keyOf = (ref: string) => `service-caller-related:${ref.toLowerCase()}`;

  return {
    /** True when the catalog hides nothing from this caller. */
    async applies(credentials: BackstageCredentials): Promise<boolean> {
      if ((credentials.principal as { type?: string }).type !== 'service')
        return false;
      const [decision] = await permissions.authorizeConditional(
        [{ permission: catalogEntityReadPermission }],
        { credentials },
      );
      return decision.result === AuthorizeResult.ALLOW;
    },

    async loadEntityContext(
      ref: string,
      credentials: BackstageCredentials,
    ): Promise<EvaluationContext> {
      const hint = (await cache.get(keyOf(ref))) as string[] | undefined;
      const context = hint
        ? await reader.loadWithRelatedRefs(ref, hint, credentials)
        : await reader.loadEntityContext(ref, credentials);
      const refs = relatedRefsOf(context);
      if (hint?.join() !== refs.join()) {
        await cache.set(keyOf(ref), refs, { ttl: RELATED_TTL_MS });
      }
      return context;
    },
  };
}

/** @internal */
export type UnfilteredReads = ReturnType<typeof createUnfilteredReads>;
