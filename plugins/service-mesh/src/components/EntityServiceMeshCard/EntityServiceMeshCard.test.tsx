import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServiceMeshCard } from './EntityServiceMeshCard';
import {
  libraryEvaluation,
  paymentsEntity,
  paymentsEvaluation,
  paymentsWithoutExtAuthz,
  provisionalEvaluation,
} from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

function textIs(text: string) {
  return (_: string, element: Element | null) =>
    element?.textContent === text &&
    Array.from(element.children).every(child => child.textContent !== text);
}

// Material UI tables and tabs render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('EntityServiceMeshCard', () => {
  it('shows progress while loading', async () => {
    const api = createMockApi({
      getEntityEvaluation: jest.fn().mockReturnValue(new Promise(() => {})),
    });
    await renderWithApi(<ServiceMeshCard />, api, { entity: paymentsEntity });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error with a retry that calls the API again', async () => {
    const api = createMockApi();
    api.getEntityEvaluation
      .mockRejectedValueOnce(new Error('backend unreachable'))
      .mockResolvedValueOnce(paymentsEvaluation);
    await renderWithApi(<ServiceMeshCard />, api, { entity: paymentsEntity });

    expect(
      (await screen.findAllByText(/backend unreachable/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(api.getEntityEvaluation).toHaveBeenCalledTimes(2);
    expect(api.getEntityEvaluation).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments',
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
    await renderWithApi(<ServiceMeshCard />, api, { entity: paymentsEntity });
    expect(await screen.findByText('No evaluation yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('explains why a library needs no mesh', async () => {
    const api = createMockApi({
      getEntityEvaluation: jest.fn().mockResolvedValue(libraryEvaluation),
    });
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: {
        ...paymentsEntity,
        spec: { ...paymentsEntity.spec, type: 'library' },
      },
    });
    expect(
      await screen.findByText('No service mesh needed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/spec.type "library" is not a networked workload/),
    ).toBeInTheDocument();
  });

  it('says an excluded component is not evaluated, without calling the API', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshCard />, api, {
      entity: {
        ...paymentsEntity,
        metadata: {
          ...paymentsEntity.metadata,
          annotations: { 'mesh-advisor.io/exclude': 'True' },
        },
      },
    });
    expect(screen.getByText('Excluded from Mesh Advisor')).toBeInTheDocument();
    expect(screen.getByText(/mesh-advisor.io\/exclude/)).toBeInTheDocument();
    expect(api.getEntityEvaluation).not.toHaveBeenCalled();
  });

  it('shows the verdict, blockers, evidence, fixes and guidance', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshCard />, api, { entity: paymentsEntity });

    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(screen.getByText('Confidence 71%')).toBeInTheDocument();
    expect(screen.getByLabelText('Istio score')).toHaveAttribute(
      'aria-valuenow',
      '78',
    );
    expect(screen.getByLabelText('Linkerd score')).toHaveAttribute(
      'aria-valuenow',
      '41',
    );

    // blockers first, with the evidence
    const blockers = screen.getByRole('region', { name: 'Blockers' });
    expect(
      within(blockers).getByText('Linkerd is ruled out'),
    ).toBeInTheDocument();
    expect(
      within(blockers).getByText(/Linkerd has no external authorization/),
    ).toBeInTheDocument();

    // a factor with its evidence: the annotation inherited from the owner group, linked
    const why = screen.getByRole('region', { name: 'Why' });
    expect(within(why).getByText('Operational capacity')).toBeInTheDocument();
    expect(
      within(why).getByText(/A small platform squad owns mesh policy/),
    ).toBeInTheDocument();
    expect(
      within(why).getByRole('link', { name: 'payments-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments-team');

    // the diagnostic's fix line, copyable
    const problems = screen.getByRole('region', {
      name: 'Annotation problems',
    });
    expect(
      within(problems).getByText(/Did you mean "standard"\?/),
    ).toBeInTheDocument();
    expect(
      within(problems).getAllByText(
        textIs('mesh-advisor.io/cluster-profile: standard'),
      ).length,
    ).toBeGreaterThan(0);

    // advice for a sparse entity
    expect(screen.getByText(/Sharpen this verdict/)).toBeInTheDocument();

    // the Istio tab: steps and a manifest
    await userEvent.click(screen.getByRole('tab', { name: 'Istio' }));
    expect(screen.getByText('Enable sidecar injection')).toBeInTheDocument();
    expect(screen.getByText('Strict mTLS for payments')).toBeInTheDocument();
    expect(screen.getAllByText(/PeerAuthentication/).length).toBeGreaterThan(0);
    expect(
      screen.getByRole('link', { name: /PeerAuthentication docs/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('Estimate')).toBeInTheDocument();
    expect(
      screen.getByText(/1\.2 vCPU and 360 MiB of proxy across 6 replicas/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /Istio 1.24 performance and scalability/,
      }),
    ).toBeInTheDocument();

    // the Linkerd tab: the unsupported need
    await userEvent.click(screen.getByRole('tab', { name: 'Linkerd' }));
    const unsupported = screen.getByRole('region', {
      name: 'Needs Linkerd cannot meet',
    });
    expect(within(unsupported).getByText('external-authz')).toBeInTheDocument();
  });

  it('re-evaluates a what-if and shows what moved', async () => {
    const api = createMockApi({
      evaluate: jest.fn().mockResolvedValue(paymentsWithoutExtAuthz),
    });
    await renderWithApi(<ServiceMeshCard />, api, { entity: paymentsEntity });
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

    await waitFor(() => expect(api.evaluate).toHaveBeenCalledTimes(1));
    expect(api.evaluate).toHaveBeenCalledWith({
      entity: paymentsEntity,
      overrides: {
        needs: ['mtls', 'retries', 'traffic-split'],
        clusterProfile: 'edge',
      },
    });

    const moved = await screen.findByRole('region', { name: 'What moved' });
    expect(within(moved).getByText('(Istio → Linkerd)')).toBeInTheDocument();
    expect(
      within(moved).getByText('Istio score 78 → 70 (−8)'),
    ).toBeInTheDocument();
    expect(
      within(moved).getByText('Linkerd score 41 → 76 (+35)'),
    ).toBeInTheDocument();
    expect(
      within(moved).getByText(/Linkerd no longer blocked/),
    ).toBeInTheDocument();
  });

  it('lists every question that would decide a provisional verdict, with its outcomes', async () => {
    const api = createMockApi({
      getEntityEvaluation: jest.fn().mockResolvedValue(provisionalEvaluation),
    });
    await renderWithApi(<ServiceMeshCard />, api, { entity: paymentsEntity });

    const section = await screen.findByRole('region', {
      name: 'What would decide it',
    });
    expect(
      within(section).getByRole('heading', { level: 3 }),
    ).toHaveTextContent('What would decide it');
    const questions = within(section).getByRole('list', {
      name: 'Deciding questions',
    });
    expect(questions.children).toHaveLength(3);
    const ops = within(section).getByRole('list', {
      name: 'Outcomes of mesh-advisor.io/ops-capacity',
    });
    expect(
      within(ops)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'mesh-advisor.io/ops-capacity: dedicated → Istio',
      'mesh-advisor.io/ops-capacity: minimal → Linkerd',
    ]);
    expect(
      within(section).getByText(/How much added latency can it take\?/),
    ).toBeInTheDocument();
  });

  it('asks no deciding questions when the verdict is not provisional', async () => {
    const api = createMockApi({
      getEntityEvaluation: jest
        .fn()
        .mockResolvedValue({ ...provisionalEvaluation, provisional: false }),
    });
    await renderWithApi(<ServiceMeshCard />, api, { entity: paymentsEntity });

    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'What would decide it' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByText(/Who would run the mesh/),
    ).not.toBeInTheDocument();
  });

  it('shows what was observed in the clusters and labels observed evidence', async () => {
    const observedAt = '2026-12-01T10:00:00.000Z';
    const api = createMockApi({
      getEntityEvaluation: jest.fn().mockResolvedValue({
        ...paymentsEvaluation,
        factors: [
          {
            ...paymentsEvaluation.factors[0],
            evidence: [
              {
                kind: 'observed',
                ref: 'component:default/payments',
                detail: `observed: Pod payments/payments-7d9-x2kq8 in cluster prod-eu at ${observedAt} (istio-sidecar)`,
              },
            ],
          },
        ],
        observed: {
          clusters: [
            {
              cluster: 'prod-eu',
              observedAt,
              status: 'ok',
              workloads: [],
              pods: 3,
              dataPlanes: ['istio-sidecar', 'linkerd'],
              injection: [],
              protocols: [],
            },
          ],
        },
      }),
    });
    await renderWithApi(<ServiceMeshCard />, api, { entity: paymentsEntity });

    const clusters = await screen.findByRole('list', {
      name: 'Observed in clusters',
    });
    expect(within(clusters).getByRole('listitem')).toHaveTextContent(
      'Observed in cluster prod-eu at 2026-12-01 10:00 UTC: Istio sidecar, Linkerd proxy',
    );
    const why = screen.getByRole('region', { name: 'Why' });
    expect(
      within(why).getByText(
        `observed: Pod payments/payments-7d9-x2kq8 in cluster prod-eu at ${observedAt} (istio-sidecar)`,
      ),
    ).toBeInTheDocument();
  });

  it('shows the what-if error without losing the evaluation', async () => {
    const api = createMockApi({
      evaluate: jest.fn().mockRejectedValue(new Error('body too large')),
    });
    await renderWithApi(<ServiceMeshCard />, api, { entity: paymentsEntity });
    await userEvent.click(await screen.findByRole('tab', { name: 'What if' }));
    await userEvent.click(await screen.findByRole('checkbox', { name: 'tap' }));
    await userEvent.click(screen.getByRole('button', { name: 'Re-evaluate' }));
    expect(
      (await screen.findAllByText(/body too large/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByLabelText('Verdict: Istio')).toBeInTheDocument();
  });
});
