import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  evaluateRequestSchema,
  listEvaluationsQuerySchema,
} from '@mesh-advisor/plugin-service-mesh-common';
import express, { ErrorRequestHandler, Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { createOpenApiRouter, spec } from './schema/openapi';
import { MeshAdvisorService } from './services/MeshAdvisorService';
import {
  validatePathParams,
  validateQueryEncoding,
  validateQueryText,
} from './validation';

/** Bodies over this answer 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A request body must have arrived this long after the headers, else 408.
 * Without it a client that declares more than it sends (or a chunked body
 * that never ends) held its socket and the body parser for Node's 300 s.
 */
export const BODY_TIMEOUT_MS = 10_000;

const tooLarge = (bytes: number | string) =>
  Object.assign(
    new Error(
      `Request body is ${bytes} bytes; the limit is ${MAX_BODY_BYTES} bytes (1 MiB)`,
    ),
    { name: 'PayloadTooLargeError', statusCode: 413 },
  );

/** Backstage's error body, with name and message only (see errorHandler). */
function sendError(
  req: Request,
  res: express.Response,
  statusCode: number,
  error: { name: string; message: string },
) {
  res.status(statusCode).json({
    error: { name: error.name, message: error.message },
    request: { method: req.method, url: req.url },
    response: { statusCode },
  });
}

/**
 * Runs before the body parser, which on a declared length over the limit
 * still waits for the whole body to arrive before it answers (never, when
 * the client lied about the length). The answer closes the connection, so
 * the unread rest of the body is not waited for either.
 */
const bodyGuard: express.RequestHandler = (req, res, next) => {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) {
    res.set('Connection', 'close');
    next(tooLarge(declared));
    return;
  }
  const hasBody =
    declared !== undefined
      ? Number(declared) > 0
      : req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || req.complete) {
    next();
    return;
  }
  const timer = setTimeout(() => {
    if (req.complete || res.headersSent) return;
    res.set('Connection', 'close');
    sendError(req, res, 408, {
      name: 'RequestTimeoutError',
      message: `Request body did not arrive within ${
        BODY_TIMEOUT_MS / 1000
      } s; send the whole body (at most ${MAX_BODY_BYTES} bytes) with a Content-Length that matches it`,
    });
  }, BODY_TIMEOUT_MS);
  const clear = () => clearTimeout(timer);
  req.once('end', clear);
  req.once('close', clear);
  res.once('finish', clear);
  next();
};

export interface RouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  /** Every route is an adapter over it. */
  service: MeshAdvisorService;
  /** Verdict history routes (historyRoute.ts). */
  history?: express.Router;
}

/** body-parser errors, re-worded so the caller learns what to fix. */
const bodyErrors: ErrorRequestHandler = (error, req, _res, next) => {
  if (error?.type === 'entity.too.large') {
    next(tooLarge(error.length));
  } else if (typeof error?.code === 'string' && error.code.startsWith('Z_')) {
    // zlib's own words ("incorrect header check") say nothing to the caller.
    const encoding = String(req.headers['content-encoding'] ?? '').trim();
    next(
      new InputError(
        `Request body could not be decoded as ${encoding} (Content-Encoding: ${encoding}); ` +
          `send it ${encoding}-compressed, or uncompressed without Content-Encoding`,
      ),
    );
  } else if (error?.type === 'entity.parse.failed') {
    next(new InputError(`Request body is not valid JSON: ${error.message}`));
  } else if (
    typeof error?.type === 'string' &&
    error.status >= 400 &&
    error.status < 500
  ) {
    // Other body-parser errors (an unsupported charset or content encoding,
    // an aborted upload): same status, and say it is about the body.
    next(
      Object.assign(
        new Error(`Request body could not be read: ${error.message}`),
        { name: error.name ?? 'Error', statusCode: error.status },
      ),
    );
  } else {
    next(error);
  }
};

