import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  CAPABILITY_IDS,
  EVALUATION_SORT_FIELDS,
  evaluateRequestSchema,
  evaluationSchema,
  listEvaluationsResponseSchema,
  MESH_ANNOTATIONS,
  PROTOCOLS,
  VERDICTS,
} from '@mesh-advisor/plugin-service-mesh-common';
// Common's synthetic-catalog generator (a test utility, not exported), so the
// fuzz draws from the same vocabulary as the benchmarks and property tests.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  BAD_NEEDS,
  BAD_PROTOCOLS,
  BAD_VALUES,
  CLUSTER_PROFILES,
  CURRENT_MESHES,
  generateSyntheticCatalog,
  OPS_CAPACITIES,
  VENDOR_SUPPORT_LEVELS,
} from '@mesh-advisor/plugin-service-mesh-common/src/__testUtils__/syntheticCatalog';
import fc from 'fast-check';
import { MAX_BODY_BYTES } from './router';
import {
  createHttpClient,
  HttpClient,
  HttpResponse,
} from './__testUtils__/httpClient';
import {
  alice,
  bob,
  MeshTestBackend,
  refreshAndWaitForList,
  startMeshTestBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(180_000);

/** C0 controls, DEL and C1 controls, written apart from validation.ts's regex. */
const containsControlCharacter = (value: string) =>
  [...value].some(c => c <= '\u001f' || (c >= '\u007f' && c <= '\u009f'));

/**
 * Fuzz of the two routes that take free-form input: `POST /v1/evaluate`
 * (the body) and `GET /v1/evaluations` (the query). Over 10,000 generated
 * inputs against the real backend over loopback. What a user must never
 * see: a 5xx; a 4xx without Backstage's error body or whose message does not
 * say which input is wrong; a 200 that breaks the response schema.
 */

const service = mockCredentials.service.header();
const callers = [alice, bob, service];

/** Runs one property in `shards` parallel fc.assert calls (small concurrent groups of requests). */
async function assertProperty<Ts extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => Promise<void>,
  { numRuns, shards = 4 }: { numRuns: number; shards?: number },
): Promise<number> {
  const seed = Date.now() ^ 0x5eed;
  const perShard = Math.ceil(numRuns / shards);
  await Promise.all(
    Array.from({ length: shards }, (_, i) =>
      fc.assert(fc.asyncProperty(...arbitraries, predicate), {
        numRuns: perShard,
        seed: seed + i,
        // Time-boxed; a failure is shrunk to a minimal counterexample and its
        // seed printed, to replay it.
        interruptAfterTimeLimit: 150_000,
        markInterruptAsFailure: true,
      }),
    ),
  );
  return perShard * shards;
}

// ---------------------------------------------------------------------------
// Generators

/** Strings a user could paste: ASCII, any unicode (incl. lone surrogates), emoji. */
const anyText = (maxLength = 40) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\uFEFF',
      '\uD800',
      '💥',
      'e\u0301',
      'İ',
      'ß',
      'ǅ',
      '%00',
      '../..',
      "'; drop table service_mesh_evaluations; --",
      '%_\\',
      '__proto__',
      'constructor',
      'NaN',
      '-0',
      '1e309',
      'null',
      'true',
    ),
  );

/** Occasionally big strings: over the 1 KiB annotation limit, up to 64 KiB. */
const bigText = fc
  .tuple(
    fc.integer({ min: 1000, max: 65_536 }),
    fc.string({ minLength: 1, maxLength: 3 }),
  )
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

const capabilityList = fc
  .array(
    fc.oneof(
      fc.constantFrom(...CAPABILITY_IDS),
      fc.constantFrom(...BAD_NEEDS, 'MTLS', ' mtls ', 'wasm', 'tap,', ',', ''),
      anyText(12),
    ),
    { maxLength: 8 },
  )
  .chain(items =>
    fc.constantFrom(',', ', ', ' ,', ';', '\n').map(sep => items.join(sep)),
  );

