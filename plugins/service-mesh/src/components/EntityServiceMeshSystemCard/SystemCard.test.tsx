import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SystemCard } from './SystemCard';
import { checkoutRollup, checkoutSystem } from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

// Material UI tables and tabs render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('EntityServiceMeshSystemCard', () => {
  it('shows the roll-up, the forcing components, conflicts and cost', async () => {
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

    const forcing = screen.getByRole('region', {
      name: 'Components that force the verdict',
    });
    expect(
      within(forcing).getByRole('link', { name: 'payments' }),
    ).toBeInTheDocument();
    expect(
      within(forcing).getByText(/rules out\s+Linkerd/),
    ).toBeInTheDocument();
    expect(
      within(forcing).getByText(/Linkerd has no external authorization/),
    ).toBeInTheDocument();

    const conflicts = screen.getByRole('region', { name: 'Conflicts' });
    expect(
      within(conflicts).getByRole('link', { name: 'cart' }),
    ).toBeInTheDocument();
    expect(
      within(conflicts).getByText(/payments rules Linkerd out/),
    ).toBeInTheDocument();

    expect(
      screen.getByText(/2\.4 vCPU and 720 MiB of proxy/),
    ).toBeInTheDocument();

    const components = screen.getByRole('region', { name: 'Components' });
    expect(within(components).getAllByRole('row')).toHaveLength(3);
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

  it('shows progress while loading and an empty state without components', async () => {
    const api = createMockApi();
    api.getSystemRollup.mockResolvedValueOnce({
      ...checkoutRollup,
      components: [],
      forcing: [],
      conflicts: [],
    });
    await renderWithApi(<SystemCard />, api, { entity: checkoutSystem });
    expect(await screen.findByText('No components')).toBeInTheDocument();
  });
});