/** The outer router parsed the body already. */
const bodiesAlreadyParsed: express.RequestHandler = (_req, _res, next) =>
  next();

/**
 * The OpenAPI validator's messages ("request/query/limit must be string",
 * "Unknown query parameter 'colour'", "unsupported media type text/plain")
 * in this API's words, naming the input and what is accepted the way the
 * handlers do: "Invalid query: limit: must be string".
 */
const validatorErrors: ErrorRequestHandler = (error, req, _res, next) => {
  const message: unknown = error?.message;
  if (error?.name !== 'InputError' || typeof message !== 'string') {
    next(error);
    return;
  }
  const unknownParameter = /^Unknown query parameter '(.*)'$/s.exec(message);
  if (unknownParameter) {
    const accepted = documentedQueryParameters(req.method, req.path);
    next(
      new InputError(
        `Invalid query: Unknown query parameter ${JSON.stringify(
          unknownParameter[1].slice(0, 40),
        )}; ${
          accepted.length
            ? `accepted: ${accepted.join(', ')}`
            : 'this route takes no query parameters'
        }`,
      ),
    );
    return;
  }
  const empty = /^Empty value found for query parameter '(.*)'$/s.exec(message);
  if (empty) {
    next(
      new InputError(
        `Invalid query: ${JSON.stringify(
          empty[1].slice(0, 40),
        )}: must not be empty; leave the parameter out instead`,
      ),
    );
    return;
  }
  if (/^(unsupported media type|media type not specified)/i.test(message)) {
    const type = String(req.headers['content-type'] ?? 'none').slice(0, 100);
    next(
      new InputError(
        `Invalid request body: Content-Type ${type} is not accepted; send the body as application/json`,
      ),
    );
    return;
  }
  const field = /^request\/(body|query|params|headers)(?:\/(\S*))? (.*)$/s.exec(
    message,
  );
  if (field) {
    const [, part, pointer, problem] = field;
    const what = {
      body: 'request body',
      query: 'query',
      params: 'path parameter',
      headers: 'header',
    }[part];
    // "entity/metadata must have required property 'name'" names the
    // missing field itself: entity.metadata.name.
    const missing = /^must have required property '(.+)'$/.exec(problem);
    const path = [
      ...(pointer ? pointer.split('/') : []),
      ...(missing ? [missing[1]] : []),
    ].join('.');
    next(
      new InputError(
        `Invalid ${what}: ${path ? `${path}: ` : ''}${
          missing ? 'is required' : problem
        }`,
      ),
    );
    return;
  }
  next(error);
};

