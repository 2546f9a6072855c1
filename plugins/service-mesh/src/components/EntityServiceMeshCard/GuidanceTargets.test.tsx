import { Entity } from '@backstage/catalog-model';
import {
  EvaluateRequest,
  evaluateEntity,
  parseMeshPolicy,
} from '@mesh-advisor/plugin-service-mesh-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServiceMeshCard } from './EntityServiceMeshCard';
import { checkoutApiEvaluation } from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';

// Material UI tabs and selects render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const ledger: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger',
    namespace: 'default',
    annotations: {
      'mesh-advisor.io/needs': 'mtls, retries, rate-limiting',
      'mesh-advisor.io/protocols': 'http1',
      'mesh-advisor.io/cluster-profile': 'standard',
      'backstage.io/kubernetes-namespace': 'finance',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:finance' },
};

/** The backend's draft route, with the real evaluator: targets over the portal's (none here). */
function evaluateDraft(request: EvaluateRequest) {
  return Promise.resolve(
    evaluateEntity(
      { entity: request.entity as Entity },
      parseMeshPolicy({ targets: request.targets }),
      request.overrides,
    ),
  );
}

function renderCard() {
  const api = createMockApi({
    getEntityEvaluation: jest
      .fn()
      .mockResolvedValue(
        evaluateEntity({ entity: ledger }, parseMeshPolicy(undefined)),
      ),
    evaluate: jest.fn().mockImplementation(evaluateDraft),
  });
  return {
    api,
    rendered: renderWithApi(<ServiceMeshCard />, api, { entity: ledger }),
  };
}

describe('the releases the guidance is written for', () => {
  it('each mesh tab says which releases its guidance is for', async () => {
    const { rendered } = renderCard();
    await rendered;
    await userEvent.click(await screen.findByRole('tab', { name: 'Linkerd' }));
    expect(
      screen.getByText(/^Written for Linkerd 2\.20, Gateway API 1\.5:/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Istio' }));
    expect(
      screen.getByText(/^Written for Istio 1\.30, Gateway API 1\.5:/),
    ).toBeInTheDocument();
  });

  it('says nothing about releases when the backend did not say', async () => {
    // An evaluation from a backend that predates guidance targets.
    const { istio, linkerd } = checkoutApiEvaluation.guidance;
    const api = createMockApi({
      getEntityEvaluation: jest.fn().mockResolvedValue({
        ...checkoutApiEvaluation,
        guidance: {
          istio: { ...istio, target: undefined },
          linkerd: { ...linkerd, target: undefined },
        },
      }),
    });
    await renderWithApi(<ServiceMeshCard />, api, { entity: ledger });
    await userEvent.click(await screen.findByRole('tab', { name: 'Istio' }));
    expect(screen.getByText('Adopt Istio')).toBeInTheDocument();
    expect(screen.queryByText(/^Written for/)).not.toBeInTheDocument();
  });

  it('the what-if offers every supported release, starting at the ones the guidance is for', async () => {
    const { rendered } = renderCard();
    await rendered;
    await userEvent.click(await screen.findByRole('tab', { name: 'What if' }));
    const linkerd = screen.getByLabelText(
      'Linkerd release',
    ) as HTMLSelectElement;
    expect(
      within(linkerd)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['2.16', '2.17', '2.18', '2.19', '2.20']);
    expect(linkerd.value).toBe('2.20');
    expect(
      (screen.getByLabelText('Istio release') as HTMLSelectElement).value,
    ).toBe('1.30');
    expect(
      (screen.getByLabelText('Gateway API release') as HTMLSelectElement).value,
    ).toBe('1.5');
    expect(screen.getByRole('button', { name: 'Re-evaluate' })).toBeDisabled();
  });

  it('the what-if writes the guidance for other releases: their apiVersions and what they lack', async () => {
    const { api, rendered } = renderCard();
    await rendered;
    await userEvent.click(await screen.findByRole('tab', { name: 'What if' }));
    await userEvent.selectOptions(
      screen.getByLabelText('Linkerd release'),
      '2.16',
    );
    await userEvent.selectOptions(
      screen.getByLabelText('Gateway API release'),
      '1.1',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Re-evaluate' }));

    await waitFor(() => expect(api.evaluate).toHaveBeenCalledTimes(1));
    expect(api.evaluate).toHaveBeenCalledWith({
      entity: ledger,
      overrides: {},
      targets: { linkerd: '2.16', gatewayApi: '1.1' },
    });

    const linkerd = await screen.findByRole('region', {
      name: 'Linkerd guidance for these releases',
    });
    expect(
      within(linkerd).getByRole('heading', {
        name: 'Linkerd 2.16, Gateway API 1.1 (sidecar mode)',
      }),
    ).toBeInTheDocument();
    const manifests = within(linkerd).getByRole('list', {
      name: 'Linkerd manifests',
    });
    expect(manifests).toHaveTextContent(
      'HTTPRoute gateway.networking.k8s.io/v1beta1',
    );
    expect(manifests).not.toHaveTextContent('HTTPLocalRateLimitPolicy');
    expect(
      within(linkerd).getByRole('list', { name: 'What Linkerd lacks here' }),
    ).toHaveTextContent(
      /rate-limiting: HTTPLocalRateLimitPolicy needs Linkerd ≥ 2\.17/,
    );
    // Istio is unchanged: written for its own default release.
    expect(
      within(
        screen.getByRole('region', {
          name: 'Istio guidance for these releases',
        }),
      ).getByRole('heading', {
        name: 'Istio 1.30, Gateway API 1.1 (sidecar mode)',
      }),
    ).toBeInTheDocument();

    // Back to the releases the card shows: nothing to compare, no stale result.
    await userEvent.selectOptions(
      screen.getByLabelText('Linkerd release'),
      '2.20',
    );
    await userEvent.selectOptions(
      screen.getByLabelText('Gateway API release'),
      '1.5',
    );
    expect(
      screen.queryByRole('region', { name: 'Guidance for these releases' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Re-evaluate' })).toBeDisabled();
  });
});
