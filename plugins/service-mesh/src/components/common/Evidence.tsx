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
  observed: 'observed in a cluster',
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
        </Fragment>
      ))}
    </Typography>
  );
}
