import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServiceMeshSystemSummaryCard } from './EntityServiceMeshSystemSummaryCard';
import {
  checkoutRollup,
  checkoutRollupWithConflict,
  checkoutSystem,
} from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

// Material UI renders slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('EntityServiceMeshSystemSummaryCard', () => {
  it('shows the system verdict, scores, counts and a link to the tab', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshSystemSummaryCard />, api, {
      entity: checkoutSystem,
    });

    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', {
        level: 2,
        name: 'Service mesh for this system',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Istio score' }),
    ).toHaveAttribute('aria-valuenow', String(checkoutRollup.scores.istio));
    expect(
      screen.getByRole('progressbar', { name: 'Linkerd score' }),
    ).toHaveAttribute('aria-valuenow', String(checkoutRollup.scores.linkerd));
    expect(
      screen.getByText(`${checkoutRollup.components.length} components`),
    ).toBeInTheDocument();
    // checkout-api and order-service rule Linkerd out.
    expect(
      screen.getByText(/2 components force the verdict · 0 conflicts$/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'View analysis' })).toHaveAttribute(
      'href',
      '/catalog/default/system/checkout/service-mesh',
    );
    // The details stay on the tab.
    expect(screen.queryByRole('link', { name: /checkout-api/ })).toBeNull();
  });

  it('counts one forcing component and one conflict in the singular', async () => {
    const api = createMockApi({
      getSystemRollup: jest.fn().mockResolvedValue({
        ...checkoutRollupWithConflict,
        forcing: checkoutRollupWithConflict.forcing.slice(0, 1),
      }),
    });
    await renderWithApi(<ServiceMeshSystemSummaryCard />, api, {
      entity: checkoutSystem,
    });

    expect(
      await screen.findByText(/1 component forces the verdict · 1 conflict$/),
    ).toBeInTheDocument();
  });

  it('says when the system has no components', async () => {
    const api = createMockApi({
      getSystemRollup: jest
        .fn()
        .mockResolvedValue({ ...checkoutRollup, components: [] }),
    });
    await renderWithApi(<ServiceMeshSystemSummaryCard />, api, {
      entity: checkoutSystem,
    });

    expect(await screen.findByText('No components')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'View analysis' })).toBeNull();
  });

  it('shows an error with a retry', async () => {
    const api = createMockApi();
    api.getSystemRollup
      .mockRejectedValueOnce(new Error('backend unreachable'))
      .mockResolvedValueOnce(checkoutRollup);
    await renderWithApi(<ServiceMeshSystemSummaryCard />, api, {
      entity: checkoutSystem,
    });

    expect(
      (await screen.findAllByText(/backend unreachable/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
  });
});
