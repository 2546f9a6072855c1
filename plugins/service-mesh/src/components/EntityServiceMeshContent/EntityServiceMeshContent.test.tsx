import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServiceMeshContent } from './EntityServiceMeshContent';
import {
  checkoutApiEntity,
  checkoutApiEvaluation,
} from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

// Material UI tabs and code snippets render slowly on a loaded 2-core machine.
jest.setTimeout(30_000);

describe('EntityServiceMeshContent', () => {
  it('shows the full analysis: blockers with evidence, and the why', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshContent />, api, {
      entity: checkoutApiEntity,
    });

    expect(await screen.findByLabelText('Verdict: Istio')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Service mesh analysis' }),
    ).toBeInTheDocument();

    const blockers = screen.getByRole('region', { name: 'Blockers' });
    expect(
      within(blockers).getByRole('heading', {
        level: 4,
        name: 'Linkerd is ruled out',
      }),
    ).toBeInTheDocument();
    expect(
      within(blockers).getByText(
        checkoutApiEvaluation.blockers.linkerd[0].summary,
      ),
    ).toBeInTheDocument();
    // Each blocker names the annotation it comes from.
    expect(
      within(blockers).getAllByText('mesh-advisor.io/needs'),
    ).not.toHaveLength(0);
    expect(
      screen.getByRole('heading', { level: 3, name: 'Why' }),
    ).toBeInTheDocument();
  });

  it('shows each mesh guidance with its manifests and overhead', async () => {
    const api = createMockApi();
    await renderWithApi(<ServiceMeshContent />, api, {
      entity: checkoutApiEntity,
    });

    await userEvent.click(await screen.findByRole('tab', { name: 'Istio' }));

    const panel = screen.getByRole('tabpanel', { name: 'Istio' });
    expect(
      within(panel).getByRole('heading', { level: 3, name: 'Adopt Istio' }),
    ).toBeInTheDocument();
    const manifests = screen.getByRole('region', { name: 'Manifests' });
    expect(
      within(manifests).getByText(
        checkoutApiEvaluation.guidance.istio.manifests[0].title,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Overhead estimate' }),
    ).toBeInTheDocument();
  });
});
