import { expect, test } from '@playwright/test';
import {
  README_SCREENSHOTS,
  card,
  expectAccessible,
  openComponent,
  signIn,
  verdictChip,
} from './support';

test('a system rolls its components up into one verdict and names the component that forces it', async ({
  page,
}) => {
  await signIn(page);
  // From a component to its system, as a user would.
  await openComponent(page, 'Checkout API');
  await page
    .getByRole('definition')
    .getByRole('link', { name: 'Checkout', exact: true })
    .click();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Checkout', exact: true }),
  ).toBeVisible();

  // The overview leads with a short summary of the roll-up ...
  const summary = card(page, 'Service mesh for this system');
  await expect(verdictChip(summary, 'Istio').first()).toBeVisible();
  await expect(verdictChip(summary, 'Istio').first()).toBeInViewport();
  await expectAccessible(page);
  await summary.screenshot({
    path: `${README_SCREENSHOTS}/system-summary.png`,
  });

  // ... and its link opens the full roll-up on the system's tab.
  await summary.getByRole('link', { name: 'View analysis' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/system\/checkout\/service-mesh$/,
  );
  const system = card(page, 'Service mesh roll-up');
  await expect(verdictChip(system, 'Istio').first()).toBeVisible();
  await expect(system.getByText('/100 · blocked')).toBeVisible();

  // checkout-api needs what only Istio has, so it rules Linkerd out for the
  // whole system. (Links show the title once the catalog has answered.)
  const forcing = system.getByRole('region', {
    name: 'Components that force the verdict',
  });
  const checkoutApi = forcing.getByRole('listitem').filter({
    has: page.getByRole('link', { name: /^(Checkout API|checkout-api)$/ }),
  });
  await expect(checkoutApi).toContainText('rules out Linkerd');
  await expect(checkoutApi).toContainText('Needs wasm-extensions');
  await expect(checkoutApi.getByRole('link')).toHaveAttribute(
    'href',
    /\/catalog\/default\/component\/checkout-api$/,
  );

  await expect(
    system.getByRole('heading', { name: 'Cost of Istio' }),
  ).toBeVisible();
  await expect(system.getByText(/vCPU and \d+ MiB of proxy/)).toBeVisible();

  // The components behind the roll-up, each with its own verdict.
  const components = system.getByRole('region', {
    name: 'Components',
    exact: true,
  });
  const rows = components
    .getByRole('row')
    .filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveCount(6);
  await expect(
    rows.filter({ hasText: /^(Checkout web|checkout-web)/ }),
  ).toContainText('not applicable');

  await expectAccessible(page);
  await system.screenshot({ path: `${README_SCREENSHOTS}/system-card.png` });
});
