import Typography from '@material-ui/core/Typography';
import type { ValueSource } from '@mesh-advisor/plugin-service-mesh-common';
import { Fragment } from 'react';
import { EntityRefOrText } from './EntityRefOrText';

const KIND_LABELS: Record<ValueSource['kind'], string> = {
  annotation: 'declared',
  inherited: 'inherited',
  inferred: 'inferred from the catalog',
  override: 'what-if override',
  default: 'default',
  observed: 'observed',
};

/** Props of {@link Evidence}. */
export interface EvidenceProps {
  sources: ValueSource[];
}

/**
 * Where a value came from: the annotation key, the catalog entity it was
 * read on (linked), or the default.
 */
export function Evidence(props: EvidenceProps) {
  const { sources } = props;
  if (sources.length === 0) {
    return <></>;
  }
  return (
    <Typography variant="caption" color="textSecondary" component="span">
      {sources.map((source, index) => (
        <Fragment key={index}>
          {index > 0 && '; '}
          {source.kind === 'observed' ? (
            <ObservedSource source={source} />
          ) : (
            <DeclaredSource source={source} />
          )}
        </Fragment>
      ))}
    </Typography>
  );
}

/**
 * Seen in a cluster: the detail names the object, cluster and time, so it
 * reads in full; the ref is the entity itself and adds nothing.
 */
function ObservedSource(props: { source: ValueSource }) {
  const { source } = props;
  // The backend's detail already starts with the label.
  const detail = source.detail?.replace(/^observed:\s*/, '');
  return (
    <>
      {KIND_LABELS.observed}
      {detail ? `: ${detail}` : ' in a cluster'}
    </>
  );
}

function DeclaredSource(props: { source: ValueSource }) {
  const { source } = props;
  return (
    <>
      {KIND_LABELS[source.kind]}
      {source.annotation && (
        <>
          {' '}
          <code>{source.annotation}</code>
        </>
      )}
      {source.ref && (
        <>
          {source.annotation ? ' on ' : ' from '}
          <EntityRefOrText entityRef={source.ref} />
        </>
      )}
      {source.detail && ` (${source.detail})`}
    </>
  );
}
