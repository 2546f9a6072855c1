import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { StateMessage } from './StateMessage';

/** What a card shows when its request failed, with a way to try again. */
export interface LoadErrorStateProps {
  error: Error;
  retry: () => void;
  /** For a 404: nothing there (yet), or not readable by this user. */
  notFound: { title: string; description: string };
  /** Title of the panel for any other error. */
  errorTitle: string;
  /** Plain text instead of the illustrated empty state (summary cards). */
  compact?: boolean;
}

export function LoadErrorState(props: LoadErrorStateProps) {
  const { error, retry, notFound, errorTitle, compact } = props;
  const retryButton = (
    <Button variant="outlined" onClick={retry}>
      Retry
    </Button>
  );
  if (error instanceof ResponseError && error.statusCode === 404) {
    return (
      <StateMessage
        missing="data"
        title={notFound.title}
        description={notFound.description}
        action={retryButton}
        compact={compact}
      />
    );
  }
  return (
    <>
      <ResponseErrorPanel error={error} title={errorTitle} />
      <Box mt={1}>{retryButton}</Box>
    </>
  );
}