const numberLike = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    '0',
    '1',
    '100000',
    '100001',
    '-1',
    '1.5',
    '0x10',
    '1e3',
    ' 6 ',
    'six',
    '∞',
  ),
);

/** Any JSON value, some deep. */
const jsonAny = fc.jsonValue({ maxDepth: 4 });

/** An annotation value: right type and wrong types. */
const annotationValue = fc.oneof(
  { weight: 5, arbitrary: anyText() },
  { weight: 3, arbitrary: capabilityList },
  { weight: 2, arbitrary: numberLike },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...CLUSTER_PROFILES,
      ...OPS_CAPACITIES,
      ...CURRENT_MESHES,
      ...VENDOR_SUPPORT_LEVELS,
      'true',
      'false',
      ...PROTOCOLS,
      ...BAD_PROTOCOLS,
      ...Object.values(BAD_VALUES).flat(),
    ),
  },
  { weight: 1, arbitrary: bigText },
  { weight: 2, arbitrary: jsonAny },
);

const annotationKey = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Object.values(MESH_ANNOTATIONS)) },
  {
    weight: 1,
    arbitrary: anyText(20).map(s => `mesh-advisor.io/${s}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'mesh-advisor.io/need',
      'Mesh-Advisor.io/Needs',
      'backstage.io/kubernetes-id',
      'backstage.io/kubernetes-namespace',
    ),
  },
  { weight: 1, arbitrary: anyText(20) },
);

/** Mostly the right shape, rarely (1 in `odds`) any JSON in its place: a wrong type. */
const mostly = <T>(arbitrary: fc.Arbitrary<T>, odds = 30) =>
  fc.oneof(
    { weight: odds, arbitrary: arbitrary as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: jsonAny as fc.Arbitrary<unknown> },
  );

// Annotation values of any JSON type are accepted by the request schema
// (bad values become diagnostics), so they are not "wrong" here.
const annotations = mostly(
  fc.dictionary(annotationKey, annotationValue, { maxKeys: 8 }),
);

/**
 * Refs: to entities in the fixture, hidden ones, missing ones, and garbage.
 * Garbage that no catalog entity could have is a 400 naming the field, so it
 * is kept rare enough for most drafts to reach the evaluator.
 */
const ref = fc.oneof(
  {
    weight: 24,
    arbitrary: fc.constantFrom(
      'group:default/platform',
      'platform',
      'user:default/alice',
      'checkout',
      'system:default/checkout',
      'payments-grpc',
      'api:default/payments-grpc',
      'resource:payments-db',
      'component:default/fraud-scoring',
      'group:default/missing',
      'Group:Default/PLATFORM',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ':',
      '/',
      'a:b:c',
      'a/b/c',
      ':default/x',
      'group:/x',
      'group:default/',
      'x'.repeat(2000),
    ),
  },
  { weight: 1, arbitrary: anyText(30) },
  { weight: 1, arbitrary: jsonAny },
);
const refList = mostly(fc.array(ref, { maxLength: 5 }), 5);

// spec is a free record in the schema: any values inside are accepted.
const spec = mostly(
  fc.record(
    {
      type: fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            'service',
            'library',
            'website',
            'documentation',
            'Service',
            '',
          ),
        },
        { weight: 1, arbitrary: anyText(12) },
        { weight: 1, arbitrary: jsonAny },
      ),
      lifecycle: fc.oneof(
        fc.constantFrom('production', 'experimental'),
        anyText(12),
        jsonAny,
      ),
      owner: ref,
      system: ref,
      providesApis: refList,
      consumesApis: refList,
      dependsOn: refList,
      extra: jsonAny,
    },
    { requiredKeys: [] },
  ),
);

// relations: an array of anything is accepted; the plugin must cope.
const relations = mostly(
  fc.array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          type: fc.constantFrom(
            'ownedBy',
            'partOf',
            'providesApi',
            'consumesApi',
            'dependsOn',
            'hasPart',
          ),
          targetRef: ref,
        }),
      },
      { weight: 1, arbitrary: jsonAny },
    ),
    { maxLength: 6 },
  ),
);

const name = fc.oneof(
  { weight: 12, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/) },
  { weight: 6, arbitrary: anyText(60) }, // the empty string is the one invalid here
  { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 260 }) },
  { weight: 1, arbitrary: jsonAny },
);

const entity = fc.record(
  {
    apiVersion: mostly(
      fc.oneof(
        { weight: 8, arbitrary: fc.constant('backstage.io/v1alpha1') },
        { weight: 1, arbitrary: anyText(10) },
      ),
    ),
    kind: fc.oneof(
      { weight: 12, arbitrary: fc.constant('Component') },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          'component',
          'System',
          'API',
          'Group',
          'Domain',
          'Resource',
          'User',
        ),
      },
      { weight: 1, arbitrary: anyText(70) },
      { weight: 1, arbitrary: jsonAny },
    ),
    metadata: mostly(
      fc.record(
        {
          name,
          namespace: fc.oneof(
            {
              weight: 16,
              arbitrary: fc.constantFrom('default', 'Default', 'other'),
            },
            { weight: 1, arbitrary: anyText(70) },
            { weight: 1, arbitrary: jsonAny },
          ),
          title: fc.oneof(anyText(), jsonAny),
          annotations,
          labels: jsonAny,
        },
        { requiredKeys: ['name'] },
      ),
    ),
    spec,
    relations,
  },
  { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
);

const overrides = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        protocols: mostly(fc.subarray([...PROTOCOLS]), 8),
        needs: mostly(
          fc.array(fc.oneof(fc.constantFrom(...CAPABILITY_IDS), anyText(70)), {
            maxLength: 70,
          }),
          8,
        ),
        clusterProfile: mostly(
          fc.constantFrom(...CLUSTER_PROFILES, ...BAD_VALUES.clusterProfile),
          8,
        ),
        replicas: mostly(fc.integer({ min: -5, max: 200_000 }), 8),
        latencyBudgetMs: mostly(fc.double(), 8),
        opsCapacity: mostly(
          fc.constantFrom(...OPS_CAPACITIES, ...BAD_VALUES.opsCapacity),
          8,
        ),
        currentMesh: mostly(
          fc.constantFrom(...CURRENT_MESHES, ...BAD_VALUES.currentMesh),
          8,
        ),
        existingEnvoy: mostly(fc.boolean(), 8),
        vendorSupport: mostly(
          fc.constantFrom(
            ...VENDOR_SUPPORT_LEVELS,
            ...BAD_VALUES.vendorSupport,
          ),
          8,
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ colour: jsonAny }) }, // unknown override
  { weight: 1, arbitrary: jsonAny },
);

/**
 * Entities as a catalog holds them (the generator the benchmarks and the
 * evaluator properties share: every kind, good and bad annotations), with a
 * fuzzed annotation on top now and then.
 */
const synthetic = generateSyntheticCatalog({ components: 200, seed: 10 });
const catalogEntity = fc
  .tuple(
    fc.constantFrom(
      ...synthetic.components,
      ...synthetic.systems,
      ...synthetic.domains,
      ...synthetic.groups,
      ...synthetic.apis,
      ...synthetic.resources,
    ),
    fc.option(fc.tuple(annotationKey, annotationValue), { freq: 2 }),
  )
  .map(([e, extra]) =>
    extra === null
      ? e
      : {
          ...e,
          metadata: {
            ...e.metadata,
            annotations: { ...e.metadata.annotations, [extra[0]]: extra[1] },
          },
        },
  );

/** Structured bodies: an entity with every field right, wrong or missing. */
const evaluateBody = fc
  .tuple(
    mostly(
      fc.oneof(
        { weight: 4, arbitrary: entity },
        { weight: 1, arbitrary: catalogEntity as fc.Arbitrary<unknown> },
      ),
      20,
    ),
    fc.oneof(
      { weight: 7, arbitrary: fc.constant(null) },
      { weight: 3, arbitrary: overrides },
    ),
    fc.oneof(
      { weight: 19, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: jsonAny },
    ),
  )
  .map(([e, o, extra]) => ({
    entity: e,
    ...(o === null ? {} : { overrides: o }),
    ...(extra === null ? {} : { extra }), // an unknown top-level key
  }));

/** Deeply nested JSON (arrays and objects), placed where an annotation value or the entity goes. */
const deepJson = fc
  .tuple(
    fc.integer({ min: 10, max: 200_000 }),
    fc.constantFrom('[', '{"a":'),
    fc.constantFrom('annotation', 'entity', 'body'),
  )
  .map(([depth, open, where]) => {
    const close = open === '[' ? ']' : '}';
    const deep = `${open.repeat(depth)}1${close.repeat(depth)}`;
    if (where === 'body') return deep;
    if (where === 'entity') return `{"entity":${deep}}`;
    return `{"entity":{"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"deep","annotations":{"mesh-advisor.io/needs":${deep}}},"spec":{"type":"service"}}}`;
  });

/** Raw bodies: any JSON at all, arrays and primitives where an object is expected, and text that is not JSON. */
const rawBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.jsonValue({ maxDepth: 6 }).map(v => JSON.stringify(v)),
  },
  {
    weight: 2,
    arbitrary: fc.array(entity, { maxLength: 3 }).map(v => JSON.stringify(v)),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(entity, { maxLength: 2 })
      .map(v => JSON.stringify({ entity: v })),
  },
  { weight: 3, arbitrary: anyText(200) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(entity, fc.nat(400))
      .map(([e, cut]) => JSON.stringify({ entity: e }).slice(0, cut)), // truncated JSON
  },
  { weight: 1, arbitrary: deepJson },
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/vnd.api+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
    ),
  },
);

