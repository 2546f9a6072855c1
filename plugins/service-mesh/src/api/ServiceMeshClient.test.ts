import { ResponseError } from '@backstage/errors';
import { FetchApi } from '@backstage/core-plugin-api';
import { ServiceMeshClient } from './ServiceMeshClient';
import {
  checkoutRollup,
  clusters,
  firstPage,
  checkoutApiEntity,
  checkoutApiEvaluation,
} from '../__fixtures__/evaluations';

const baseUrl = 'http://localhost:7007/api/service-mesh';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    statusText: status === 200 ? 'OK' : 'Not Found',
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(response: () => Response) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response(),
  );
  const fetchApi: FetchApi = {
    fetch: fetch as unknown as typeof globalThis.fetch,
  };
  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const client = new ServiceMeshClient({ discoveryApi, fetchApi });
  return { client, fetch, discoveryApi };
}

describe('ServiceMeshClient', () => {
  it('reads an entity evaluation from separate kind/namespace/name segments', async () => {
    const { client, fetch, discoveryApi } = setup(() =>
      jsonResponse(checkoutApiEvaluation),
    );
    const result = await client.getEntityEvaluation({
      kind: 'Component',
      namespace: 'default',
      name: 'pay ments/x',
    });
    expect(result.verdict).toBe('istio');
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('service-mesh');
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/v1/entities/component/default/pay%20ments%2Fx/evaluation`,
    );
  });

  it('posts the entity and overrides to /v1/evaluate', async () => {
    const { client, fetch } = setup(() => jsonResponse(checkoutApiEvaluation));
    await client.evaluate({
      entity: checkoutApiEntity as any,
      overrides: { needs: ['mtls'], clusterProfile: 'edge' },
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/v1/evaluate`);
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe(
      'application/json',
    );
    expect(JSON.parse(String(init?.body))).toEqual({
      entity: checkoutApiEntity,
      overrides: { needs: ['mtls'], clusterProfile: 'edge' },
    });
  });

  it('builds the list query string and leaves out empty values', async () => {
    const { client, fetch } = setup(() => jsonResponse(firstPage));
    const page = await client.listEvaluations({
      verdict: 'istio,linkerd',
      owner: 'group:default/platform',
      system: '',
      q: undefined,
      drift: 'true',
      sort: '-istio',
      limit: 50,
      cursor: 'abc',
    });
    expect(page.nextCursor).toBe('cursor-2');
    const url = new URL(String(fetch.mock.calls[0][0]));
    expect(url.origin + url.pathname).toBe(`${baseUrl}/v1/evaluations`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      verdict: 'istio,linkerd',
      owner: 'group:default/platform',
      drift: 'true',
      sort: '-istio',
      limit: '50',
      cursor: 'abc',
    });
  });

  it('asks for the list without a query string when there is no filter', async () => {
    const { client, fetch } = setup(() => jsonResponse(firstPage));
    await client.listEvaluations({});
    expect(fetch.mock.calls[0][0]).toBe(`${baseUrl}/v1/evaluations`);
  });

  it('reads a system roll-up and the capabilities', async () => {
    const { client, fetch } = setup(() => jsonResponse(checkoutRollup));
    await client.getSystemRollup({
      kind: 'System',
      namespace: 'default',
      name: 'checkout',
    });
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/v1/systems/default/checkout/evaluation`,
    );
    await client.getCapabilities();
    expect(fetch.mock.calls[1][0]).toBe(`${baseUrl}/v1/capabilities`);
  });

  it('reads the per-cluster roll-up from /v1/clusters', async () => {
    const { client, fetch } = setup(() => jsonResponse(clusters));
    const result = await client.getClusters();
    expect(fetch.mock.calls[0][0]).toBe(`${baseUrl}/v1/clusters`);
    expect(result.clusters.map(cluster => cluster.name)).toEqual([
      'branch-01',
      'prod-eu',
    ]);
  });

  it('maps an error body to a ResponseError with the status and message', async () => {
    const { client } = setup(() =>
      jsonResponse(
        {
          error: {
            name: 'NotFoundError',
            message: 'No entity component:default/nope',
          },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    const error = await client
      .getEntityEvaluation({
        kind: 'component',
        namespace: 'default',
        name: 'nope',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.name).toBe('NotFoundError');
    expect(error.cause.message).toBe('No entity component:default/nope');
  });

  it('reads verdict history from the history routes with their query parameters', async () => {
    const transition = {
      entityRef: 'component:default/payments',
      changedAt: '2026-11-30T10:00:00.000Z',
      from: 'linkerd',
      to: 'istio',
      fromRulesVersion: 'r1',
      rulesVersion: 'r1',
      changes: [{ input: 'needs', gained: ['wasm-extensions'], lost: [] }],
    };
    const { client, fetch } = setup(() =>
      jsonResponse({
        entityRef: transition.entityRef,
        transitions: [transition],
      }),
    );
    const history = await client.getEntityHistory(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      { limit: 1 },
    );
    expect(history.transitions[0].to).toBe('istio');
    await client.getVerdictCounts({ days: 14 });
    await client.getRecentChanges({ days: 7 });
    await client.getRecentChanges();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      `${baseUrl}/v1/entities/component/default/payments/history?limit=1`,
      `${baseUrl}/v1/history/verdict-counts?days=14`,
      `${baseUrl}/v1/history/changes?days=7`,
      `${baseUrl}/v1/history/changes`,
    ]);
  });
});
