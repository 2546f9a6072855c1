import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServiceMeshPage } from './ServiceMeshPage';
import {
  OBSERVED_AT,
  clusters,
  firstPage,
  listOf,
  secondPage,
  summaryOf,
} from '../../__fixtures__/evaluations';
import { formatNumber } from '../common';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

// Material UI tables and tabs render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('ServiceMeshPage', () => {
  it('lists the evaluations with the distribution, coverage and drift', async () => {
    // Istio (blocked Linkerd), Linkerd (runs Istio: drift) and a library.
    const rows = ['checkout-api', 'recommendations', 'payments-sdk'].map(
      summaryOf,
    );
    const page = listOf(rows);
    const api = createMockApi({
      listEvaluations: jest.fn().mockResolvedValue(page),
    });
    await renderWithApi(<ServiceMeshPage />, api);

    expect(await screen.findByText('Components (3)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'checkout-api' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api',
    );
    // The score and its blockers read as one cell, without a stray space.
    const [checkoutApi, recommendations] = rows;
    const row = screen.getByRole('row', { name: /^checkout-api / });
    expect(
      within(row).getByRole('cell', {
        name: `${checkoutApi.scores.linkerd} (3 blockers)`,
      }),
    ).toBeInTheDocument();
    expect(recommendations).toMatchObject({
      drift: true,
      currentMesh: 'istio',
    });
    expect(
      within(screen.getByRole('row', { name: /^recommendations / })).getByText(
        'Runs Istio',
      ),
    ).toBeInTheDocument();

    const distribution = screen.getByRole('list', {
      name: 'Verdict distribution',
    });
    expect(within(distribution).getAllByText('1 (33%)')).toHaveLength(3);
    expect(
      screen.getByText(`${Math.round(page.facets.coverage.mean * 100)}%`),
    ).toBeInTheDocument();

    expect(api.listEvaluations).toHaveBeenCalledWith({
      limit: 50,
      cursor: undefined,
    });
  });

  it('reads the filters from the URL and writes changes back to the query', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshPage />, api, {
      routeEntries: ['/?verdict=istio&sort=-istio'],
    });
    await screen.findByText(`Components (${firstPage.totalItems})`);
    expect(api.listEvaluations).toHaveBeenLastCalledWith({
      verdict: 'istio',
      sort: '-istio',
      limit: 50,
      cursor: undefined,
    });
    const verdicts = screen.getByRole('group', { name: 'Verdict' });
    expect(
      within(verdicts).getByRole('checkbox', { name: 'Istio' }),
    ).toBeChecked();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Linkerd' }));
    await waitFor(() =>
      expect(api.listEvaluations).toHaveBeenLastCalledWith(
        expect.objectContaining({ verdict: 'istio,linkerd' }),
      ),
    );

    await userEvent.selectOptions(
      screen.getByLabelText('Owner'),
      'group:default/storefront',
    );
    await waitFor(() =>
      expect(api.listEvaluations).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: 'group:default/storefront' }),
      ),
    );

    await userEvent.type(screen.getByLabelText('Search'), 'pay{enter}');
    await waitFor(() =>
      expect(api.listEvaluations).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'pay' }),
      ),
    );

    await userEvent.click(screen.getByRole('checkbox', { name: 'Only drift' }));
    await waitFor(() =>
      expect(api.listEvaluations).toHaveBeenLastCalledWith({
        verdict: 'istio,linkerd',
        owner: 'group:default/storefront',
        q: 'pay',
        drift: 'true',
        sort: '-istio',
        limit: 50,
        cursor: undefined,
      }),
    );
  });

  it('pages forward with nextCursor and back with the cursor stack', async () => {
    const api = createMockApi();
    api.listEvaluations.mockImplementation(async query =>
      query.cursor === 'cursor-2' ? secondPage : firstPage,
    );
    await renderWithApi(<ServiceMeshPage />, api);
    await screen.findByRole('link', { name: 'checkout-api' });
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByRole('link', { name: 'promo-engine' }),
    ).toBeInTheDocument();
    expect(api.listEvaluations).toHaveBeenLastCalledWith({
      limit: 50,
      cursor: 'cursor-2',
    });
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(
      await screen.findByRole('link', { name: 'checkout-api' }),
    ).toBeInTheDocument();
    expect(api.listEvaluations).toHaveBeenLastCalledWith({
      limit: 50,
      cursor: undefined,
    });
  });

  it('exports every page of the filtered set as CSV', async () => {
    const api = createMockApi();
    api.listEvaluations.mockImplementation(async query =>
      query.cursor === 'cursor-2' ? secondPage : firstPage,
    );
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:mesh';
    });
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});

    await renderWithApi(<ServiceMeshPage />, api, {
      routeEntries: ['/?verdict=istio'],
    });
    await screen.findByText(`Components (${firstPage.totalItems})`);
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.listEvaluations).toHaveBeenCalledWith({
      verdict: 'istio',
      limit: 500,
      cursor: undefined,
    });
    expect(api.listEvaluations).toHaveBeenCalledWith({
      verdict: 'istio',
      limit: 500,
      cursor: 'cursor-2',
    });
    expect(blobs[0].type).toBe('text/csv;charset=utf-8');
    const text = await blobs[0].text();
    const lines = text.trim().split('\r\n');
    expect(lines).toEqual([
      expect.stringMatching(/^entityRef,name,/),
      ...[...firstPage.items, ...secondPage.items].map(row =>
        expect.stringMatching(new RegExp(`^${row.entityRef},${row.name},`)),
      ),
    ]);
    click.mockRestore();
  });

  it('rolls the cluster observations up per cluster', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshPage />, api);

    const list = await screen.findByRole('list', { name: 'Clusters' });
    const [branch, prod] = within(list).getAllByRole('listitem');
    expect(
      within(prod).getByRole('heading', { level: 3, name: 'prod-eu' }),
    ).toBeInTheDocument();
    expect(prod).toHaveTextContent(
      '3 components observed, last at 2026-12-01 10:00 UTC',
    );
    expect(prod.querySelector('time')).toHaveAttribute('datetime', OBSERVED_AT);
    // checkout-api runs Istio, payment-gateway too; fleet-analytics no mesh.
    expect(prod).toHaveTextContent(
      'Runs: Istio 2, No mesh 1 · Verdicts: Istio 1, Linkerd 1, Either 1',
    );
    // checkout-api points to Istio and fleet-analytics to Linkerd.
    expect(prod).toHaveTextContent('2 components in conflict');
    const { running, recommended } = clusters.clusters.find(
      c => c.name === 'prod-eu',
    )!.proxyCost;
    expect(prod).toHaveTextContent(
      `Proxy cost: ${formatNumber(running.proxyCpuVcpu)} vCPU, ${formatNumber(
        running.proxyMemoryMiB,
        0,
      )} MiB running, ${formatNumber(
        recommended.proxyCpuVcpu,
      )} vCPU, ${formatNumber(
        recommended.proxyMemoryMiB,
        0,
      )} MiB by the verdicts (estimate)`,
    );
    expect(
      within(branch).getByRole('heading', { level: 3, name: 'branch-01' }),
    ).toBeInTheDocument();
    expect(branch).toHaveTextContent('Runs: Linkerd 1 · Verdicts: Linkerd 1');
    expect(branch).toHaveTextContent('No conflicts');
  });

  it('shows a progress bar while the clusters load', async () => {
    const api = createMockApi({
      getClusters: jest.fn().mockReturnValue(new Promise(() => {})),
    });
    await renderWithApi(<ServiceMeshPage />, api);
    const card = (await screen.findByText('Clusters')).closest(
      '[class*="MuiCard-root"]',
    ) as HTMLElement;
    expect(
      await within(card).findByRole('progressbar', { name: 'Loading' }),
    ).toBeVisible();
  });

  it('tells a user who may not read Kubernetes resources why there are no clusters', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message:
              'Cluster observations are shown to callers who may read Kubernetes resources (kubernetes.resources.read)',
          },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    const api = createMockApi({
      getClusters: jest.fn().mockRejectedValue(forbidden),
    });
    await renderWithApi(<ServiceMeshPage />, api);

    expect(
      await screen.findByText(
        'Cluster observations are shown to those who may read Kubernetes resources (kubernetes.resources.read).',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/NotAllowedError/)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Clusters' }),
    ).not.toBeInTheDocument();
  });

  it('shows any other failure of the clusters as an error', async () => {
    const api = createMockApi({
      getClusters: jest.fn().mockRejectedValue(new Error('store unreachable')),
    });
    await renderWithApi(<ServiceMeshPage />, api);
    expect(
      (await screen.findAllByText(/store unreachable/)).length,
    ).toBeGreaterThan(0);
  });

  it('says when no cluster has been observed', async () => {
    const api = createMockApi({
      getClusters: jest.fn().mockResolvedValue({ clusters: [] }),
    });
    await renderWithApi(<ServiceMeshPage />, api);

    expect(
      await screen.findByText('No cluster observations'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Clusters' }),
    ).not.toBeInTheDocument();
  });

  it('shows an error when the list cannot be loaded', async () => {
    const api = createMockApi({
      listEvaluations: jest
        .fn()
        .mockRejectedValue(new Error('catalog unreachable')),
    });
    await renderWithApi(<ServiceMeshPage />, api);
    expect(
      (await screen.findAllByText(/catalog unreachable/)).length,
    ).toBeGreaterThan(0);
  });
});