// Query strings of GET /v1/evaluations

const queryKey = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'verdict',
      'owner',
      'system',
      'lifecycle',
      'q',
      'drift',
      'sort',
      'limit',
      'cursor',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'verdict[]',
      'limit[0]',
      'q[$ne]',
      'owner[a][b]',
      'sort.x',
      'VERDICT',
      '',
    ),
  },
  { weight: 1, arbitrary: anyText(20) },
);

/** Cursors: ours, and base64url JSON a client made up (huge, negative, fractional offsets). */
const cursor = fc
  .record({
    v: fc.oneof(fc.constant(1), jsonAny),
    offset: fc.oneof(
      fc.nat(10),
      fc.integer(),
      fc.double(),
      fc.constantFrom(
        2 ** 53,
        2 ** 53 + 2,
        Number.MAX_SAFE_INTEGER,
        1e20,
        1e308,
        2 ** 31,
        2 ** 63,
        -1,
      ),
      jsonAny,
    ),
  })
  .map(c => Buffer.from(JSON.stringify(c)).toString('base64url'));

const queryValue = (key: string) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary:
        new Map<string, fc.Arbitrary<string>>(
          Object.entries({
            verdict: fc
              .subarray([...VERDICTS, 'maybe', ' Istio'])
              .map(v => v.join(',')),
            owner: fc.constantFrom(
              'group:default/platform',
              'user:default/alice',
              'GROUP:default/platform,user:default/alice',
            ),
            system: fc.constantFrom('system:default/checkout', 'checkout'),
            lifecycle: fc.constantFrom('production', 'experimental,production'),
            q: fc.constantFrom('pay', 'fraud', '%', '_', '\\', 'pay ments'),
            drift: fc.constantFrom('true', 'false', 'TRUE', '1'),
            sort: fc.constantFrom(
              ...EVALUATION_SORT_FIELDS,
              ...EVALUATION_SORT_FIELDS.map(f => `-${f}`),
              '--name',
              'name,-istio',
            ),
            limit: fc.oneof(
              fc.integer({ min: -10, max: 1000 }).map(String),
              fc.constantFrom(
                '',
                '1e2',
                '0x10',
                ' 5 ',
                '5.5',
                'Infinity',
                '1e400',
              ),
            ),
            cursor,
          }),
        ).get(key) ?? anyText(),
    },
    { weight: 2, arbitrary: anyText(60) },
    { weight: 1, arbitrary: fc.string({ minLength: 200, maxLength: 2000 }) },
  );

