import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/lib/useAsync';
import { serviceMeshApiRef, VerdictTransition } from '../../api';
import { EntityRefOrText, VERDICT_LABELS } from '../common';
import { describeReason, formatDay } from './describeTransition';

const columns: TableColumn<VerdictTransition>[] = [
  {
    title: 'Component',
    field: 'entityRef',
    render: row => <EntityRefOrText entityRef={row.entityRef} />,
  },
  {
    title: 'Verdict',
    render: row => `${VERDICT_LABELS[row.from]} → ${VERDICT_LABELS[row.to]}`,
  },
  { title: 'Changed', render: row => formatDay(row.changedAt) },
  {
    title: 'Because',
    render: row => describeReason(row) || 'no recorded input changed',
  },
];

/** Props of {@link RecentVerdictChanges}. */
export interface RecentVerdictChangesProps {
  /** Default 7. */
  days?: number;
}

/**
 * The components whose verdict changed in the last days (only those the
 * viewer may read), each with its latest change and why.
 */
export function RecentVerdictChanges(props: RecentVerdictChangesProps) {
  const { days = 7 } = props;
  const api = useApi(serviceMeshApiRef);
  const state = useAsync(
    () => api.getRecentChanges({ days, limit: 500 }),
    [api, days],
  );
  if (state.error) {
    return (
      <ResponseErrorPanel
        error={state.error}
        title="Could not load the recent verdict changes"
      />
    );
  }
  const total = state.value?.totalItems;
  return (
    <Table<VerdictTransition>
      title={
        total === undefined
          ? `Changed in the last ${days} days`
          : `Changed in the last ${days} days (${total})`
      }
      isLoading={state.loading}
      columns={columns}
      data={state.value?.items ?? []}
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">
            No verdict changed in the last {days} days.
          </Typography>
        </Box>
      }
    />
  );
}
