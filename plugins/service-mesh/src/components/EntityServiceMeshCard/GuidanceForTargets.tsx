import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  Evaluation,
  Guidance,
  MeshId,
} from '@mesh-advisor/plugin-service-mesh-common';
import { MESH_LABELS } from '../common';

/**
 * The releases a guidance is written for, as the card says it: "Istio 1.30,
 * Gateway API 1.5". Undefined when the backend did not say.
 */
export function formatGuidanceTarget(guidance: Guidance): string | undefined {
  if (!guidance.target) return undefined;
  return `${MESH_LABELS[guidance.mesh]} ${
    guidance.target.version
  }, Gateway API ${guidance.target.gatewayApi}`;
}

/** Props of {@link GuidanceForTargets}. */
export interface GuidanceForTargetsProps {
  evaluation: Evaluation;
}

/**
 * What the guidance becomes for the releases the what-if picked: per mesh,
 * the steps, the manifests with their apiVersions, and what those releases
 * lack.
 */
export function GuidanceForTargets(props: GuidanceForTargetsProps) {
  const meshes: MeshId[] = ['istio', 'linkerd'];
  return (
    <Box mt={2} component="section" aria-label="Guidance for these releases">
      <Typography variant="subtitle1" component="h3">
        Guidance for these releases
      </Typography>
      {meshes.map(mesh => {
        const guidance = props.evaluation.guidance[mesh];
        const label = MESH_LABELS[mesh];
        return (
          <Box
            key={mesh}
            mt={1}
            component="section"
            aria-label={`${label} guidance for these releases`}
          >
            <Typography variant="subtitle2" component="h4">
              {formatGuidanceTarget(guidance) ?? label} ({guidance.mode} mode)
            </Typography>
            <Typography variant="body2" component="div">
              <ol aria-label={`${label} steps`}>
                {guidance.steps.map((step, index) => (
                  <li key={index}>{step.title}</li>
                ))}
              </ol>
              <ul aria-label={`${label} manifests`}>
                {guidance.manifests.map(manifest => (
                  <li key={`${manifest.kind}:${manifest.title}`}>
                    {manifest.kind} <code>{manifest.apiVersion}</code>:{' '}
                    {manifest.title}
                  </li>
                ))}
              </ul>
              {guidance.unsupported.length > 0 && (
                <ul aria-label={`What ${label} lacks here`}>
                  {guidance.unsupported.map(item => (
                    <li key={`${item.need}:${item.reason}`}>
                      {item.need}: {item.reason}
                    </li>
                  ))}
                </ul>
              )}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