/** Percent-encodes the UTF-8 bytes (lone surrogates too, as U+FFFD). */
function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c)
      ? c
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Raw query pieces, not percent-encoded: what a hand-typed URL may contain. */
const rawQueryText = fc
  .array(
    fc.constantFrom(
      'a',
      'q',
      'limit',
      'verdict',
      '=',
      '&',
      '[',
      ']',
      '%',
      '%2',
      '%zz',
      '%00',
      '%C3%A9',
      '%FF',
      '+',
      ';',
      ',',
      '-',
      '.',
      '~',
      '!',
      '*',
      "'",
      '(',
      ')',
    ),
    {
      maxLength: 40,
    },
  )
  .map(parts => parts.join(''));

const query = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(
        queryKey.chain(key => fc.tuple(fc.constant(key), queryValue(key))),
        { maxLength: 6 },
      )
      .map(pairs =>
        pairs
          .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
          .join('&'),
      ),
  },
  { weight: 1, arbitrary: rawQueryText },
);

// ---------------------------------------------------------------------------
// What every answer must satisfy

function expectErrorBody(res: HttpResponse, context: string) {
  const error = res.body?.error;
  if (
    typeof error?.name !== 'string' ||
    typeof error?.message !== 'string' ||
    error.message === ''
  ) {
    throw new Error(
      `${context}: ${
        res.status
      } without a Backstage error body: ${res.text.slice(0, 300)}`,
    );
  }
  return error as { name: string; message: string };
}

