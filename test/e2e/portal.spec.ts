import { expect, Page, test } from '@playwright/test';

const SCREENSHOTS = 'test/output/screenshots';

/** Guest sign-in, once per page (a fresh navigation keeps the session in this context). */
async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByRole('navigation', { name: 'sidebar nav' })).toBeVisible();
}

test('the portal serves the example catalog with its relations', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Catalog', exact: true }).first().click();
  await expect(page.getByRole('link', { name: 'checkout-api' })).toBeVisible();
  await page.getByRole('link', { name: 'checkout-api' }).click();
  // The catalog resolved the component's relations: its system is linked.
  await expect(page.getByRole('link', { name: /checkout/ }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/component-page.png`, fullPage: true });
});

test('Mesh Advisor has its page in the sidebar', async ({ page }) => {
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: /Service Mesh/ })).toBeVisible();
});
