import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServiceMeshPage } from './ServiceMeshPage';
import { firstPage, secondPage } from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

// Material UI tables and tabs render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('ServiceMeshPage', () => {
  it('lists the evaluations with the distribution, coverage and drift', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshPage />, api);

    expect(await screen.findByText('Components (3)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'payments' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments',
    );
    expect(screen.getByRole('link', { name: 'cart' })).toBeInTheDocument();
    expect(screen.getAllByText('78').length).toBeGreaterThan(0);
    // The score and its blockers read as one cell, without a stray space.
    const payments = screen.getByRole('row', { name: /^payments / });
    expect(
      within(payments).getByRole('cell', { name: '41 (1 blocker)' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Runs Istio')).toBeInTheDocument();

    const distribution = screen.getByRole('list', {
      name: 'Verdict distribution',
    });
    expect(within(distribution).getByText('2 (67%)')).toBeInTheDocument();
    expect(within(distribution).getByText('1 (33%)')).toBeInTheDocument();
    expect(screen.getByText('60%')).toBeInTheDocument();
    expect(
      screen.getByText(/1 component with\s+none at all/),
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
    await screen.findByText('Components (3)');
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
      'group:default/payments-team',
    );
    await waitFor(() =>
      expect(api.listEvaluations).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: 'group:default/payments-team' }),
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
        owner: 'group:default/payments-team',
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
    await screen.findByRole('link', { name: 'payments' });
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByRole('link', { name: /ledger/ }),
    ).toBeInTheDocument();
    expect(api.listEvaluations).toHaveBeenLastCalledWith({
      limit: 50,
      cursor: 'cursor-2',
    });
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(
      await screen.findByRole('link', { name: 'payments' }),
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
    await screen.findByText('Components (3)');
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
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^entityRef,name,/);
    expect(lines[3]).toMatch(/^"component:default\/ledger, ""legacy"""/);
    click.mockRestore();
  });

  it('rolls the cluster observations up per cluster', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshPage />, api);

    const list = await screen.findByRole('list', { name: 'Clusters' });
    const [prod, staging] = within(list).getAllByRole('listitem');
    expect(
      within(prod).getByRole('heading', { level: 3, name: 'prod-eu' }),
    ).toBeInTheDocument();
    expect(prod).toHaveTextContent(
      '2 components observed, last at 2026-12-01 10:00 UTC',
    );
    expect(prod).toHaveTextContent(
      'Runs: Istio 2 · Verdicts: Istio 1, Linkerd 1',
    );
    expect(prod).toHaveTextContent('2 components in conflict');
    expect(prod).toHaveTextContent(
      'Proxy cost: 1.8 vCPU, 540 MiB running, 1.35 vCPU, 420 MiB by the verdicts',
    );
    expect(staging).toHaveTextContent('Runs: No mesh 1 · Verdicts: Istio 1');
    expect(staging).toHaveTextContent('No conflicts');
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
