import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SystemRollup } from '@mesh-advisor/plugin-service-mesh-common';
import { SystemCard } from './EntityServiceMeshSystemCard';
import {
  checkoutRollup,
  checkoutRollupWithConflict,
  checkoutSystem,
} from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

// Material UI tables and tabs render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('EntityServiceMeshSystemCard', () => {
  it('shows the roll-up, the components that force it, the cost and every component', async () => {
    const api = createMockApi();
    await renderWithApi(<SystemCard />, api, { entity: checkoutSystem });

    expect(
      (await screen.findAllByLabelText('Verdict: Istio'))[0],
    ).toBeInTheDocument();
    expect(api.getSystemRollup).toHaveBeenCalledWith({
      kind: 'System',
      namespace: 'default',
      name: 'checkout',
    });

    // checkout-api (L7 needs) and order-service (mirroring) rule Linkerd out.
    const forcing = screen.getByRole('region', {
      name: 'Components that force the verdict',
    });
    expect(
      within(forcing)
        .getAllByRole('link')
        .map(link => link.getAttribute('href')),
    ).toEqual([
      '/catalog/default/component/checkout-api',
      '/catalog/default/component/order-service',
    ]);
    expect(within(forcing).getAllByText(/rules out\s+Linkerd/)).toHaveLength(2);
    for (const blocker of checkoutRollup.forcing[0].blockers) {
      expect(
        within(forcing).getByText(blocker.summary, { exact: false }),
      ).toBeInTheDocument();
    }
    expect(
      screen.queryByRole('region', { name: 'Conflicts' }),
    ).not.toBeInTheDocument();

    const { proxyCpuVcpu, proxyMemoryMiB } = checkoutRollup.cost;
    expect(
      screen.getByText(
        `${proxyCpuVcpu} vCPU and ${proxyMemoryMiB} MiB of proxy across all components' replicas (estimate).`,
      ),
    ).toBeInTheDocument();

    const components = screen.getByRole('region', { name: 'Components' });
    expect(within(components).getAllByRole('row')).toHaveLength(
      checkoutRollup.components.length + 1,
    );
  });

  it('names the component that alone would pick another mesh, and why it cannot', async () => {
    const [conflict] = checkoutRollupWithConflict.conflicts;
    expect(conflict.entityRef).toBe('component:default/product-catalog');
    const api = createMockApi({
      getSystemRollup: jest.fn().mockResolvedValue(checkoutRollupWithConflict),
    });
    await renderWithApi(<SystemCard />, api, { entity: checkoutSystem });

    const conflicts = await screen.findByRole('region', { name: 'Conflicts' });
    expect(
      within(conflicts).getByRole('link', { name: /product-catalog/ }),
    ).toHaveAttribute('href', '/catalog/default/component/product-catalog');
    expect(
      within(conflicts).getByText(/alone would\s+pick Linkerd/),
    ).toBeInTheDocument();
    expect(within(conflicts).getByText(conflict.reason)).toBeInTheDocument();
  });

  it('shows an error with a retry', async () => {
    const api = createMockApi();
    api.getSystemRollup
      .mockRejectedValueOnce(new Error('catalog unreachable'))
      .mockResolvedValueOnce(checkoutRollup);
    await renderWithApi(<SystemCard />, api, { entity: checkoutSystem });
    expect(
      (await screen.findAllByText(/catalog unreachable/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      (await screen.findAllByLabelText('Verdict: Istio'))[0],
    ).toBeInTheDocument();
    expect(api.getSystemRollup).toHaveBeenCalledTimes(2);
  });

  it('shows a progress bar while loading', async () => {
    const api = createMockApi({
      getSystemRollup: jest.fn().mockReturnValue(new Promise(() => {})),
    });
    await renderWithApi(<SystemCard />, api, { entity: checkoutSystem });
    expect(
      await screen.findByRole('progressbar', { name: 'Loading' }),
    ).toBeVisible();
    expect(screen.queryByLabelText(/^Verdict: /)).not.toBeInTheDocument();
  });

  it('says a system without components has nothing to roll up', async () => {
    const empty: SystemRollup = {
      ...checkoutRollup,
      components: [],
      forcing: [],
      conflicts: [],
    };
    const api = createMockApi({
      getSystemRollup: jest.fn().mockResolvedValue(empty),
    });
    await renderWithApi(<SystemCard />, api, { entity: checkoutSystem });
    expect(await screen.findByText('No components')).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Verdict: /)).not.toBeInTheDocument();
  });
});
