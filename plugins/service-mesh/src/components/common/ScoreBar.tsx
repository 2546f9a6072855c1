import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';

/** Props of {@link ScoreBar}. */
export interface ScoreBarProps {
  label: string;
  score: number;
  blocked?: boolean;
}

/** A 0–100 score as a labelled bar, readable by screen readers. */
export function ScoreBar(props: ScoreBarProps) {
  const { label, score, blocked } = props;
  return (
    <Box minWidth={140} flex={1}>
      <Box display="flex" justifyContent="space-between">
        <Typography variant="body2">{label}</Typography>
        <Typography variant="body2" color={blocked ? 'error' : 'textPrimary'}>
          <strong>{score}</strong>/100{blocked ? ' · blocked' : ''}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={Math.max(0, Math.min(100, score))}
        color={blocked ? 'secondary' : 'primary'}
        aria-label={`${label} score`}
      />
    </Box>
  );
}
