import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  EvaluationFacets,
  Verdict,
} from '@mesh-advisor/plugin-service-mesh-common';
import { VERDICTS } from '@mesh-advisor/plugin-service-mesh-common';
import { VERDICT_LABELS } from '../common';

const COLORS: Record<Verdict, string> = {
  istio: '#466bb0',
  linkerd: '#2beda7',
  either: '#2196f3',
  none: '#9e9e9e',
};

const useStyles = makeStyles(theme => ({
  track: {
    flex: 1,
    height: 12,
    backgroundColor: theme.palette.action.hover,
    borderRadius: 2,
  },
  bar: { height: '100%', borderRadius: 2 },
  list: { listStyle: 'none', margin: 0, padding: 0 },
}));

/** Props of {@link VerdictDistribution}. */
export interface VerdictDistributionProps {
  facets: EvaluationFacets['verdict'];
}

/** The verdict distribution as an accessible horizontal bar list. */
export function VerdictDistribution(props: VerdictDistributionProps) {
  const { facets } = props;
  const classes = useStyles();
  const counts = new Map(facets.map(f => [f.value, f.count]));
  const total = facets.reduce((sum, f) => sum + f.count, 0);
  return (
    <ul className={classes.list} aria-label="Verdict distribution">
      {VERDICTS.map(verdict => {
        const count = counts.get(verdict) ?? 0;
        const share = total ? count / total : 0;
        return (
          <li key={verdict}>
            <Box display="flex" alignItems="center" my={0.5} style={{ gap: 8 }}>
              <Typography variant="body2" style={{ width: 64 }}>
                {VERDICT_LABELS[verdict]}
              </Typography>
              <div className={classes.track} aria-hidden>
                <div
                  className={classes.bar}
                  style={{
                    width: `${share * 100}%`,
                    backgroundColor: COLORS[verdict],
                  }}
                />
              </div>
              <Typography
                variant="body2"
                style={{ width: 88, textAlign: 'right' }}
              >
                {count} ({Math.round(share * 100)}%)
              </Typography>
            </Box>
          </li>
        );
      })}
    </ul>
  );
}
