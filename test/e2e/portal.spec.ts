import { expect, test } from '@playwright/test';
import { RUN_SCREENSHOTS, sidebar, signIn } from './support';

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
