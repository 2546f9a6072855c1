import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { VERDICTS, Verdict } from '@mesh-advisor/plugin-service-mesh-common';
import useAsync from 'react-use/lib/useAsync';
import { serviceMeshApiRef } from '../../api';
import { VERDICT_LABELS } from '../common';
import { formatDay } from './describeTransition';

const COLORS: Record<Verdict, string> = {
  istio: '#466bb0',
  linkerd: '#2beda7',
  either: '#2196f3',
  none: '#9e9e9e',
};

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: 10,
    minWidth: 80,
    backgroundColor: theme.palette.action.hover,
    borderRadius: 2,
    overflow: 'hidden',
  },
  cell: { paddingLeft: 8, paddingRight: 8, whiteSpace: 'nowrap' },
}));

/** Props of {@link VerdictCountsOverTime}. */
export interface VerdictCountsOverTimeProps {
  /** Days shown, newest first. Default 14. */
  days?: number;
}

/**
 * Verdict counts at the end of each day, as a table a screen reader reads
 * row by row; each row also has a stacked bar (hidden from screen readers,
 * the numbers say the same).
 */
export function VerdictCountsOverTime(props: VerdictCountsOverTimeProps) {
  const { days = 14 } = props;
  const api = useApi(serviceMeshApiRef);
  const classes = useStyles();
  const state = useAsync(() => api.getVerdictCounts({ days }), [api, days]);
  if (state.error) {
    return (
      <ResponseErrorPanel
        error={state.error}
        title="Could not load the verdict history"
      />
    );
  }
  if (!state.value) {
    return <Typography variant="body2">—</Typography>;
  }
  const rows = [...state.value.days].reverse();
  return (
    <Box overflow="auto">
      <Table size="small" aria-label="Verdict counts per day">
        <TableHead>
          <TableRow>
            <TableCell className={classes.cell}>Day (UTC)</TableCell>
            {VERDICTS.map(v => (
              <TableCell key={v} className={classes.cell} align="right">
                {VERDICT_LABELS[v]}
              </TableCell>
            ))}
            <TableCell className={classes.cell}>Share</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(({ day, counts }) => {
            const total = VERDICTS.reduce((s, v) => s + counts[v], 0);
            return (
              <TableRow key={day}>
                <TableCell className={classes.cell} component="th" scope="row">
                  {formatDay(`${day}T00:00:00Z`)}
                </TableCell>
                {VERDICTS.map(v => (
                  <TableCell key={v} className={classes.cell} align="right">
                    {counts[v]}
                  </TableCell>
                ))}
                <TableCell className={classes.cell}>
                  <div className={classes.bar} aria-hidden>
                    {VERDICTS.map(v => (
                      <div
                        key={v}
                        style={{
                          width: total ? `${(counts[v] / total) * 100}%` : 0,
                          backgroundColor: COLORS[v],
                        }}
                      />
                    ))}
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}