function expectNo5xx(res: HttpResponse, context: string) {
  if (res.status >= 500) {
    throw new Error(`${context}: ${res.status} ${res.text.slice(0, 500)}`);
  }
}

function describeInput(value: string) {
  return value.length > 300
    ? `${value.slice(0, 300)}… (${value.length} chars)`
    : value;
}

/** Answers by route and status, to show what the inputs reached. */
const statuses = new Map<string, number>();
function count(route: string, status: number) {
  const key = `${route} ${status}`;
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
}
const countOf = (route: string, status: number) =>
  statuses.get(`${route} ${status}`) ?? 0;

/** GET /v1/evaluations with generated queries; every answer checked. */
async function fuzzListQueries(client: HttpClient, numRuns: number) {
  const runs = await assertProperty(
    [query, fc.constantFrom(...callers)],
    async (q, caller) => {
      const path = `/api/service-mesh/v1/evaluations${q ? `?${q}` : ''}`;
      const res = await client.request({
        method: 'GET',
        path,
        authorization: caller,
      });
      count('GET /v1/evaluations', res.status);
      const context = `GET ${describeInput(path)}`;
      expectNo5xx(res, context);
      // A control character never filters (SQLite's LIKE matched every row
      // with a NUL byte): it is refused, naming the parameter.
      // (The query parser drops empty keys and keys of Object.prototype.)
      const decoded = [...new URLSearchParams(q)]
        .filter(([k]) => k !== '' && !(k.split('[')[0] in Object.prototype))
        .flat();
      if (decoded.some(containsControlCharacter)) {
        expect({ context, status: res.status }).toEqual({
          context,
          status: 400,
        });
      }
      if (res.status === 200) {
        const list = listEvaluationsResponseSchema.parse(res.body);
        if (list.items.length > list.totalItems) {
          throw new Error(`${context}: more items than totalItems`);
        }
        // The permission boundary holds for any query.
        if (caller === bob && JSON.stringify(list).includes('fraud-scoring')) {
          throw new Error(`${context}: bob sees fraud-scoring`);
        }
        return;
      }
      expect(res.status).toBe(400);
      const error = expectErrorBody(res, context);
      expect(error.name).toBe('InputError');
      if (!/^Invalid (query|cursor)\b/.test(error.message)) {
        throw new Error(
          `${context}: message does not name the query: ${error.message}`,
        );
      }
    },
    { numRuns },
  );
  return runs;
}

let total = 0;

