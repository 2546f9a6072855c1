import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { Verdict } from '@mesh-advisor/plugin-service-mesh-common';
import { VERDICT_LABELS } from './format';

// Each background keeps its label at 4.5:1 or more (WCAG AA) in both themes.
const useStyles = makeStyles(theme => ({
  istio: { backgroundColor: '#466bb0', color: theme.palette.common.white },
  linkerd: { backgroundColor: '#2beda7', color: theme.palette.common.black },
  either: {
    backgroundColor: theme.palette.info.dark,
    color: theme.palette.common.white,
  },
  none: {
    backgroundColor: theme.palette.grey[700],
    color: theme.palette.common.white,
  },
}));

/** Props of {@link VerdictChip}. */
export interface VerdictChipProps {
  verdict: Verdict;
  size?: 'small' | 'medium';
}

/** The verdict as a coloured chip with its name spelled out. */
export function VerdictChip(props: VerdictChipProps) {
  const { verdict, size = 'medium' } = props;
  const classes = useStyles();
  return (
    <Chip
      size={size}
      className={classes[verdict]}
      label={VERDICT_LABELS[verdict]}
      role="img"
      aria-label={`Verdict: ${VERDICT_LABELS[verdict]}`}
    />
  );
}