/** The query parameters the spec documents for a request's route. */
function documentedQueryParameters(method: string, path: string): string[] {
  for (const [template, item] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const operation = (item as Record<string, any>)[method.toLowerCase()];
    if (operation && pattern.test(path)) {
      return (operation.parameters ?? [])
        .filter((p: { in?: string }) => p.in === 'query')
        .map((p: { name: string }) => p.name);
    }
  }
  return [];
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, logger, service } = options;
  // The body is read (or refused with 408/413) before the validated router:
  // an error here skips it, so the validator's error transformer never turns
  // a 413 into a 400.
  const outer = Router();
  outer.use(bodyGuard);
  outer.use(express.json({ limit: MAX_BODY_BYTES }));
  outer.use(bodyErrors);
  // Before the validator, which parses the query its own way: every value
  // reaches SQL, and PostgreSQL refuses a NUL byte with a 500 while
  // SQLite's LIKE matched every row with it.
  outer.use((req, _res, next) => {
    validateQueryEncoding(req.originalUrl);
    validateQueryText(req.query);
    next();
  });
  // Validates each request against src/schema/openapi.yaml (types, required
  // fields, unknown query parameters) and serves the spec at /openapi.json.
  const router = await createOpenApiRouter({
    middleware: [bodiesAlreadyParsed],
  });
  outer.use(router);

  // Every route acts for a user or another backend, and reads the catalog with
  // exactly those credentials.
  const credentialsOf = async (req: Request) => ({
    credentials: await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    }),
  });

  // GET /v1/entities/component/default/payments/evaluation
  router.get(
    '/v1/entities/:kind/:namespace/:name/evaluation',
    async (req, res) => {
      const caller = await credentialsOf(req);
      const { kind, namespace, name } = req.params;
      validatePathParams({ kind, namespace, name });
      res.json(await service.evaluateEntity({ kind, namespace, name }, caller));
    },
  );

  // POST /v1/evaluate { "entity": { ...catalog-info.yaml as JSON }, "overrides": { "needs": ["mtls"] } }
  router.post('/v1/evaluate', async (req, res) => {
    const caller = await credentialsOf(req);
    const body = parseInput(evaluateRequestSchema, req.body, 'request body');
    res.json(await service.evaluateDraft(body, caller));
  });

  // GET /v1/evaluations?verdict=istio&owner=group:default/platform&q=pay&sort=-istio&limit=50
  router.get('/v1/evaluations', async (req, res) => {
    const caller = await credentialsOf(req);
    const query = parseInput(listEvaluationsQuerySchema, req.query, 'query');
    res.json(await service.listEvaluations(query, caller));
  });

  // GET /v1/systems/default/checkout/evaluation
  router.get('/v1/systems/:namespace/:name/evaluation', async (req, res) => {
    const caller = await credentialsOf(req);
    const { namespace, name } = req.params;
    validatePathParams({ namespace, name });
    res.json(await service.rollUpSystem({ namespace, name }, caller));
  });

  // GET /v1/clusters
  router.get('/v1/clusters', async (req, res) => {
    const caller = await credentialsOf(req);
    res.json(await service.listClusters(req.query, caller));
  });

  // GET /v1/capabilities
  router.get('/v1/capabilities', async (req, res) => {
    await credentialsOf(req);
    res.json(service.capabilities());
  });

  if (options.history) outer.use(options.history);
  outer.use(validatorErrors);
  outer.use(errorHandler(logger));
  return outer;
}

/** Status of an error, as Backstage's own error handler decides it. */
function statusOf(error: any): number {
  for (const field of ['statusCode', 'status']) {
    const status = error?.[field];
    if (Number.isInteger(status) && status >= 100 && status <= 599) {
      return status;
    }
  }
  const byName: Record<string, number> = {
    InputError: 400,
    AuthenticationError: 401,
    NotAllowedError: 403,
    NotFoundError: 404,
    ConflictError: 409,
    NotImplementedError: 501,
    ServiceUnavailableError: 503,
  };
  return byName[error?.name] ?? 500;
}

/**
 * The plugin's own error handler, in Backstage's error body shape but with
 * name and message only. The root handler adds the `stack` in development
 * mode (and a `cause`, and whatever else the error carries): a stack names
 * the functions an error went through, so a hidden entity and a missing one
 * could be told apart by it, and a cause can carry the catalog's internals.
 */
function errorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    const statusCode = statusOf(error);
    let name = typeof error?.name === 'string' ? error.name : 'Error';
    let message =
      typeof error?.message === 'string' && error.message !== ''
        ? error.message
        : '<no reason given>';
    if (statusCode >= 500) {
      logger.error(`Request failed with status ${statusCode}`, error);
      if (name !== 'ServiceUnavailableError') {
        // Unexpected: the message may be a database's or a library's.
        name = 'Error';
        message = 'An internal error occurred; the backend log has the details';
      }
    }
    if (res.headersSent) {
      next(error);
      return;
    }
    sendError(req, res, statusCode, { name, message });
  };
}

/** Validates with a shared schema; a failure is a 400 naming each bad field. */
function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 10)
    .map(
      issue =>
        `${issue.path.length ? issue.path.join('.') : what}: ${issue.message}`,
    );
  throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
}
