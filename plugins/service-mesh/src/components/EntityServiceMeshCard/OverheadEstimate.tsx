import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { Overhead } from '@mesh-advisor/plugin-service-mesh-common';
import { formatNumber } from '../common';

/** Props of {@link OverheadEstimate}. */
export interface OverheadEstimateProps {
  overhead: Overhead;
}

const QUANTITY_LABELS = {
  cpu: 'CPU',
  memory: 'Memory',
  latency: 'Latency',
} as const;

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** What share of the workload's own requests the proxies would add, when known. */
function WorkloadShare(props: {
  share: NonNullable<Overhead['workloadShare']>;
}) {
  const { share } = props;
  const parts = [
    share.cpu !== undefined ? `${percent(share.cpu)} of its requested CPU` : '',
    share.memory !== undefined
      ? `${percent(share.memory)} of its requested memory`
      : '',
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Typography variant="body2">
      On top of the workload: {parts.join(' and ')} (requests {share.from}).
    </Typography>
  );
}

/**
 * The proxies' cost, labelled as an estimate: the data plane it assumes,
 * the share of the workload's requests when known, and per quantity the
 * benchmark harness it comes from, with derived figures marked as such.
 */
export function OverheadEstimate(props: OverheadEstimateProps) {
  const { overhead } = props;
  const basis = overhead.basis ?? [];
  return (
    <Box component="section" aria-label="Overhead estimate">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="subtitle1" component="h4">
          Overhead
        </Typography>
        <Chip size="small" variant="outlined" label="Estimate" />
        <Chip
          size="small"
          variant="outlined"
          label={`${overhead.mode} data plane`}
        />
      </Box>
      <Typography variant="body2">
        {formatNumber(overhead.proxyCpuVcpu)} vCPU and{' '}
        {formatNumber(overhead.proxyMemoryMiB, 0)} MiB of proxy across{' '}
        {overhead.replicas} replica{overhead.replicas === 1 ? '' : 's'}; adds{' '}
        {formatNumber(overhead.addedLatencyMs.low)}–
        {formatNumber(overhead.addedLatencyMs.high)} ms per request.
      </Typography>
      {overhead.workloadShare && (
        <WorkloadShare share={overhead.workloadShare} />
      )}
      <Typography variant="caption" color="textSecondary" component="p">
        {overhead.label}
      </Typography>
      {basis.length > 0 && (
        <Box
          component="ul"
          aria-label="Where the figures come from"
          m={0}
          pl={2}
        >
          {basis.map(item => (
            <Typography
              key={`${item.quantity}:${item.fact}`}
              component="li"
              variant="caption"
              color="textSecondary"
            >
              {QUANTITY_LABELS[item.quantity]}:{' '}
              {item.derived ? (
                <strong>derived, not published ({item.how}); </strong>
              ) : null}
              {item.harness}.{' '}
              <Link to={item.source.url}>{item.source.title}</Link>
            </Typography>
          ))}
        </Box>
      )}
      {overhead.sources.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="div">
          Sources:{' '}
          {overhead.sources.map((source, index) => (
            <span key={source.url}>
              {index > 0 && ', '}
              <Link to={source.url}>{source.title}</Link>
              {source.date && ` (${source.date})`}
            </span>
          ))}
        </Typography>
      )}
    </Box>
  );
}
