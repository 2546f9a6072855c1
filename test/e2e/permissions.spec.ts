import { expect, test } from '@playwright/test';
import { countIn, openDashboard, sidebar, signIn } from './support';

/*
 * fraud-scoring is annotated `example.com/visibility: private`: the example
 * permission policy hides it from everyone outside the payments group, and
 * the guest owns nothing.
 */
test('the guest finds the private fraud-scoring neither in the catalog nor in Mesh Advisor', async ({
  page,
}) => {
  await signIn(page);

  // Catalog: the search works (another payments component is found) ...
  await sidebar(page)
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  const search = page.getByRole('textbox', { name: 'Search' });
  const count = page.getByRole('heading', {
    level: 2,
    name: /^All Components \(\d+\)$/,
  });
  await search.fill('ledger');
  await expect(count).toHaveText('All Components (1)');
  await expect(
    page.getByRole('link', { name: 'Ledger service' }),
  ).toBeVisible();
  // ... and finds nothing for fraud-scoring.
  for (const term of ['fraud', 'fraud-scoring']) {
    await search.fill(term);
    await expect(count).toHaveText('All Components (0)');
    await expect(page.getByText('No records to display')).toBeVisible();
  }
  await expect(page.getByRole('link', { name: /fraud/i })).toHaveCount(0);

  // Dashboard: same search, same answer.
  await openDashboard(page);
  const filters = page.getByRole('region', { name: 'Filters' });
  const q = filters.getByRole('textbox', { name: 'Search' });
  const components = page.getByRole('heading', {
    name: /^Components \(\d+\)$/,
  });
  await q.fill('ledger');
  await q.press('Enter');
  await expect(page).toHaveURL(/[?&]q=ledger(&|$)/);
  await expect(components).toHaveText('Components (1)');
  await expect(
    page.getByRole('link', { name: 'Ledger service' }),
  ).toBeVisible();
  for (const term of ['fraud', 'fraud-scoring']) {
    await q.fill(term);
    await filters.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]q=${term}(&|$)`));
    await expect(components).toHaveText('Components (0)');
    await expect(
      page.getByText('No evaluations match these filters.'),
    ).toBeVisible();
  }

  // Nor does it count in its team's owner filter.
  await q.fill('');
  await filters.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).not.toHaveURL(/[?&]q=/);
  const owner = filters.getByRole('combobox', { name: 'Owner' });
  const payments = await countIn(
    owner.getByRole('option', { name: /^group:default\/payments \(\d+\)$/ }),
  );
  await owner.selectOption('group:default/payments');
  await expect(page).toHaveURL(
    /[?&]owner=group(%3A|:)default(%2F|\/)payments(&|$)/,
  );
  await expect(components).toHaveText(`Components (${payments})`);
  await expect(
    page.getByRole('link', { name: 'Ledger service' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: /fraud/i })).toHaveCount(0);
});
