import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { checkoutApiEntity } from '../../__fixtures__/evaluations';
import { createMockApi, renderWithApi } from '../../__testUtils__/testApp';
import type { VerdictTransition } from '../../api';
import { ServiceMeshSummaryCard } from '../EntityServiceMeshSummaryCard/EntityServiceMeshSummaryCard';
import { ServiceMeshPage } from '../ServiceMeshPage';
import { describeTransition } from './describeTransition';
import { VerdictCountsOverTime } from './VerdictCountsOverTime';

jest.setTimeout(30_000);

const toIstio: VerdictTransition = {
  entityRef: 'component:default/checkout-api',
  changedAt: '2026-11-30T10:00:00.000Z',
  from: 'linkerd',
  to: 'istio',
  fromRulesVersion: '2026-12-01',
  rulesVersion: '2026-12-01',
  changes: [{ input: 'needs', gained: ['wasm-extensions'], lost: [] }],
};

describe('verdict history in words', () => {
  it('says from, to, the day and why', () => {
    expect(describeTransition(toIstio)).toBe(
      'Changed from Linkerd to Istio on 30 Nov 2026 because needs gained wasm-extensions',
    );
    expect(
      describeTransition({
        ...toIstio,
        from: 'istio',
        to: 'either',
        changes: [
          { input: 'needs', gained: [], lost: ['wasm-extensions', 'tap'] },
          { input: 'rules version', from: '2026-11-25', to: '2026-12-01' },
          { input: 'policy' },
          { input: 'system ops-capacity', to: 'dedicated' },
        ],
      }),
    ).toBe(
      'Changed from Istio to Either on 30 Nov 2026 because needs lost wasm-extensions, tap; ' +
        "rules version changed from 2026-11-25 to 2026-12-01; the organisation's mesh policy changed; " +
        'system ops-capacity was set to dedicated',
    );
    expect(describeTransition({ ...toIstio, changes: [] })).toBe(
      'Changed from Linkerd to Istio on 30 Nov 2026',
    );
  });
});

describe('the summary card', () => {
  it("shows the entity's last verdict change", async () => {
    const api = createMockApi({
      getEntityHistory: jest
        .fn()
        .mockResolvedValue({
          entityRef: toIstio.entityRef,
          transitions: [toIstio],
        }),
    });
    await renderWithApi(<ServiceMeshSummaryCard />, api, {
      entity: checkoutApiEntity,
    });
    expect(
      await screen.findByText(
        'Changed from Linkerd to Istio on 30 Nov 2026 because needs gained wasm-extensions',
      ),
    ).toBeInTheDocument();
    expect(api.getEntityHistory).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout-api' },
      { limit: 1 },
    );
  });

  it('keeps the verdict when the history cannot be read', async () => {
    const api = createMockApi({
      getEntityHistory: jest
        .fn()
        .mockRejectedValue(
          await ResponseError.fromResponse(
            new Response('{}', { status: 503 }) as any,
          ),
        ),
    });
    await renderWithApi(<ServiceMeshSummaryCard />, api, {
      entity: checkoutApiEntity,
    });
    expect(await screen.findByText(/Confidence/)).toBeInTheDocument();
    await waitFor(() => expect(api.getEntityHistory).toHaveBeenCalled());
    expect(screen.queryByText(/^Changed from/)).not.toBeInTheDocument();
  });
});

describe('the dashboard', () => {
  it('shows verdict counts per day, newest first, as a table', async () => {
    const counts = (istio: number, linkerd: number) => ({
      istio,
      linkerd,
      either: 0,
      none: 1,
    });
    const api = createMockApi({
      getVerdictCounts: jest.fn().mockResolvedValue({
        retentionDays: 90,
        days: [
          { day: '2026-11-29', counts: counts(1, 2) },
          { day: '2026-11-30', counts: counts(2, 1) },
        ],
      }),
    });
    await renderWithApi(<VerdictCountsOverTime days={2} />, api);
    const table = await screen.findByRole('table', {
      name: 'Verdict counts per day',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      '30 Nov 2026'.concat('2', '1', '0', '1'),
      '29 Nov 2026'.concat('1', '2', '0', '1'),
    ]);
    expect(api.getVerdictCounts).toHaveBeenCalledWith({ days: 2 });
  });

  it('filters to the components changed in the last 7 days', async () => {
    const api = createMockApi({
      getRecentChanges: jest.fn().mockResolvedValue({
        since: '2026-11-23T12:00:00.000Z',
        items: [toIstio],
        totalItems: 1,
      }),
    });
    await renderWithApi(<ServiceMeshPage />, api);
    expect(await screen.findByText(/^Components \(/)).toBeInTheDocument();
    expect(api.getRecentChanges).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Changed in the last 7 days' }),
    );
    expect(
      await screen.findByText('Changed in the last 7 days (1)'),
    ).toBeInTheDocument();
    const row = screen.getByRole('row', { name: /Linkerd → Istio/ });
    expect(
      within(row).getByText('needs gained wasm-extensions'),
    ).toBeInTheDocument();
    expect(within(row).getByText('30 Nov 2026')).toBeInTheDocument();
    expect(api.getRecentChanges).toHaveBeenCalledWith({ days: 7, limit: 500 });
    expect(screen.queryByText(/^Components \(/)).not.toBeInTheDocument();
  });
});
