import { EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** Props of {@link StateMessage}. */
export interface StateMessageProps {
  title: string;
  description: string;
  missing?: 'info' | 'data';
  action?: JSX.Element;
  /**
   * Plain text instead of the illustrated empty state, for summary cards
   * that must stay a few lines high.
   */
  compact?: boolean;
}

/** Why a card has nothing to show (yet), and what to do about it. */
export function StateMessage(props: StateMessageProps) {
  const { title, description, missing = 'data', action, compact } = props;
  if (!compact) {
    return (
      <EmptyState
        missing={missing}
        title={title}
        description={description}
        action={action}
      />
    );
  }
  return (
    <Box>
      <Typography variant="body1">
        <strong>{title}</strong>
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {description}
      </Typography>
      {action && <Box mt={1}>{action}</Box>}
    </Box>
  );
}
