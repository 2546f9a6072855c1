import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotFoundError, ResponseError } from '@backstage/errors';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createServiceMeshApi, notFoundMessage } from './serviceMeshApi';

/*
 * The action's adapter over the shared client, against a real HTTP server
 * that answers from a queue: the retry of a 503, the plugin token on behalf
 * of the user, and the action's own words for a 404 and a 400.
 */

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
}

const seen: Seen[] = [];
let answers: Array<{ status: number; body: unknown }> = [];
let server: Server;
let baseUrl: string;

function backstageError(name: string, message: string, statusCode: number) {
  return {
    status: statusCode,
    body: {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode },
    },
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
      });
      const { status, body } = answers.shift() ?? { status: 500, body: {} };
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/api/service-mesh`;
});
afterAll(() => new Promise(resolve => server.close(resolve)));
beforeEach(() => {
  seen.length = 0;
  answers = [];
});

function api() {
  return createServiceMeshApi({
    auth: mockServices.auth(),
    discovery: {
      getBaseUrl: async () => baseUrl,
      getExternalBaseUrl: async () => baseUrl,
    },
  });
}

const alice = mockCredentials.user('user:default/alice');
const ref = { kind: 'Component', namespace: 'default', name: 'pay ments' };

describe('createServiceMeshApi', () => {
  it('asks again after a 503 and sends a plugin token on behalf of the user', async () => {
    answers = [
      backstageError('ServiceUnavailableError', 'catalog slow', 503),
      { status: 200, body: { entityRef: 'component:default/pay ments' } },
    ];
    const evaluation = await api().getEvaluation(ref, alice);
    expect(evaluation).toEqual({ entityRef: 'component:default/pay ments' });
    expect(seen.map(s => s.url)).toEqual([
      '/api/service-mesh/v1/entities/component/default/pay%20ments/evaluation',
      '/api/service-mesh/v1/entities/component/default/pay%20ments/evaluation',
    ]);
    // mockServices.auth() signs for the user and the target plugin.
    expect(seen[0].authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: alice,
        targetPluginId: 'service-mesh',
      }),
    );
  });

  it('gives up after the retries with the last 503 as a ResponseError', async () => {
    answers = [1, 2, 3].map(() =>
      backstageError('ServiceUnavailableError', 'catalog slow', 503),
    );
    const error = await api()
      .getEvaluation(ref, alice)
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(503);
    expect(seen).toHaveLength(3);
  }, 10_000);

  it('says not found, or not readable, for a 404 without telling which', async () => {
    answers = [
      backstageError('NotFoundError', 'No entity component:default/x', 404),
    ];
    const error = await api()
      .getEvaluation(ref, alice)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(notFoundMessage('component:default/pay ments'));
  });

  it('passes on the backend message of a 400 for a draft', async () => {
    answers = [
      backstageError(
        'InputError',
        'targets.istio: must be a release such as 1.30',
        400,
      ),
    ];
    const error = await api()
      .evaluateDraft(
        {
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'payments' },
          },
          targets: { istio: 'latest' } as any,
        },
        alice,
      )
      .catch(e => e);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/service-mesh/v1/evaluate',
    });
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'The service-mesh backend refused component:default/payments: targets.istio: must be a release such as 1.30',
    );
  });
});
