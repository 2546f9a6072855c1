import { screen, within } from '@testing-library/react';
import { ServiceMeshSystemContent } from './EntityServiceMeshSystemContent';
import { checkoutSystem } from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

// Material UI renders slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('EntityServiceMeshSystemContent', () => {
  it('shows the whole roll-up on the tab', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshSystemContent />, api, {
      entity: checkoutSystem,
    });

    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: 'Service mesh roll-up',
      }),
    ).toBeInTheDocument();
    const forcing = await screen.findByRole('region', {
      name: 'Components that force the verdict',
    });
    expect(
      within(forcing).getByRole('link', { name: /checkout-api/ }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-api');
    const components = screen.getByRole('region', { name: 'Components' });
    expect(
      within(components).getByRole('link', { name: /cart-service/ }),
    ).toHaveAttribute('href', '/catalog/default/component/cart-service');
  });
});
