import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs/promises';
import {
  README_SCREENSHOTS,
  RUN_SCREENSHOTS,
  textOverflow,
  countIn,
  expectAccessible,
  openDashboard,
  parseCsv,
  sidebar,
  signIn,
} from './support';

/** The dashboard's fixed page size (it offers no control to change it). */
const PAGE_SIZE = 50;

const CSV_HEADER =
  'entityRef,name,title,type,owner,system,lifecycle,applicable,verdict,istioScore,linkerdScore,istioBlockers,linkerdBlockers,confidence,currentMesh,drift,diagnostics,annotationCoverage,rulesVersion,evaluatedAt';

test('the Service Mesh dashboard lists, filters, pages and exports the evaluations', async ({
  page,
}) => {
  await signIn(page);

  // What the guest can see in the catalog, to compare the dashboard with.
  await sidebar(page)
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  const catalogCount = page.getByRole('heading', {
    level: 2,
    name: /^All Components \(\d+\)$/,
  });
  await expect(page.getByRole('link', { name: 'Checkout API' })).toBeVisible();
  const componentsInCatalog = await countIn(catalogCount);

  await openDashboard(page);
  await expect(page).toHaveURL(/\/service-mesh$/);
  const heading = page.getByRole('heading', { name: /^Components \(\d+\)$/ });
  const total = await countIn(heading);
  // Every component the guest may read is evaluated, and no other.
  expect(total).toBe(componentsInCatalog);

  const table = page
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: 'Verdict' }) });
  const rows = table.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveCount(Math.min(total, PAGE_SIZE));
  await expect(
    rows.filter({ has: page.getByRole('link', { name: 'Checkout API' }) }),
  ).toBeVisible();

  // The verdict distribution adds up to the total.
  const distribution = page.getByRole('list', { name: 'Verdict distribution' });
  const counts: Record<string, number> = {};
  for (const verdict of ['Istio', 'Linkerd', 'Either', 'No mesh']) {
    const item = distribution
      .getByRole('listitem')
      .filter({ hasText: verdict });
    await expect(item).toHaveText(
      new RegExp(`^${verdict}\\s*\\d+ \\(\\d+%\\)$`),
    );
    counts[verdict] = Number(
      /(\d+) \(/.exec((await item.textContent()) ?? '')![1],
    );
  }
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(total);
  await expect(
    page.getByText('mean share of deciding annotations declared', {
      exact: false,
    }),
  ).toBeVisible();
  await expect(
    page.getByText(/running a mesh that differs from the verdict/),
  ).toBeVisible();

  await expectAccessible(page);
  await page.screenshot({ path: `${README_SCREENSHOTS}/dashboard.png` });

  // Filter by verdict: the filter goes into the URL and every row is Linkerd.
  const filters = page.getByRole('region', { name: 'Filters' });
  await filters.getByRole('checkbox', { name: 'Linkerd' }).check();
  await expect(page).toHaveURL(/\/service-mesh\?(.*&)?verdict=linkerd(&|$)/);
  const linkerd = counts.Linkerd;
  expect(linkerd).toBeGreaterThan(0);
  await expect(
    page.getByRole('heading', { name: `Components (${linkerd})` }),
  ).toBeVisible();
  await expect(rows).toHaveCount(Math.min(linkerd, PAGE_SIZE));
  await expect(
    rows.filter({
      hasNot: page.getByLabel('Verdict: Linkerd', { exact: true }),
    }),
  ).toHaveCount(0);
  for (const row of await rows.all()) {
    await expect(row.getByRole('cell').nth(4)).toHaveText('Linkerd');
  }

  // Paging: one page of at most PAGE_SIZE rows, then "Next".
  const next = page.getByRole('button', { name: 'Next' });
  const previous = page.getByRole('button', { name: 'Previous' });
  await expect(page.getByText('Page 1', { exact: true })).toBeVisible();
  await expect(previous).toBeDisabled();
  if (linkerd > PAGE_SIZE) {
    await next.click();
    await expect(page.getByText('Page 2', { exact: true })).toBeVisible();
    await expect(previous).toBeEnabled();
    await previous.click();
    await expect(page.getByText('Page 1', { exact: true })).toBeVisible();
  } else {
    await expect(next).toBeDisabled();
  }

  // Export CSV: the whole filtered set, as a file.
  const filtered = await exportCsv(page, 'export-linkerd.csv');
  expect(filtered.records).toHaveLength(linkerd);
  expect(new Set(filtered.column('verdict'))).toEqual(new Set(['linkerd']));
  expect(filtered.column('entityRef')).toContain(
    'component:default/edge-router',
  );
  expect(filtered.text).not.toContain('fraud-scoring');

  // Without filters: every component the guest may read, and not the
  // private fraud-scoring.
  await filters.getByRole('checkbox', { name: 'Linkerd' }).uncheck();
  await expect(page).not.toHaveURL(/verdict=/);
  await expect(
    page.getByRole('heading', { name: `Components (${total})` }),
  ).toBeVisible();
  const all = await exportCsv(page, 'export-all.csv');
  expect(all.records).toHaveLength(total);
  expect(all.column('entityRef')).toContain('component:default/ledger-service');
  expect(all.text).not.toContain('fraud-scoring');
});

test('the dashboard fits a 1280-px-wide window without cutting a column', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  await openDashboard(page);
  const table = page
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: 'Verdict' }) });
  // Nothing scrolls sideways: the page and the table fit the window.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const headers = table.getByRole('columnheader');
  const last = headers.last();
  await expect(last).toBeInViewport({ ratio: 1 });
  const lastBox = (await last.boundingBox())!;
  expect(lastBox.x + lastBox.width).toBeLessThanOrEqual(1280);
  // Cells do not run past their own box either.
  const cut: string[] = [];
  for (const cell of await table.getByRole('cell').all()) {
    if ((await textOverflow(cell)) > 1) cut.push((await cell.textContent()) ?? '');
  }
  expect(cut).toEqual([]);
  await page.screenshot({ path: `${RUN_SCREENSHOTS}/dashboard-1280.png` });
});

/** Clicks "Export CSV", captures the download and reads it. */
async function exportCsv(page: Page, saveAs: string) {
  const button = page
    .getByRole('region', { name: 'Filters' })
    .getByRole('button', { name: 'Export CSV' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    button.click(),
  ]);
  expect(download.suggestedFilename()).toBe('mesh-advisor-evaluations.csv');
  const text = await fs.readFile(await download.path(), 'utf8');
  await fs.writeFile(test.info().outputPath(saveAs), text);
  const [header, ...records] = parseCsv(text);
  expect(header.join(',')).toBe(CSV_HEADER);
  for (const record of records) {
    expect(record).toHaveLength(header.length);
  }
  await expect(button).toBeEnabled();
  return {
    text,
    records,
    column: (name: string) => records.map(r => r[header.indexOf(name)]),
  };
}
