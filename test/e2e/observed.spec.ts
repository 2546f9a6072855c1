import { expect, Locator, Page, test } from '@playwright/test';
import type { ListClustersResponse } from '@mesh-advisor/plugin-service-mesh-common';
import {
  NO_KUBERNETES_URL,
  README_SCREENSHOTS,
  clustersCard,
  expectAccessible,
  meshAnalysis,
  openAnalysis,
  openDashboard,
  signIn,
  verdictChip,
} from './support';

/*
 * Observed evidence, as `npm start` shows it: the example portal's
 * Kubernetes backend reads the recorded clusters prod-eu and branch-01
 * (examples/recorded-cluster), Mesh Advisor's observer stores what runs there,
 * and the entity pages and the dashboard show it.
 */

/** How the cards print a time: `2026-12-01 10:00 UTC`. */
function shownTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * How long to wait for an observation: the first one runs a few seconds
 * after the backend starts, and on a loaded machine some of its queries
 * time out; the next comes 30 s later (test/e2e/app-config.e2e.yaml).
 */
const OBSERVED_WITHIN = 100_000;

/**
 * Opens a component's Service mesh tab once its evaluation carries what the
 * clusters run. Until the observer has stored it, the tab has none: leave
 * and come back, as a user would.
 */
async function openObservedAnalysis(page: Page, title: string) {
  let analysis!: Locator;
  await expect(async () => {
    analysis = await openAnalysis(page, title);
    await expect(
      analysis.getByRole('list', { name: 'Observed in clusters' }),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: OBSERVED_WITHIN });
  return analysis;
}

/**
 * The one line the analysis shows for a cluster, checked word for word, and
 * the time it names: when it was observed, in the past, shown as printed.
 */
async function expectObservedLine(
  analysis: Locator,
  cluster: string,
  what: RegExp,
) {
  const line = analysis
    .getByRole('list', { name: 'Observed in clusters' })
    .getByRole('listitem')
    .filter({ hasText: `Observed in cluster ${cluster} at ` });
  await expect(line).toHaveCount(1);
  const time = line.locator('time');
  const observedAt = (await time.getAttribute('datetime'))!;
  const when = Date.parse(observedAt);
  expect(when, `observedAt ${observedAt}`).not.toBeNaN();
  // Observed by this portal's backend: not in the future, not from a fixture.
  expect(when).toBeLessThanOrEqual(Date.now() + 60_000);
  expect(when).toBeGreaterThan(Date.now() - 24 * 3600_000);
  await expect(time).toHaveText(shownTime(observedAt));
  const text = (await line.textContent())!;
  const prefix = `Observed in cluster ${cluster} at ${shownTime(observedAt)}: `;
  expect(text.startsWith(prefix), text).toBe(true);
  expect(text.slice(prefix.length)).toMatch(what);
}

const VERDICT_LABELS: Record<string, string> = {
  istio: 'Istio',
  linkerd: 'Linkerd',
  either: 'Either',
  none: 'No mesh',
};

/** A figure shown rounded to `digits` decimals is the computed one. */
function expectRounded(shown: number, computed: number, digits: number) {
  expect(
    Math.abs(shown - computed),
    `${shown} shown for ${computed}`,
  ).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9);
}

