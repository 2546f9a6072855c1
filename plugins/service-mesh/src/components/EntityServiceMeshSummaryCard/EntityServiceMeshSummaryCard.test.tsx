import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Evaluation } from '@mesh-advisor/plugin-service-mesh-common';
import { ServiceMeshSummaryCard } from './EntityServiceMeshSummaryCard';
import {
  libraryEvaluation,
  checkoutApiEntity,
  checkoutApiEvaluation,
  provisionalEvaluation,
} from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

// Material UI renders slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

function renderCard(evaluation: Evaluation | Promise<Evaluation>) {
  const api = createMockApi({
    getEntityEvaluation: jest.fn().mockReturnValue(Promise.resolve(evaluation)),
  });
  return renderWithApi(<ServiceMeshSummaryCard />, api, {
    entity: checkoutApiEntity,
  }).then(() => api);
}

describe('EntityServiceMeshSummaryCard', () => {
  it('shows the verdict, both scores and the confidence', async () => {
    await renderCard(checkoutApiEvaluation);

    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Service mesh' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Istio score' }),
    ).toHaveAttribute(
      'aria-valuenow',
      String(checkoutApiEvaluation.scores.istio),
    );
    expect(
      screen.getByRole('progressbar', { name: 'Linkerd score' }),
    ).toHaveAttribute(
      'aria-valuenow',
      String(checkoutApiEvaluation.scores.linkerd),
    );
    expect(
      screen.getByText(
        `Confidence ${Math.round(checkoutApiEvaluation.confidence * 100)}%`,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Provisional')).not.toBeInTheDocument();
  });

  it('shows the first blocker and marks the blocked mesh', async () => {
    await renderCard(checkoutApiEvaluation);

    const [first, ...more] = checkoutApiEvaluation.blockers.linkerd;
    expect(await screen.findByText('Linkerd ruled out:')).toBeInTheDocument();
    expect(
      screen.getByText(`${first.summary} (+${more.length} more)`, {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/· blocked/)).toBeInTheDocument();
  });

  it('counts the blockers it does not show', async () => {
    const [first] = checkoutApiEvaluation.blockers.linkerd;
    await renderCard({
      ...checkoutApiEvaluation,
      blockers: {
        istio: [{ ...first, id: 'istio-1', summary: 'Istio cannot run here.' }],
        linkerd: [first, { ...first, id: 'linkerd-2', summary: 'Also no.' }],
      },
    });

    expect(await screen.findByText('Istio ruled out:')).toBeInTheDocument();
    expect(
      screen.getByText(/Istio cannot run here\.\s*\(\+2 more\)/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Also no/)).not.toBeInTheDocument();
  });

  it('calls a verdict with low confidence provisional when the backend does not say', async () => {
    await renderCard({
      ...checkoutApiEvaluation,
      provisional: undefined,
      confidence: 0.25,
      blockers: { istio: [], linkerd: [] },
    });

    expect(await screen.findByText('Provisional')).toBeInTheDocument();
    expect(screen.getByText(/confidence 25%/)).toBeInTheDocument();
    expect(screen.queryByText(/ruled out/)).not.toBeInTheDocument();
  });

  it('trusts the backend on whether a verdict is provisional', async () => {
    await renderCard({
      ...checkoutApiEvaluation,
      confidence: 0.25,
      provisional: false,
    });

    expect(await screen.findByText('Confidence 25%')).toBeInTheDocument();
    expect(screen.queryByText('Provisional')).not.toBeInTheDocument();
  });

  it('leads a provisional verdict with the two questions that would decide it', async () => {
    await renderCard(provisionalEvaluation);

    const list = await screen.findByRole('list', { name: 'Would decide it' });
    const items = within(list).getAllByRole('listitem');
    // The first two of the evaluator's questions, each with its annotation.
    const [first, second, third] = provisionalEvaluation.decidingQuestions!;
    expect(items.map(item => item.textContent)).toEqual([
      `${first.question} (${first.annotation})`,
      `${second.question} (${second.annotation})`,
    ]);
    expect(within(items[0]).getByText(first.annotation).tagName).toBe('CODE');
    expect(
      screen.queryByText(third.question, { exact: false }),
    ).not.toBeInTheDocument();
  });

  it('asks no questions when the verdict is not provisional', async () => {
    await renderCard({ ...provisionalEvaluation, provisional: false });

    expect(
      await screen.findByText(
        `Confidence ${Math.round(provisionalEvaluation.confidence * 100)}%`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Would decide it' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByText(provisionalEvaluation.decidingQuestions![0].question, {
        exact: false,
      }),
    ).not.toBeInTheDocument();
  });

  it('links to the Service mesh tab of the entity', async () => {
    await renderCard(checkoutApiEvaluation);

    expect(
      await screen.findByRole('link', { name: 'View analysis' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/service-mesh',
    );
  });

  it('shows a progress bar while loading, and no link yet', async () => {
    await renderCard(new Promise<Evaluation>(() => {}));
    expect(
      await screen.findByRole('progressbar', { name: 'Loading' }),
    ).toBeVisible();
    expect(
      screen.queryByRole('link', { name: 'View analysis' }),
    ).not.toBeInTheDocument();
  });

  it('says why a library needs no mesh, in a line or two', async () => {
    await renderCard(libraryEvaluation);

    expect(
      await screen.findByText('No service mesh needed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(libraryEvaluation.notApplicableReason!),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: /Verdict/ })).toBeNull();
  });

  it('offers a retry when the evaluation is missing', async () => {
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
    const api = createMockApi();
    api.getEntityEvaluation
      .mockRejectedValueOnce(await ResponseError.fromResponse(response))
      .mockResolvedValueOnce(checkoutApiEvaluation);
    await renderWithApi(<ServiceMeshSummaryCard />, api, {
      entity: checkoutApiEntity,
    });

    expect(await screen.findByText('No evaluation yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
  });

  it('does not ask the backend about an excluded component', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshSummaryCard />, api, {
      entity: {
        ...checkoutApiEntity,
        metadata: {
          ...checkoutApiEntity.metadata,
          annotations: { 'mesh-advisor.io/exclude': 'true' },
        },
      },
    });

    expect(
      await screen.findByText('Excluded from Mesh Advisor'),
    ).toBeInTheDocument();
    expect(api.getEntityEvaluation).not.toHaveBeenCalled();
  });
});
