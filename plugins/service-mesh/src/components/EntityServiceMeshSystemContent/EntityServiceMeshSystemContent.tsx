import Grid from '@material-ui/core/Grid';
import { SystemRollupCard } from '../EntityServiceMeshSystemCard';

/** Title of the roll-up on the "Service mesh" tab of a system. */
const SYSTEM_CONTENT_TITLE = 'Service mesh roll-up';

/**
 * The "Service mesh" tab of a system: the full roll-up (what forces the
 * verdict, conflicts, cost and every component's verdict).
 */
export function ServiceMeshSystemContent() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SystemRollupCard title={SYSTEM_CONTENT_TITLE} />
      </Grid>
    </Grid>
  );
}