test.describe('a signed-in user who may read Kubernetes resources', () => {
  test.describe.configure({ timeout: OBSERVED_WITHIN + 90_000 });

  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  for (const { title, cluster, runs } of [
    {
      title: 'Checkout API',
      cluster: 'prod-eu',
      runs: /^runs Istio \(Istio sidecar\), seen on Pod checkout\/checkout-api-[a-z0-9-]+$/,
    },
    {
      title: 'Promotion engine',
      cluster: 'prod-eu',
      runs: /^runs Istio \(Istio ambient\), seen on Pod promotions\/promo-engine-[a-z0-9-]+$/,
    },
    {
      title: 'Search service',
      cluster: 'branch-01',
      runs: /^runs Linkerd \(Linkerd proxy\), seen on Pod catalog\/search-api-[a-z0-9-]+$/,
    },
  ]) {
    test(`${title}: the mesh it runs, the object it was read from, the cluster and when`, async ({
      page,
    }) => {
      const analysis = await openObservedAnalysis(page, title);
      await expectObservedLine(analysis, cluster, runs);
      // One cluster runs it: the other has no line.
      await expect(
        analysis
          .getByRole('list', { name: 'Observed in clusters' })
          .getByRole('listitem'),
      ).toHaveCount(1);
      await expectAccessible(page, { include: '.MuiCard-root' });
    });
  }

  test('a declaration the cluster contradicts shows its diagnostic', async ({
    page,
  }) => {
    // Its system declares current-mesh none; prod-eu runs it with a sidecar.
    const payments = await openObservedAnalysis(page, 'Payment gateway');
    await expectObservedLine(
      payments,
      'prod-eu',
      /^runs Istio \(Istio sidecar\), seen on Pod payments\/payment-gw-[a-z0-9-]+$/,
    );
    const problems = payments.getByRole('region', {
      name: 'Annotation problems',
    });
    await expect(
      problems.getByText(
        /mesh-advisor\.io\/current-mesh: Declares current-mesh none, but cluster prod-eu runs istio \(istio-sidecar in Pod payments\/payment-gw-[a-z0-9-]+, observed at \d{4}-\d\d-\d\dT[\d:.]+Z\)\. The declaration is used; correct it if the cluster is right\./,
      ),
    ).toBeVisible();
    // The advice's example lines are Backstage CodeSnippets, whose syntax
    // colours (react-syntax-highlighter's theme) are not ours.
    await expectAccessible(page, { include: '.MuiCard-root', exclude: 'pre' });

    // Recommendations declares istio itself; branch-01 runs it on Linkerd.
    const recommendations = await openObservedAnalysis(page, 'Recommendations');
    await expectObservedLine(
      recommendations,
      'branch-01',
      /^runs Linkerd \(Linkerd proxy\), seen on Pod catalog\/recommendations-[a-z0-9-]+$/,
    );
    await expect(
      recommendations
        .getByRole('region', { name: 'Annotation problems' })
        .getByText(
          /Declares current-mesh istio, but cluster branch-01 runs linkerd/,
        ),
    ).toBeVisible();
  });

  test("the dashboard's Clusters card rolls each cluster up: meshes pointed to, conflicts, proxy cost", async ({
    page,
  }) => {
    // What the card was given, to check it against what it shows.
    let rollup: ListClustersResponse | undefined;
    page.on('response', async response => {
      if (
        /\/api\/service-mesh\/v1\/clusters$/.test(response.url()) &&
        response.ok()
      ) {
        rollup = await response.json();
      }
    });
    const card = clustersCard(page);
    const list = card.getByRole('list', { name: 'Clusters' });
    const item = (name: string) =>
      list
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { level: 3, name }) });
    const branch = item('branch-01');
    const prod = item('prod-eu');

    // What the recorded clusters run (examples/recorded-cluster/README.md);
    // the private fraud-scoring is not counted for the guest. Until the
    // observer has seen every component, come back.
    await expect(async () => {
      await openDashboard(page);
      await expect(branch).toContainText('3 components observed, last at ', {
        timeout: 10_000,
      });
      await expect(prod).toContainText('5 components observed, last at ', {
        timeout: 1_000,
      });
    }).toPass({ timeout: OBSERVED_WITHIN });
    await expect.poll(() => rollup?.clusters.length).toBe(2);
    await expect(branch).toContainText('Runs: Linkerd 3 · Verdicts: ');
    await expect(prod).toContainText('Runs: Istio 4, No mesh 1 · Verdicts: ');

    for (const cluster of rollup!.clusters) {
      const shown = item(cluster.name);
      await expect(shown.locator('time').first()).toHaveText(
        shownTime(cluster.observedAt),
      );
      // The meshes its components point to, as many as the backend counted.
      const meshes = (await shown.getByText(/^Runs: /).textContent())!;
      const pointsTo = Object.fromEntries(
        meshes
          .split(' · Verdicts: ')[1]
          .split(', ')
          .map(entry => {
            const [, label, count] = /^(.+) (\d+)$/.exec(entry)!;
            return [label, Number(count)];
          }),
      );
      expect(pointsTo, meshes).toEqual(
        Object.fromEntries(
          Object.entries(cluster.pointsTo).map(([verdict, count]) => [
            VERDICT_LABELS[verdict],
            count,
          ]),
        ),
      );
      // Conflicts: one cluster usually runs one mesh.
      const inConflict = Object.values(cluster.conflict?.byMesh ?? {}).flat()
        .length;
      if (inConflict > 0) {
        await expect(shown).toContainText(
          `${inConflict} components in conflict`,
        );
        await expect(shown).toContainText(cluster.conflict!.summary);
      } else {
        await expect(shown).toContainText('No conflicts');
      }
      // The total proxy cost, running and by the verdicts, as computed.
      const text = (await shown.getByText(/Proxy cost: /).textContent())!;
      const cost =
        /Proxy cost: ([\d.]+) vCPU, ([\d.]+) MiB running, ([\d.]+) vCPU, ([\d.]+) MiB by the verdicts/.exec(
          text,
        );
      expect(cost, text).not.toBeNull();
      const [cpu, memory, recommendedCpu, recommendedMemory] = cost!
        .slice(1)
        .map(Number);
      const { running, recommended } = cluster.proxyCost;
      expectRounded(cpu, running.proxyCpuVcpu, 2);
      expectRounded(memory, running.proxyMemoryMiB, 0);
      expectRounded(recommendedCpu, recommended.proxyCpuVcpu, 2);
      expectRounded(recommendedMemory, recommended.proxyMemoryMiB, 0);
    }
    // Both run meshes: the proxies cost something.
    expect(
      rollup!.clusters.every(c => c.proxyCost.running.proxyCpuVcpu > 0),
    ).toBe(true);

    await expectAccessible(page);
    await card.screenshot({ path: `${README_SCREENSHOTS}/clusters-card.png` });
  });
});

