import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Evaluation } from '@mesh-advisor/plugin-service-mesh-common';
import { ServiceMeshCard } from './EntityServiceMeshCard';
import {
  OBSERVED_AT,
  checkoutApiEntity,
  checkoutApiEvaluation,
  evaluateExample,
  libraryEntity,
  libraryEvaluation,
  observedExample,
  provisionalEntity,
  provisionalEvaluation,
  wishlistEntity,
} from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

function textIs(text: string) {
  return (_: string, element: Element | null) =>
    element?.textContent === text &&
    Array.from(element.children).every(child => child.textContent !== text);
}

function percent(share: number) {
  return `${Math.round(share * 100)}%`;
}

// Material UI tables and tabs render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('EntityServiceMeshCard', () => {
  it('shows a progress bar while loading, and no verdict', async () => {
    const api = createMockApi({
      getEntityEvaluation: jest.fn().mockReturnValue(new Promise(() => {})),
    });
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: checkoutApiEntity,
    });
    // Backstage shows the bar after a short delay, so quick answers do not flash.
    expect(
      await screen.findByRole('progressbar', { name: 'Loading' }),
    ).toBeVisible();
    expect(screen.queryByLabelText(/^Verdict: /)).not.toBeInTheDocument();
  });

  it('shows an error with a retry that calls the API again', async () => {
    const api = createMockApi();
    api.getEntityEvaluation
      .mockRejectedValueOnce(new Error('backend unreachable'))
      .mockResolvedValueOnce(checkoutApiEvaluation);
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: checkoutApiEntity,
    });

    expect(
      (await screen.findAllByText(/backend unreachable/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(api.getEntityEvaluation).toHaveBeenCalledTimes(2);
    expect(api.getEntityEvaluation).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-api',
    });
  });

  it('shows an empty state for a 404', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'not found' },
        response: { statusCode: 404 },
      }),
      {
        status: 404,
        statusText: 'Not Found',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const api = createMockApi({
      getEntityEvaluation: jest
        .fn()
        .mockRejectedValue(await ResponseError.fromResponse(response)),
    });
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: checkoutApiEntity,
    });
    expect(await screen.findByText('No evaluation yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('explains why a library needs no mesh, in the evaluator’s words', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshCard />, api, { entity: libraryEntity });
    expect(
      await screen.findByText('No service mesh needed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(libraryEvaluation.notApplicableReason!),
    ).toBeInTheDocument();
    expect(libraryEvaluation.notApplicableReason).toMatch(
      /type "library" are not networked workloads/,
    );
  });

  it('says an excluded component is not evaluated, without calling the API', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: {
        ...checkoutApiEntity,
        metadata: {
          ...checkoutApiEntity.metadata,
          annotations: { 'mesh-advisor.io/exclude': ' True ' },
        },
      },
    });
    expect(screen.getByText('Excluded from Mesh Advisor')).toBeInTheDocument();
    expect(screen.getByText(/mesh-advisor.io\/exclude/)).toBeInTheDocument();
    expect(api.getEntityEvaluation).not.toHaveBeenCalled();
  });

  it('shows the verdict, blockers, evidence, advice and guidance', async () => {
    const evaluation = checkoutApiEvaluation;
    const api = createMockApi();
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: checkoutApiEntity,
    });

    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(
      screen.getByText(`Confidence ${percent(evaluation.confidence)}`),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Istio score')).toHaveAttribute(
      'aria-valuenow',
      String(evaluation.scores.istio),
    );
    expect(screen.getByLabelText('Linkerd score')).toHaveAttribute(
      'aria-valuenow',
      String(evaluation.scores.linkerd),
    );

    // Blockers first: the L7 needs only Istio covers rule Linkerd out.
    const blockers = screen.getByRole('region', { name: 'Blockers' });
    expect(
      within(blockers).getByText('Linkerd is ruled out'),
    ).toBeInTheDocument();
    expect(evaluation.blockers.linkerd.map(b => b.id)).toEqual(
      expect.arrayContaining(['need:external-authz', 'need:jwt-auth']),
    );
    for (const blocker of evaluation.blockers.linkerd) {
      expect(within(blockers).getByText(blocker.summary)).toBeInTheDocument();
    }

    // A factor with its evidence: the ops capacity inherited from the
    // Checkout system, linked to it.
    const why = screen.getByRole('region', { name: 'Why' });
    const ops = evaluation.factors.find(f => f.id === 'ops-capacity')!;
    expect(ops.evidence[0]).toMatchObject({
      kind: 'inherited',
      ref: 'system:default/checkout',
    });
    expect(within(why).getByText('Operational capacity')).toBeInTheDocument();
    expect(within(why).getByText(ops.summary)).toBeInTheDocument();
    expect(
      within(why)
        .getAllByRole('link')
        .map(link => link.getAttribute('href')),
    ).toContain('/catalog/default/system/checkout');

    // Advice on what would sharpen the verdict.
    expect(screen.getByText(/Sharpen this verdict/)).toBeInTheDocument();

    // The Istio tab: steps, a manifest with its docs, the overhead estimate.
    const istio = evaluation.guidance.istio;
    await userEvent.click(screen.getByRole('tab', { name: 'Istio' }));
    expect(screen.getByText(istio.steps[0].title)).toBeInTheDocument();
    const mtls = istio.manifests.find(m => m.kind === 'PeerAuthentication')!;
    expect(screen.getByText(mtls.title)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /PeerAuthentication docs/ }),
    ).toHaveAttribute('href', mtls.docsUrl);
    expect(screen.getByText('Estimate')).toBeInTheDocument();
    const overhead = evaluation.overhead.istio;
    expect(
      screen.getByText(
        new RegExp(
          `${overhead.proxyCpuVcpu} vCPU and ${overhead.proxyMemoryMiB} MiB of proxy across ${overhead.replicas} replicas`,
        ),
      ),
    ).toBeInTheDocument();

    // The Linkerd tab: the needs it cannot meet.
    await userEvent.click(screen.getByRole('tab', { name: 'Linkerd' }));
    const unsupported = screen.getByRole('region', {
      name: 'Needs Linkerd cannot meet',
    });
    expect(within(unsupported).getByText('external-authz')).toBeInTheDocument();
  });

  it('names a bad annotation value with the line that fixes it', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshCard />, api, { entity: wishlistEntity });

    const problems = await screen.findByRole('region', {
      name: 'Annotation problems',
    });
    expect(
      within(problems).getByText(/Unknown protocol "quic"/),
    ).toBeInTheDocument();
    expect(
      within(problems).getByText(/Did you mean "http3"\?/),
    ).toBeInTheDocument();
    expect(
      within(problems).getAllByText(
        textIs('mesh-advisor.io/protocols: http1, http3'),
      ).length,
    ).toBeGreaterThan(0);
  });

  it('re-evaluates a what-if and shows what moved', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: checkoutApiEntity,
    });
    await userEvent.click(await screen.findByRole('tab', { name: 'What if' }));

    const externalAuthz = await screen.findByRole('checkbox', {
      name: 'external-authz',
    });
    expect(externalAuthz).toBeChecked();
    expect(screen.getByRole('button', { name: 'Re-evaluate' })).toBeDisabled();

    await userEvent.click(externalAuthz);
    await userEvent.selectOptions(
      screen.getByLabelText('Cluster profile'),
      'edge',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Re-evaluate' }));

    const overrides = {
      needs: checkoutApiEvaluation.requirements.needs.value.filter(
        need => need !== 'external-authz',
      ),
      clusterProfile: 'edge' as const,
    };
    await waitFor(() => expect(api.evaluate).toHaveBeenCalledTimes(1));
    expect(api.evaluate).toHaveBeenCalledWith({
      entity: checkoutApiEntity,
      overrides,
    });

    // What the evaluator says for the same what-if.
    const after = evaluateExample(checkoutApiEntity, { overrides });
    const moved = await screen.findByRole('region', { name: 'What moved' });
    const line = (mesh: 'istio' | 'linkerd', label: string) => {
      const [a, b] = [checkoutApiEvaluation.scores[mesh], after.scores[mesh]];
      const delta = b - a;
      let signed = '±0';
      if (delta > 0) signed = `+${delta}`;
      if (delta < 0) signed = `−${-delta}`;
      return `${label} score ${a} → ${b} (${signed})`;
    };
    expect(after.scores).not.toEqual(checkoutApiEvaluation.scores);
    expect(within(moved).getByText(line('istio', 'Istio'))).toBeInTheDocument();
    expect(
      within(moved).getByText(line('linkerd', 'Linkerd')),
    ).toBeInTheDocument();
  });

  it('lists every question that would decide a provisional verdict, with its outcomes', async () => {
    const questions = provisionalEvaluation.decidingQuestions!;
    expect(provisionalEvaluation.provisional).toBe(true);
    const api = createMockApi();
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: provisionalEntity,
    });

    const section = await screen.findByRole('region', {
      name: 'What would decide it',
    });
    expect(
      within(section).getByRole('heading', { level: 3 }),
    ).toHaveTextContent('What would decide it');
    const list = within(section).getByRole('list', {
      name: 'Deciding questions',
    });
    expect(list.children).toHaveLength(questions.length);
    const first = questions[0];
    const outcomes = within(section).getByRole('list', {
      name: `Outcomes of ${first.annotation}`,
    });
    const verdictLabel = { istio: 'Istio', linkerd: 'Linkerd' } as Record<
      string,
      string
    >;
    expect(
      within(outcomes)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(
      first.outcomes.map(
        o =>
          `${first.annotation}: ${o.value} → ${
            verdictLabel[o.verdict] ??
            ({ either: 'Either', none: 'No mesh' } as Record<string, string>)[
              o.verdict
            ]
          }`,
      ),
    );
    for (const question of questions) {
      expect(
        within(section).getByText(question.question, { exact: false }),
      ).toBeInTheDocument();
    }
  });

  it('asks no deciding questions when the verdict is not provisional', async () => {
    const api = createMockApi({
      getEntityEvaluation: jest
        .fn()
        .mockResolvedValue({ ...provisionalEvaluation, provisional: false }),
    });
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: provisionalEntity,
    });

    expect(await screen.findByLabelText(/^Verdict: /)).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'What would decide it' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByText(provisionalEvaluation.decidingQuestions![0].question),
    ).not.toBeInTheDocument();
  });

  it('shows what runs in each cluster: the mesh, the object and when', async () => {
    const api = createMockApi({
      getEntityEvaluation: jest
        .fn()
        .mockResolvedValue(observedExample('checkout-api')),
    });
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: checkoutApiEntity,
    });

    const clusters = await screen.findByRole('list', {
      name: 'Observed in clusters',
    });
    const line = within(clusters).getByRole('listitem');
    expect(line).toHaveTextContent(
      'Observed in cluster prod-eu at 2026-12-01 10:00 UTC: runs Istio (Istio sidecar), seen on Pod checkout/checkout-api-6c6b5d7f4d-x2kq8',
    );
    expect(line.querySelector('time')).toHaveAttribute('datetime', OBSERVED_AT);
  });

  it('says when a cluster runs it without a mesh, and when one could not be read', async () => {
    const observed: Evaluation = {
      ...observedExample('fleet-analytics'),
    };
    observed.observed!.clusters.push({
      cluster: 'branch-01',
      observedAt: OBSERVED_AT,
      status: 'error',
      error: 'no answer within 5000 ms',
      workloads: [],
      pods: 0,
      dataPlanes: [],
      injection: [],
      protocols: [],
    });
    const api = createMockApi({
      getEntityEvaluation: jest.fn().mockResolvedValue(observed),
    });
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: checkoutApiEntity,
    });

    const clusters = await screen.findByRole('list', {
      name: 'Observed in clusters',
    });
    expect(
      within(clusters)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Observed in cluster prod-eu at 2026-12-01 09:58 UTC: runs no mesh, seen on Pod analytics/fleet-analytics-0',
      'Observed in cluster branch-01 at 2026-12-01 10:00 UTC: could not be read (no answer within 5000 ms)',
    ]);
  });

  it('labels evidence read in a cluster and shows the contradiction it found', async () => {
    // payment-gateway's system declares current-mesh none; prod-eu runs Istio.
    const evaluation = observedExample('payment-gateway');
    const contradiction = evaluation.diagnostics.find(d =>
      d.message.startsWith('Declares current-mesh none'),
    );
    expect(contradiction?.message).toContain(
      'cluster prod-eu runs istio (istio-sidecar in Pod payments/payment-gw-7b9f6d8c5-m2x9z',
    );
    const api = createMockApi({
      getEntityEvaluation: jest.fn().mockResolvedValue(evaluation),
    });
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: checkoutApiEntity,
    });

    const problems = await screen.findByRole('region', {
      name: 'Annotation problems',
    });
    expect(
      within(problems).getByText(contradiction!.message, { exact: false }),
    ).toHaveTextContent(
      `mesh-advisor.io/current-mesh: ${contradiction!.message}`,
    );
  });

  it('shows the what-if error without losing the evaluation', async () => {
    const api = createMockApi({
      evaluate: jest.fn().mockRejectedValue(new Error('body too large')),
    });
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: checkoutApiEntity,
    });
    await userEvent.click(await screen.findByRole('tab', { name: 'What if' }));
    await userEvent.click(await screen.findByRole('checkbox', { name: 'tap' }));
    await userEvent.click(screen.getByRole('button', { name: 'Re-evaluate' }));
    expect(
      (await screen.findAllByText(/body too large/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByLabelText('Verdict: Istio')).toBeInTheDocument();
  });
});
