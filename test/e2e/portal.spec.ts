import { expect, test } from '@playwright/test';
import { RUN_SCREENSHOTS, expectAccessible, sidebar, signIn } from './support';

test('the catalog lives at /catalog, and / opens it', async ({ page }) => {
  await signIn(page);
  // signIn starts at `/`: it landed on the catalog.
  await expect(page).toHaveURL(/\/catalog\/?$/);
  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog', exact: true }),
  ).toHaveAttribute('href', /\/catalog$/);
  await expect(
    page.getByRole('link', { name: 'Checkout API', exact: true }),
  ).toBeVisible();
  // The catalog table's sortable headers (Backstage's, through
  // material-table) put a focusable sort button inside a role="button".
  await expectAccessible(page, { upstream: ['nested-interactive'] });
});

test('the portal serves the example catalog with its relations', async ({
  page,
}) => {
  await signIn(page);
  await sidebar(page)
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  // The catalog lists components by title.
  await expect(
    page.getByRole('link', { name: 'Checkout API', exact: true }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Checkout API', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/checkout-api/);
  // The catalog resolved the component's relations: its system is linked.
  await expect(
    page
      .getByRole('definition')
      .getByRole('link', { name: 'Checkout', exact: true }),
  ).toHaveAttribute('href', /\/catalog\/default\/system\/checkout$/);
  await page.screenshot({
    path: `${RUN_SCREENSHOTS}/component-page.png`,
    fullPage: true,
  });
});

test('Mesh Advisor has its page in the sidebar', async ({ page }) => {
  await signIn(page);
  await expect(
    sidebar(page).getByRole('link', { name: 'Service Mesh' }),
  ).toHaveAttribute('href', /\/service-mesh$/);
});

test('a path no page claims is a 404, not a redirect', async ({ page }) => {
  await signIn(page);
  await page.goto('/no-such-page');
  await expect(page.getByText(/page not found/i).first()).toBeVisible();
  await expect(page).toHaveURL(/\/no-such-page$/);
});
