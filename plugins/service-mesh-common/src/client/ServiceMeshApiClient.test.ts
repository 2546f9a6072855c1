import { ResponseError } from '@backstage/errors';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ServiceMeshApiClient } from './ServiceMeshApiClient';

/** What the server saw of one request. */
interface Seen {
  method: string;
  /** The raw request target, as encoded on the wire. */
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

/** A real HTTP server standing where discovery says the backend is. */
function startServer() {
  const seen: Seen[] = [];
  let answer: (request: Seen) => { status: number; body: unknown } = () => ({
    status: 200,
    body: { ok: true },
  });
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const request: Seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
    };
    seen.push(request);
    const { status, body: payload } = answer(request);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(payload));
  });
  return {
    seen,
    answerWith(next: typeof answer) {
      answer = next;
    },
    async listen(): Promise<string> {
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      const { port } = server.address() as AddressInfo;
      return `http://127.0.0.1:${port}/api/service-mesh`;
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** Backstage's error body, as the backend's error handler writes it. */
function errorBody(name: string, message: string, statusCode: number) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/' },
    response: { statusCode },
  };
}

describe('ServiceMeshApiClient', () => {
  const server = startServer();
  let client: ServiceMeshApiClient;
  const discoveryApi = { getBaseUrl: jest.fn<Promise<string>, [string]>() };

  beforeAll(async () => {
    const baseUrl = await server.listen();
    discoveryApi.getBaseUrl.mockResolvedValue(baseUrl);
    client = new ServiceMeshApiClient({ discoveryApi });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
    server.answerWith(() => ({ status: 200, body: { ok: true } }));
  });

  it('asks discovery for the service-mesh plugin and returns the parsed body', async () => {
    server.answerWith(() => ({
      status: 200,
      body: { entityRef: 'component:default/payments', verdict: 'istio' },
    }));
    const evaluation = await client.getEntityEvaluation({
      path: { kind: 'Component', namespace: 'default', name: 'payments' },
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('service-mesh');
    expect(evaluation).toEqual({
      entityRef: 'component:default/payments',
      verdict: 'istio',
    });
  });

  it('lower-cases the kind and keeps a slash, space or question mark inside its path segment', async () => {
    await client.getEntityEvaluation({
      path: { kind: 'Component', namespace: 'team a', name: 'pay/ments?x' },
    });
    await client.getEntityHistory({
      path: { kind: 'API', namespace: 'default', name: 'a b' },
    });
    await client.getSystemRollup({
      path: { namespace: 'default', name: 'check/out' },
    });
    expect(server.seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /api/service-mesh/v1/entities/component/team%20a/pay%2Fments%3Fx/evaluation',
      'GET /api/service-mesh/v1/entities/api/default/a%20b/history',
      'GET /api/service-mesh/v1/systems/default/check%2Fout/evaluation',
    ]);
  });

  it('refuses an empty path segment before sending, naming it', async () => {
    await expect(
      client.getEntityEvaluation({
        path: { kind: 'component', namespace: 'default', name: '' },
      }),
    ).rejects.toThrow('path.name must be a non-empty string, got ""');
    expect(server.seen).toEqual([]);
  });

  it('sends only the query parameters that are set, encoded', async () => {
    await client.listEvaluations({
      query: {
        verdict: 'istio,linkerd',
        owner: 'group:default/platform team',
        system: '',
        q: undefined,
        sort: '-istio',
        limit: 25,
      },
    });
    await client.listEvaluations();
    await client.getEntityHistory({
      path: { kind: 'component', namespace: 'default', name: 'payments' },
      query: { limit: 5 },
    });
    await client.getVerdictCounts({ query: { days: 14 } });
    await client.listVerdictChanges({ query: { days: 7, limit: undefined } });
    await client.listVerdictChanges();

    const [list, ...rest] = server.seen.map(({ url }) => url);
    const listUrl = new URL(list, 'http://x');
    expect(listUrl.pathname).toBe('/api/service-mesh/v1/evaluations');
    expect([...listUrl.searchParams]).toEqual([
      ['verdict', 'istio,linkerd'],
      ['owner', 'group:default/platform team'],
      ['sort', '-istio'],
      ['limit', '25'],
    ]);
    // A space in a value travels encoded, not raw.
    expect(list).not.toContain(' ');
    expect(rest).toEqual([
      '/api/service-mesh/v1/evaluations',
      '/api/service-mesh/v1/entities/component/default/payments/history?limit=5',
      '/api/service-mesh/v1/history/verdict-counts?days=14',
      '/api/service-mesh/v1/history/changes?days=7',
      '/api/service-mesh/v1/history/changes',
    ]);
  });

  it('posts the draft as JSON', async () => {
    const body = {
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'draft', annotations: { 'x/y': 'z' } },
        spec: { type: 'service' },
      },
      overrides: { needs: ['mtls'] },
    };
    await client.evaluateDraft({ body: body as any });
    const [request] = server.seen;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/service-mesh/v1/evaluate');
    expect(request.contentType).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual(body);
  });

  it('sends the token as a bearer header only when given one', async () => {
    await client.listClusters({ token: 'service-token' });
    await client.getCapabilities();
    expect(server.seen.map(request => request.authorization)).toEqual([
      'Bearer service-token',
      undefined,
    ]);
    expect(server.seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /api/service-mesh/v1/clusters',
      'GET /api/service-mesh/v1/capabilities',
    ]);
  });

  it('sends through the given fetchApi, which may add its own credentials', async () => {
    const withUserToken = new ServiceMeshApiClient({
      discoveryApi,
      fetchApi: {
        fetch: (input, init) => {
          const headers = new Headers(init?.headers);
          headers.set('Authorization', 'Bearer user-token');
          return fetch(input, { ...init, headers });
        },
      },
    });
    await withUserToken.getCapabilities();
    expect(server.seen[0].authorization).toBe('Bearer user-token');
  });

  it.each([
    [404, 'NotFoundError', 'No entity component:default/nope'],
    [400, 'InputError', 'limit must be an integer from 1 to 100, got "0"'],
  ])(
    "turns a %i with Backstage's error body into a ResponseError with the server's message",
    async (status, name, message) => {
      server.answerWith(() => ({
        status,
        body: errorBody(name, message, status),
      }));
      const error = await client
        .getEntityHistory({
          path: { kind: 'component', namespace: 'default', name: 'nope' },
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.body.error).toEqual({ name, message });
      expect(error.cause.name).toBe(name);
      expect(error.cause.message).toBe(message);
    },
  );
});
