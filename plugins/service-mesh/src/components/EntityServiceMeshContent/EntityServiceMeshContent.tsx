import Grid from '@material-ui/core/Grid';
import { ServiceMeshAnalysisCard } from '../EntityServiceMeshCard';

/** Title of the analysis on the "Service mesh" tab of a component. */
const CONTENT_TITLE = 'Service mesh analysis';

/**
 * The "Service mesh" tab of a component: the full analysis (blockers, the
 * why, annotation fixes, per-mesh guidance with manifests, overhead and the
 * what-if), with the room a tab gives it.
 */
export function ServiceMeshContent() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ServiceMeshAnalysisCard title={CONTENT_TITLE} />
      </Grid>
    </Grid>
  );
}