test('a user who may not read Kubernetes resources sees no observed evidence', async ({
  page,
}) => {
  // This portal observes the same recorded clusters; its guest is denied
  // kubernetes.resources.read by the example permission policy.
  await signIn(page, NO_KUBERNETES_URL);

  const checkout = await openAnalysis(page, 'Checkout API');
  await expect(verdictChip(checkout, 'Istio')).toBeVisible();
  await expect(
    checkout.getByRole('list', { name: 'Observed in clusters' }),
  ).toHaveCount(0);
  await expect(checkout.getByText(/observed/i)).toHaveCount(0);
  await expectAccessible(page, { include: '.MuiCard-root' });

  // Nor the contradiction only the cluster could tell.
  const payments = await openAnalysis(page, 'Payment gateway');
  await expect(meshAnalysis(page)).toBeVisible();
  await expect(payments.getByText(/Declares current-mesh/)).toHaveCount(0);
  await expect(payments.getByText(/prod-eu|branch-01/)).toHaveCount(0);

  // The dashboard says why it has no cluster roll-up, without an error.
  await openDashboard(page);
  const card = clustersCard(page);
  await expect(
    card.getByText(
      'Cluster observations are shown to those who may read Kubernetes resources (kubernetes.resources.read).',
    ),
  ).toBeVisible();
  await expect(card.getByRole('list', { name: 'Clusters' })).toHaveCount(0);
  await expect(card.getByText(/prod-eu|branch-01/)).toHaveCount(0);
  await expectAccessible(page);
});