/**
 * The list's filters reach SQL, and PostgreSQL refuses what SQLite accepts
 * (a NUL byte: "invalid byte sequence for encoding UTF8"), so the list's
 * queries are fuzzed against both.
 */
describe('fuzz: GET /v1/evaluations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'arbitrary query keys and values on %s',
    async id => {
      const backend = await startMeshTestBackend({
        databases: {
          catalog: await databases.init(id),
          'service-mesh': await databases.init(id),
        },
      });
      const client = createHttpClient(backend.server, { maxSockets: 8 });
      try {
        await refreshAndWaitForList(backend, 4);
        const runs = await fuzzListQueries(client, 4000);
        total += runs;
        expect(runs).toBeGreaterThanOrEqual(4000);
      } finally {
        client.close();
        await backend.stop();
      }
    },
    300_000,
  );
});

describe('fuzz', () => {
  let backend: MeshTestBackend;
  let client: HttpClient;

  beforeAll(async () => {
    backend = await startMeshTestBackend();
    await refreshAndWaitForList(backend, 4);
    client = createHttpClient(backend.server, { maxSockets: 8 });
  }, 240_000);

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(
      `fuzz: ${total} generated inputs sent; answers: ${[...statuses]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')}`,
    );
    client?.close();
    await backend?.stop();
  });

  /** POST /v1/evaluate: the checks shared by every body property. */
  async function checkEvaluate(bodyText: string, type: string, caller: string) {
    const res = await client.request({
      method: 'POST',
      path: '/api/service-mesh/v1/evaluate',
      authorization: caller,
      body: bodyText,
      contentType: type,
    });
    count('POST /v1/evaluate', res.status);
    const context = `POST /v1/evaluate (${type}) ${describeInput(bodyText)}`;
    expectNo5xx(res, context);
    const bytes = Buffer.byteLength(bodyText);

    if (res.status === 413) {
      const error = expectErrorBody(res, context);
      expect(bytes).toBeGreaterThan(MAX_BODY_BYTES);
      expect(error.message).toMatch(
        /^Request body is \d+ bytes; the limit is 1048576 bytes/,
      );
      return;
    }
    if (bytes > MAX_BODY_BYTES && type === 'application/json') {
      throw new Error(
        `${context}: ${bytes} bytes answered ${res.status}, not 413`,
      );
    }

    // What the server would have parsed (JSON bodies only; others are not read).
    let parsed: unknown = {};
    let parses = true;
    if (/^application\/json(;\s*charset=utf-8)?$/.test(type)) {
      try {
        parsed = JSON.parse(bodyText);
      } catch {
        parses = false;
      }
    }
    const valid =
      parses &&
      evaluateRequestSchema.safeParse(parsed).success &&
      /^application\/(json|vnd\.api\+json)/.test(type);

    if (res.status === 200) {
      if (!valid && /^application\/json(;\s*charset=utf-8)?$/.test(type)) {
        throw new Error(`${context}: invalid input answered 200`);
      }
      const evaluation = evaluationSchema.parse(res.body);
      const input = (parsed as any).entity;
      if (/^application\/json(;\s*charset=utf-8)?$/.test(type)) {
        // The evaluation is of the entity sent, not another one.
        expect(evaluation.entityRef).toBe(
          `${input.kind}:${input.metadata.namespace ?? 'default'}/${
            input.metadata.name
          }`.toLowerCase(),
        );
      }
      return;
    }

    // Any other answer is a 4xx naming the request body.
    expect(res.status).toBeGreaterThanOrEqual(400);
    const error = expectErrorBody(res, context);
    if (!/request body/i.test(error.message)) {
      throw new Error(
        `${context}: ${res.status} message does not name the request body: ${error.message}`,
      );
    }
    if (valid && /^application\/json(;\s*charset=utf-8)?$/.test(type)) {
      // The one exception: a ref the catalog would be asked for that no
      // catalog entity could have (control characters, a name against the
      // catalog model's rules). The message names that field, which holds
      // a string in the body sent.
      const field =
        /^Invalid request body: entity\.((?:spec|metadata|relations)[\w.[\]]*): /.exec(
          error.message,
        )?.[1];
      const named = field
        ?.split(/[.[\]]+/)
        .filter(Boolean)
        .reduce<any>((v, key) => v?.[key], (parsed as any).entity);
      if (res.status === 400 && typeof named === 'string') return;
      // Otherwise a body the shared schema accepts must be evaluated (bad values are diagnostics).
      throw new Error(
        `${context}: valid input answered ${res.status}: ${error.message}`,
      );
    }
    if (error.message.startsWith('Invalid request body: ')) {
      expect(res.status).toBe(400);
      expect(error.name).toBe('InputError');
    }
  }

  it('POST /v1/evaluate: structured entities with right, wrong and missing fields', async () => {
    const runs = await assertProperty(
      [evaluateBody, fc.constantFrom(...callers)],
      async (body, caller) => {
        await checkEvaluate(JSON.stringify(body), 'application/json', caller);
      },
      { numRuns: 4000 },
    );
    total += runs;
    expect(runs).toBeGreaterThanOrEqual(4000);
  });

  it('POST /v1/evaluate: any JSON, arrays for objects, deep nesting, text that is not JSON, other content types', async () => {
    const runs = await assertProperty(
      [rawBody, contentType, fc.constantFrom(...callers)],
      async (body, type, caller) => {
        await checkEvaluate(body, type, caller);
      },
      { numRuns: 2500 },
    );
    total += runs;
    expect(runs).toBeGreaterThanOrEqual(2500);
  });

  it('POST /v1/evaluate: bodies around 1 MiB', async () => {
    const runs = await assertProperty(
      [
        fc.integer({ min: MAX_BODY_BYTES - 4096, max: MAX_BODY_BYTES + 4096 }),
        fc.constantFrom('x', 'é', '💥'),
        fc.constantFrom('description', 'annotation'),
      ],
      async (size, unit, where) => {
        const filler = unit.repeat(Math.ceil(size / Buffer.byteLength(unit)));
        const big = {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'big',
            ...(where === 'description'
              ? { description: filler }
              : { annotations: { 'mesh-advisor.io/needs': filler } }),
          },
          spec: { type: 'service' },
        };
        const text = JSON.stringify({ entity: big });
        // Cut the filler to hit the wanted size in bytes, keeping whole characters.
        const excess = Buffer.byteLength(text) - size;
        const trimmed =
          excess > 0
            ? JSON.stringify({
                entity: {
                  ...big,
                  metadata: {
                    ...big.metadata,
                    ...(where === 'description'
                      ? {
                          description: [...filler]
                            .slice(
                              0,
                              Math.max(
                                0,
                                [...filler].length -
                                  Math.ceil(excess / Buffer.byteLength(unit)),
                              ),
                            )
                            .join(''),
                        }
                      : {
                          annotations: {
                            'mesh-advisor.io/needs': [...filler]
                              .slice(
                                0,
                                Math.max(
                                  0,
                                  [...filler].length -
                                    Math.ceil(excess / Buffer.byteLength(unit)),
                                ),
                              )
                              .join(''),
                          },
                        }),
                  },
                },
              })
            : text;
        await checkEvaluate(trimmed, 'application/json', alice);
      },
      { numRuns: 24, shards: 2 },
    );
    total += runs;
    expect(runs).toBeGreaterThanOrEqual(24);
  });

  it('sent at least 10,000 inputs, reaching both the evaluator and the validation', () => {
    expect(total).toBeGreaterThanOrEqual(10_000);
    // Not only rejections: a fair share of inputs got through to an answer.
    for (const route of ['POST /v1/evaluate', 'GET /v1/evaluations']) {
      expect({ route, ok: countOf(route, 200) > 500 }).toEqual({
        route,
        ok: true,
      });
      expect({ route, rejected: countOf(route, 400) > 500 }).toEqual({
        route,
        rejected: true,
      });
    }
    expect(countOf('POST /v1/evaluate', 413)).toBeGreaterThan(0);
  });
});
