import { expect, test } from '@playwright/test';
import {
  README_SCREENSHOTS,
  RUN_SCREENSHOTS,
  expectAccessible,
  openAnalysis,
  openComponent,
  signIn,
  summaryCard,
  textOverflow,
  verdictChip,
} from './support';

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('a service owner sees the verdict without scrolling, on a short summary card', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openComponent(page, 'Checkout API');
  const summary = summaryCard(page);
  const verdict = verdictChip(summary, 'Istio');
  await expect(verdict).toBeVisible();
  // In the first viewport: no scrolling needed to read the verdict, and the
  // whole card fits in it.
  await expect(verdict).toBeInViewport();
  const box = (await summary.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(1000);
  expect(box.height).toBeLessThan(400);

  // Both scores, the confidence and the first blocker.
  await expect(summary.getByText('Istio', { exact: true }).first()).toBeVisible();
  await expect(summary.getByText(/\/100/).first()).toBeVisible();
  await expect(summary.getByText(/[Cc]onfidence \d+%/)).toBeVisible();
  await expect(summary.getByText('Linkerd ruled out:')).toBeVisible();
  // Every score stays inside the card (a blocked one once ran past its edge).
  for (const scoreText of await summary.getByText(/\/100/).all()) {
    const text = (await scoreText.boundingBox())!;
    expect(text.x + text.width).toBeLessThanOrEqual(box.x + box.width);
  }
  await expect(
    summary.getByText(/Needs (wasm-extensions|external-authz|jwt-auth)/),
  ).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${README_SCREENSHOTS}/entity-summary.png` });

  // The link leads to the full analysis on the "Service mesh" tab.
  await summary.getByRole('link', { name: 'View analysis' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/checkout-api\/service-mesh$/,
  );
});

test('a component with little declared says its verdict is provisional', async ({
  page,
}) => {
  // image-resizer declares almost nothing: the verdict rests on defaults.
  await openComponent(page, 'Image resizer');
  const summary = summaryCard(page);
  await expect(summary.getByText('Provisional')).toBeVisible();
  // A confident verdict is not labelled so.
  await openComponent(page, 'Checkout API');
  await expect(verdictChip(summaryCard(page), 'Istio')).toBeVisible();
  await expect(summaryCard(page).getByText('Provisional')).toHaveCount(0);
});

test('an L7-heavy component gets Istio, with the Linkerd blockers and the Istio manifests', async ({
  page,
}) => {
  // checkout-api needs wasm-extensions, external-authz and jwt-auth, none of
  // which Linkerd has: Linkerd is ruled out, so the verdict is Istio.
  const card = await openAnalysis(page, 'Checkout API');

  await expect(verdictChip(card, 'Istio')).toBeVisible();
  await expect(card.getByText('/100 · blocked')).toBeVisible();

  const blockers = card.getByRole('region', { name: 'Blockers' });
  await expect(blockers.getByText('Linkerd is ruled out')).toBeVisible();
  for (const need of ['wasm-extensions', 'external-authz', 'jwt-auth']) {
    const blocker = blockers
      .getByRole('listitem')
      .filter({ hasText: `Needs ${need}, which Linkerd does not have` });
    await expect(blocker).toBeVisible();
    // Its evidence: the annotation it was read from, on this component.
    await expect(
      blocker.getByText('mesh-advisor.io/needs', { exact: true }).first(),
    ).toBeVisible();
  }

  // The why: signed contributions, grouped by axis, each with its source.
  const why = card.getByRole('region', { name: 'Why' });
  await expect(why.getByText('Feature depth', { exact: true })).toBeVisible();
  await expect(
    why
      .getByRole('listitem')
      .filter({ hasText: /Istio \+\d+\s*Needs wasm-extensions/ }),
  ).toBeVisible();

  await expectAccessible(page);
  await card.screenshot({ path: `${README_SCREENSHOTS}/entity-card.png` });

  // The Istio tab: onboarding steps and manifests for this workload.
  await card.getByRole('tab', { name: 'Istio', exact: true }).click();
  await expect(
    card.getByRole('tab', { name: 'Istio', exact: true }),
  ).toHaveAttribute('aria-selected', 'true');
  await expect(
    card.getByRole('heading', { name: 'Adopt Istio' }),
  ).toBeVisible();
  const manifests = card.getByRole('region', { name: 'Manifests' });
  for (const kind of ['PeerAuthentication', 'AuthorizationPolicy']) {
    const yaml = manifests
      .locator('code')
      .filter({ hasText: new RegExp(`^kind: ${kind}$`, 'm') })
      .first();
    await expect(yaml).toBeVisible();
    // Real YAML for the workload, named after its Kubernetes annotations.
    await expect(yaml).toContainText(/^apiVersion: security\.istio\.io\/v1/);
    await expect(yaml).toContainText(/^metadata:$/m);
    await expect(yaml).toContainText(/^ {2}namespace: checkout$/m);
    await expect(yaml).toContainText(/^ {6}app: checkout-api$/m);
  }
  // external-authz becomes a CUSTOM AuthorizationPolicy.
  await expect(
    manifests.locator('code').filter({ hasText: /^ {2}action: CUSTOM$/m }),
  ).toBeVisible();
  await expect(
    manifests.getByRole('button', { name: 'Copy text' }).first(),
  ).toBeVisible();
  await card.screenshot({ path: `${RUN_SCREENSHOTS}/entity-card-istio.png` });
});

test('what-if: a Linkerd component that needs Wasm moves to Istio', async ({
  page,
}) => {
  // edge-router: lean edge service, small team, needs only mtls, retries
  // and timeouts: the classic Linkerd case.
  const card = await openAnalysis(page, 'Edge router');
  await expect(verdictChip(card, 'Linkerd')).toBeVisible();

  await card.getByRole('tab', { name: 'What if' }).click();
  const whatIf = card.getByRole('region', { name: 'What if' });
  const reEvaluate = whatIf.getByRole('button', { name: 'Re-evaluate' });
  await expect(whatIf.getByRole('checkbox', { name: 'mtls' })).toBeChecked();
  // Nothing changed yet, so there is nothing to re-evaluate.
  await expect(reEvaluate).toBeDisabled();

  const wasm = whatIf.getByRole('checkbox', { name: 'wasm-extensions' });
  await expect(wasm).not.toBeChecked();
  await wasm.check();
  await reEvaluate.click();

  const moved = whatIf.getByRole('region', { name: 'What moved' });
  await expect(moved.getByText('(Linkerd → Istio)')).toBeVisible();
  await expect(verdictChip(moved, 'Linkerd')).toBeVisible();
  await expect(verdictChip(moved, 'Istio')).toBeVisible();
  await expect(
    moved.getByText(/Linkerd newly blocked: Needs wasm-extensions/),
  ).toBeVisible();
  await expect(moved.getByText(/^Istio score \d+ → \d+/)).toBeVisible();
  await expect(
    moved.getByText(
      '{"needs":["mtls","retries","timeouts","wasm-extensions"]}',
    ),
  ).toBeVisible();
  // A what-if saves nothing: the component's own verdict is still Linkerd.
  await expect(verdictChip(card, 'Linkerd').first()).toBeVisible();

  await card.screenshot({ path: `${README_SCREENSHOTS}/what-if.png` });

  await whatIf.getByRole('button', { name: 'Reset' }).click();
  await expect(wasm).not.toBeChecked();
  await expect(reEvaluate).toBeDisabled();
});

test('a typo in an annotation is named, with a suggestion and the line to fix it', async ({
  page,
}) => {
  // currency-converter declares `mesh-advisor.io/needs: mtls, retires`.
  const card = await openAnalysis(page, 'Currency converter');
  const problems = card.getByRole('region', { name: 'Annotation problems' });

  await expect(
    problems.getByText(/Unknown capability "retires"/),
  ).toBeVisible();
  await expect(problems.getByText(/Did you mean "retries"\?/)).toBeVisible();
  await expect(
    problems.getByText(
      'Put this line in the annotations of catalog-info.yaml:',
    ),
  ).toBeVisible();
  await expect(
    problems
      .locator('code')
      .filter({ hasText: 'mesh-advisor.io/needs: mtls, retries' }),
  ).toHaveText('mesh-advisor.io/needs: mtls, retries');
  await expect(
    problems.getByRole('button', { name: 'Copy text' }),
  ).toBeVisible();
  // The bad item is ignored and the evaluation goes on.
  await expect(verdictChip(card, 'Either')).toBeVisible();

  await card.screenshot({ path: `${README_SCREENSHOTS}/diagnostics.png` });
});

test.describe('card text', () => {
  test('a diagnostic suggests its correction once', async ({ page }) => {
    const card = await openAnalysis(page, 'Currency converter');
    const problems = card.getByRole('region', {
      name: 'Annotation problems',
    });
    const diagnostic = problems.getByText(/Unknown capability "retires"/);
    await expect(diagnostic).toBeVisible();
    const text = (await diagnostic.textContent()) ?? '';
    expect(text.match(/Did you mean "retries"\?/g)).toHaveLength(1);
  });

  test('long blocker and factor lines wrap instead of being cut off', async ({
    page,
  }) => {
    const card = await openAnalysis(page, 'Checkout API');
    await expect(card.getByRole('region', { name: 'Why' })).toBeVisible();
    const lines = card
      .getByRole('region', { name: /^(Blockers|Why)$/ })
      .getByRole('listitem');
    const cutOff: string[] = [];
    for (const line of await lines.all()) {
      if ((await textOverflow(line)) > 1) {
        cutOff.push((await line.textContent()) ?? '');
      }
    }
    expect(cutOff).toEqual([]);
  });
});
