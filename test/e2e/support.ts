import AxeBuilder from '@axe-core/playwright';
import { expect, Locator, Page } from '@playwright/test';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Screenshots the plugin README shows; every run overwrites them. */
export const README_SCREENSHOTS = path.join(
  ROOT,
  'plugins/service-mesh/docs/screenshots',
);

/** Screenshots of a run, for a human to look at afterwards. */
export const RUN_SCREENSHOTS = path.join(ROOT, 'test/output/screenshots');

/**
 * Checks the page (or the part of it that `include` selects) with axe-core
 * against WCAG 2.1 A and AA, and fails on any serious or critical
 * violation, listing each with the elements it found. `upstream` names rules
 * whose violations come from Backstage's own components on that page (not
 * ours to fix); they are left out, and only for that page. `exclude` leaves
 * out elements Backstage renders (e.g. `pre`: the syntax colours of
 * `CodeSnippet`), checking the rest of the page with every rule.
 */
export async function expectAccessible(
  page: Page,
  {
    include,
    exclude,
    upstream = [],
  }: { include?: string; exclude?: string; upstream?: string[] } = {},
) {
  let builder = new AxeBuilder({ page }).withTags([
    'wcag2a',
    'wcag2aa',
    'wcag21a',
    'wcag21aa',
    'best-practice',
  ]);
  if (include) builder = builder.include(include);
  if (exclude) builder = builder.exclude(exclude);
  if (upstream.length > 0) builder = builder.disableRules(upstream);
  const { violations } = await builder.analyze();
  const serious = violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(
      v =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map(n => `    ${n.target.join(' ')} — ${n.failureSummary}`)
          .join('\n')}`,
    );
  expect(serious, serious.join('\n')).toEqual([]);
}

/** The app's sidebar. (The `<nav>` has no box of its own: look at its links.) */
export function sidebar(page: Page): Locator {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

/**
 * The second example portal (playwright.config.ts), where the guest is a
 * member of group:default/external-auditors, which the example permission
 * policy denies `kubernetes.resources.read`.
 */
export const NO_KUBERNETES_URL =
  process.env.PLAYWRIGHT_NO_KUBERNETES_URL ?? 'http://localhost:7018';

/**
 * Guest sign-in, on the portal at `origin` (default: the one under test).
 * Afterwards, move around by clicking links: a fresh `page.goto` may land on
 * the sign-in page again.
 */
export async function signIn(page: Page, origin = '') {
  await page.goto(`${origin}/`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** Opens a component's page from the catalog, by its title. */
export async function openComponent(page: Page, title: string) {
  await sidebar(page)
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  await page.getByRole('textbox', { name: 'Search' }).fill(title);
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: title, exact: true }),
  ).toBeVisible();
}

/**
 * A card (Backstage `InfoCard`) by its title. InfoCard titles are not
 * headings, so the card is the Material-UI card that holds the title text.
 */
export function card(page: Page, title: string): Locator {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) });
}

/** The Mesh Advisor summary card on a component's overview. */
export function summaryCard(page: Page): Locator {
  return card(page, 'Service mesh');
}

/** The full analysis on a component's "Service mesh" tab. */
export function meshAnalysis(page: Page): Locator {
  return card(page, 'Service mesh analysis');
}

/**
 * Opens a component's "Service mesh" tab the way a service owner would:
 * from the summary card's "View analysis" link.
 */
export async function openAnalysis(page: Page, title: string) {
  await openComponent(page, title);
  await summaryCard(page).getByRole('link', { name: 'View analysis' }).click();
  await expect(page).toHaveURL(/\/service-mesh$/);
  await expect(meshAnalysis(page)).toBeVisible();
  return meshAnalysis(page);
}

/** The dashboard's Clusters card. */
export function clustersCard(page: Page): Locator {
  return card(page, 'Clusters');
}

/** A verdict chip ("Istio", "Linkerd", "Either", "No mesh"), by its label. */
export function verdictChip(scope: Locator | Page, verdict: string): Locator {
  return scope.getByLabel(`Verdict: ${verdict}`, { exact: true });
}

/**
 * Opens the Mesh Advisor dashboard from the sidebar and waits until it lists
 * evaluations. The backend stores them in a refresh a few seconds after it
 * starts; a dashboard opened before that lists none and does not poll, so
 * leave and come back (as a user would) until it has rows. Each visit waits
 * up to 10 s: in one run right after a reinstall, visits of 5 s never saw
 * the rows for a minute although the list had them at the end (the cause is
 * not known; test/output/e2e-backend.log now keeps the backend's log).
 */
export async function openDashboard(page: Page) {
  const nav = sidebar(page);
  await expect(async () => {
    await nav.getByRole('link', { name: 'Catalog', exact: true }).click();
    await nav.getByRole('link', { name: 'Service Mesh' }).click();
    await expect(
      page.getByRole('heading', { name: /^Components \([1-9]\d*\)$/ }),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 70_000 });
}

/** The number in a heading such as "Components (13)". */
export async function countIn(heading: Locator): Promise<number> {
  const text = (await heading.textContent()) ?? '';
  const match = /\((\d+)\)/.exec(text);
  if (!match) {
    throw new Error(`No count in heading "${text}"`);
  }
  return Number(match[1]);
}

/**
 * How far (px) the text of an element reaches past its own box: 0 when it
 * wraps or fits, more when it runs on and is cut off.
 */
export async function textOverflow(element: Locator): Promise<number> {
  return element.evaluate(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return Math.max(
      0,
      range.getBoundingClientRect().right - el.getBoundingClientRect().right,
    );
  });
}

/** RFC 4180 CSV to rows of fields (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
