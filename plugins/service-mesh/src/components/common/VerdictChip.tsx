import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { Verdict } from '@mesh-advisor/plugin-service-mesh-common';
import { VERDICT_LABELS } from './format';

const useStyles = makeStyles(theme => ({
  istio: { backgroundColor: '#466bb0', color: theme.palette.common.white },
  linkerd: { backgroundColor: '#2beda7', color: theme.palette.common.black },
  either: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  none: {
    backgroundColor: theme.palette.grey[500],
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
