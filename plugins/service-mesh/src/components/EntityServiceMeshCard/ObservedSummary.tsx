import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  ClusterObservation,
  DataPlane,
  ObservedEvidence,
} from '@mesh-advisor/plugin-service-mesh-common';
import { MESH_LABELS, formatTime } from '../common';

const DATA_PLANE_LABELS: Record<DataPlane, string> = {
  'istio-sidecar': 'Istio sidecar',
  'istio-native-sidecar': 'Istio native sidecar',
  'istio-ambient': 'Istio ambient',
  linkerd: 'Linkerd proxy',
};

function runs(observation: ClusterObservation): string {
  const mesh = observation.currentMesh;
  const planes = observation.dataPlanes
    .map(plane => DATA_PLANE_LABELS[plane] ?? plane)
    .join(', ');
  if (mesh === 'istio' || mesh === 'linkerd') {
    return `runs ${MESH_LABELS[mesh]}${planes ? ` (${planes})` : ''}`;
  }
  if (mesh === 'none' || observation.dataPlanes.length === 0) {
    return 'runs no mesh';
  }
  return planes;
}

function describe(observation: ClusterObservation): string {
  if (observation.status === 'error') {
    return `could not be read${
      observation.error ? ` (${observation.error})` : ''
    }`;
  }
  if (observation.pods === 0) {
    return 'no pods';
  }
  // The object the mesh was read from, so an owner can go and look at it.
  const from = observation.currentMeshFrom
    ? `, seen on ${observation.currentMeshFrom}`
    : '';
  return `${runs(observation)}${from}`;
}

/** Props of {@link ObservedSummary}. */
export interface ObservedSummaryProps {
  observed?: ObservedEvidence;
}

/**
 * What ran in each cluster when last seen, one line per cluster: the mesh,
 * its data plane, the object it was read from and when.
 */
export function ObservedSummary(props: ObservedSummaryProps) {
  const { observed } = props;
  if (!observed || observed.clusters.length === 0) {
    return <></>;
  }
  return (
    <Box mt={1} component="ul" aria-label="Observed in clusters" p={0} m={0}>
      {observed.clusters.map(observation => (
        <Typography
          key={observation.cluster}
          component="li"
          variant="body2"
          color="textSecondary"
          style={{ listStyle: 'none' }}
        >
          Observed in cluster <strong>{observation.cluster}</strong> at{' '}
          <time dateTime={observation.observedAt}>
            {formatTime(observation.observedAt)}
          </time>
          : {describe(observation)}
        </Typography>
      ))}
    </Box>
  );
}
