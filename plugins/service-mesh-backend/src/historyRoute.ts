import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { CatalogReader } from './services/CatalogReader';
import { VerdictHistory } from './services/history';
import { ReadableEntities } from './services/ReadableEntities';
import { validatePathParams, validateQueryEncoding } from './validation';

/** Most transitions one entity's history answers with. */
const MAX_ENTITY_TRANSITIONS = 100;
/** Most entities the recent-changes list answers with. */
const MAX_RECENT_CHANGES = 500;
const DAY_MS = 24 * 60 * 60_000;

/**
 * The verdict history routes (issue #11), mounted by the plugin's router:
 *
 * - `GET /v1/entities/:kind/:namespace/:name/history`: one entity's verdict
 *   transitions, newest first; 404 when the caller may not read the entity
 *   in the catalog, exactly as for a missing one.
 * - `GET /v1/history/verdict-counts?days=30`: verdict counts at the end of
 *   each of the last `days` days, over the entities the caller may read.
 * - `GET /v1/history/changes?days=7`: the entities the caller may read whose
 *   verdict changed in the last `days` days, with their latest transition.
 *
 * `days` runs from 1 to the retention (`serviceMesh.history.retentionDays`):
 * older transitions are deleted, so older counts could not be rebuilt.
 */
export function createHistoryRouter(options: {
  httpAuth: HttpAuthService;
  reader: CatalogReader;
  readable: ReadableEntities;
  history: VerdictHistory;
  retentionDays: number;
}): express.Router {
  const { httpAuth, reader, readable, history, retentionDays } = options;
  const router = Router();
  const credentialsOf = (req: Request): Promise<BackstageCredentials> =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  // GET /v1/entities/component/default/payments/history?limit=20
  router.get(
    '/v1/entities/:kind/:namespace/:name/history',
    async (req, res) => {
      const credentials = await credentialsOf(req);
      const { kind, namespace, name } = req.params;
      validatePathParams({ kind, namespace, name });
      const { limit } = readQuery(req, {
        limit: { min: 1, max: MAX_ENTITY_TRANSITIONS, fallback: 20 },
      });
      // The catalog decides: an entity the caller may not read is a 404.
      const entity = await reader.getEntity(
        stringifyEntityRef({ kind, namespace, name }),
        credentials,
      );
      const entityRef = stringifyEntityRef(entity).toLowerCase();
      res.json({
        entityRef,
        transitions: await history.ofEntity(entityRef, limit),
      });
    },
  );

  // GET /v1/history/verdict-counts?days=30
  router.get('/v1/history/verdict-counts', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { days } = readQuery(req, {
      days: {
        min: 1,
        max: retentionDays,
        fallback: Math.min(30, retentionDays),
      },
    });
    const visibility = await readable.visibility(credentials);
    res.json({
      retentionDays,
      days: await history.dailyCounts(days, visibility, new Date()),
    });
  });

  // GET /v1/history/changes?days=7&limit=100
  router.get('/v1/history/changes', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { days, limit } = readQuery(req, {
      days: {
        min: 1,
        max: retentionDays,
        fallback: Math.min(7, retentionDays),
      },
      limit: { min: 1, max: MAX_RECENT_CHANGES, fallback: 100 },
    });
    const since = new Date(Date.now() - days * DAY_MS);
    const visibility = await readable.visibility(credentials);
    res.json({
      since: since.toISOString(),
      ...(await history.changedSince(since, visibility, limit)),
    });
  });

  return router;
}

/**
 * Integer query parameters, each within its range; any other parameter, or
 * a repeated one, is a 400 naming it and what is accepted.
 */
function readQuery<K extends string>(
  req: Request,
  spec: Record<K, { min: number; max: number; fallback: number }>,
): Record<K, number> {
  validateQueryEncoding(req.originalUrl);
  const accepted = Object.keys(spec) as K[];
  const out = {} as Record<K, number>;
  for (const key of Object.keys(req.query)) {
    if (!(accepted as string[]).includes(key)) {
      throw new InputError(
        `Unknown query parameter ${JSON.stringify(
          key.slice(0, 40),
        )}; accepted: ${accepted.join(', ')}`,
      );
    }
  }
  for (const key of accepted) {
    const { min, max, fallback } = spec[key];
    const raw = req.query[key];
    if (raw === undefined) {
      out[key] = fallback;
      continue;
    }
    const value =
      typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) {
      throw new InputError(
        `Invalid query parameter ${key}: ${JSON.stringify(
          typeof raw === 'string' ? raw.slice(0, 40) : raw,
        )}; accepted: an integer from ${min} to ${max}`,
      );
    }
    out[key] = value;
  }
  return out;
}
