import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ClusterRollup } from '@mesh-advisor/plugin-service-mesh-common';
import useAsync from 'react-use/lib/useAsync';
import { serviceMeshApiRef } from '../../api';
import {
  CARD_TITLE_PROPS,
  VERDICT_LABELS,
  formatNumber,
  formatTime,
  useTextStyles,
} from '../common';

const RUNS_LABELS: Record<string, string> = {
  ...VERDICT_LABELS,
  none: 'No mesh',
  unknown: 'Unknown',
};

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  cluster: {
    padding: theme.spacing(1, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
}));

/** `{ istio: 2, none: 1 }` → `Istio 2, No mesh 1`, largest first. */
function counts(record: Record<string, number>): string {
  const entries = Object.entries(record)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) {
    return '—';
  }
  return entries
    .map(([key, count]) => `${RUNS_LABELS[key] ?? key} ${count}`)
    .join(', ');
}

function proxyCost(cost: ClusterRollup['proxyCost']['running']): string {
  return `${formatNumber(cost.proxyCpuVcpu)} vCPU, ${formatNumber(
    cost.proxyMemoryMiB,
    0,
  )} MiB`;
}

function conflictCount(cluster: ClusterRollup): number {
  return cluster.conflict
    ? Object.values(cluster.conflict.byMesh).reduce(
        (sum, refs) => sum + refs.length,
        0,
      )
    : 0;
}

function ClusterItem(props: { cluster: ClusterRollup }) {
  const { cluster } = props;
  const classes = useStyles();
  const text = useTextStyles();
  const conflicts = conflictCount(cluster);
  const observed = cluster.components.length;
  return (
    <li className={classes.cluster}>
      <Typography variant="subtitle1" component="h3">
        {cluster.name}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {observed} component{observed === 1 ? '' : 's'} observed, last at{' '}
        <time dateTime={cluster.observedAt}>
          {formatTime(cluster.observedAt)}
        </time>
        {cluster.errors.length > 0 &&
          ` (${cluster.errors.length} could not be read)`}
      </Typography>
      <Typography variant="body2">
        Runs: {counts(cluster.runs)} · Verdicts: {counts(cluster.pointsTo)}
      </Typography>
      <Typography variant="body2">
        {conflicts > 0 ? (
          <span className={text.error} title={cluster.conflict?.summary}>
            {conflicts} component{conflicts === 1 ? '' : 's'} in conflict
          </span>
        ) : (
          'No conflicts'
        )}{' '}
        · Proxy cost: {proxyCost(cluster.proxyCost.running)} running,{' '}
        {proxyCost(cluster.proxyCost.recommended)} by the verdicts (estimate)
      </Typography>
      {cluster.conflict && (
        <Typography variant="caption" color="textSecondary" component="p">
          {cluster.conflict.summary}
        </Typography>
      )}
    </li>
  );
}

/** Per cluster: what its observed components run against their verdicts. */
export function ClustersCard() {
  const api = useApi(serviceMeshApiRef);
  const state = useAsync(() => api.getClusters(), [api]);
  const classes = useStyles();
  const clusters = state.value?.clusters ?? [];

  let content;
  if (state.loading) {
    content = <Progress />;
  } else if (
    state.error instanceof ResponseError &&
    state.error.statusCode === 403
  ) {
    // Not a fault: this user may not read what runs in the clusters.
    content = (
      <Typography variant="body2" color="textSecondary">
        Cluster observations are shown to those who may read Kubernetes
        resources (kubernetes.resources.read).
      </Typography>
    );
  } else if (state.error) {
    content = <ResponseErrorPanel error={state.error} />;
  } else if (clusters.length === 0) {
    content = <Typography variant="body2">No cluster observations</Typography>;
  } else {
    content = (
      <Box component="ul" className={classes.list} aria-label="Clusters">
        {clusters.map(cluster => (
          <ClusterItem key={cluster.name} cluster={cluster} />
        ))}
      </Box>
    );
  }
  return (
    <InfoCard title="Clusters" titleTypographyProps={CARD_TITLE_PROPS}>
      {content}
    </InfoCard>
  );
}
