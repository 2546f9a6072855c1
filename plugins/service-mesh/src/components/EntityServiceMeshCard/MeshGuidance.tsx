import { CodeSnippet, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type {
  Finding,
  Guidance,
  Overhead,
} from '@mesh-advisor/plugin-service-mesh-common';
import { MESH_LABELS, useTextStyles } from '../common';
import { formatGuidanceTarget } from './GuidanceForTargets';
import { OverheadEstimate } from './OverheadEstimate';

/** Props of {@link MeshGuidance}. */
export interface MeshGuidanceProps {
  guidance: Guidance;
  overhead: Overhead;
  blockers: Finding[];
}

/** One mesh's onboarding: steps, manifests, unsupported needs and the cost. */
export function MeshGuidance(props: MeshGuidanceProps) {
  const { guidance, overhead, blockers } = props;
  const mesh = MESH_LABELS[guidance.mesh];
  const text = useTextStyles();
  const writtenFor = formatGuidanceTarget(guidance);
  return (
    <Box>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
        <Typography variant="h6" component="h3">
          Adopt {mesh}
        </Typography>
        <Chip size="small" label={`${guidance.mode} mode`} />
      </Box>
      {writtenFor && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Written for {writtenFor}: the apiVersions, install steps and what is
          missing follow these releases. The What if tab writes it for others.
        </Typography>
      )}
      {blockers.length > 0 && (
        <Typography variant="body2" className={text.error} paragraph>
          {mesh} is ruled out for this component:{' '}
          {blockers.map(blocker => blocker.summary).join(' ')}
        </Typography>
      )}

      {guidance.unsupported.length > 0 && (
        <Box
          mb={2}
          component="section"
          aria-label={`Needs ${mesh} cannot meet`}
        >
          <Typography variant="subtitle1" component="h4">
            Needs {mesh} cannot meet
          </Typography>
          <List disablePadding>
            {guidance.unsupported.map(item => (
              <ListItem key={item.need} disableGutters>
                <ListItemText primary={item.need} secondary={item.reason} />
              </ListItem>
            ))}
          </List>
        </Box>
      )}

      <Box mb={2} component="section" aria-label="Onboarding steps">
        <Typography variant="subtitle1" component="h4">
          Onboarding steps
        </Typography>
        <ol>
          {guidance.steps.map((step, index) => (
            <li key={index}>
              <Typography variant="body2">
                <strong>{step.title}</strong>: {step.detail}{' '}
                {step.docsUrl && <Link to={step.docsUrl}>Docs</Link>}
              </Typography>
            </li>
          ))}
        </ol>
      </Box>

      {guidance.manifests.length > 0 && (
        <Box mb={2} component="section" aria-label="Manifests">
          <Typography variant="subtitle1" component="h4">
            Manifests
          </Typography>
          {guidance.manifests.map(manifest => (
            <Box key={`${manifest.kind}:${manifest.title}`} mb={2}>
              <Typography variant="body2">
                <strong>{manifest.title}</strong> ({manifest.kind},{' '}
                <code>{manifest.apiVersion}</code>) ·{' '}
                <Link to={manifest.docsUrl}>{manifest.kind} docs</Link>
              </Typography>
              <CodeSnippet
                text={manifest.yaml}
                language="yaml"
                showCopyCodeButton
              />
            </Box>
          ))}
        </Box>
      )}

      <OverheadEstimate overhead={overhead} />
    </Box>
  );
}
