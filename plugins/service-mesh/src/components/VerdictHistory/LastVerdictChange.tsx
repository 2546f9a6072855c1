import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/lib/useAsync';
import { serviceMeshApiRef } from '../../api';
import { describeTransition } from './describeTransition';

/** Props of {@link LastVerdictChange}. */
export interface LastVerdictChangeProps {
  entity: Entity;
}

/**
 * The entity's last verdict change in words, with its date and reason.
 * Nothing while loading, when the verdict never changed, or when the history
 * cannot be read: the card's verdict stands on its own.
 */
export function LastVerdictChange(props: LastVerdictChangeProps) {
  const { entity } = props;
  const api = useApi(serviceMeshApiRef);
  const ref = getCompoundEntityRef(entity);
  const { value } = useAsync(
    () => api.getEntityHistory(ref, { limit: 1 }),
    [api, ref.kind, ref.namespace, ref.name],
  );
  const last = value?.transitions[0];
  if (!last) return null;
  return (
    <Typography variant="body2" color="textSecondary">
      {describeTransition(last)}
    </Typography>
  );
}
