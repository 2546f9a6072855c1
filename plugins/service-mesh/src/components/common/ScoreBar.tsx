import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { useTextStyles } from './styles';

/** Props of {@link ScoreBar}. */
export interface ScoreBarProps {
  label: string;
  score: number;
  blocked?: boolean;
}

/** A 0–100 score as a labelled bar, readable by screen readers. */
export function ScoreBar(props: ScoreBarProps) {
  const { label, score, blocked } = props;
  const text = useTextStyles();
  return (
    <Box minWidth={140} flex={1}>
      {/* In a narrow card the score moves under its label rather than past the edge. */}
      <Box
        display="flex"
        flexWrap="wrap"
        justifyContent="space-between"
        style={{ columnGap: 8 }}
      >
        <Typography variant="body2">{label}</Typography>
        <Typography
          variant="body2"
          className={blocked ? text.error : undefined}
          style={{ whiteSpace: 'nowrap' }}
        >
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
