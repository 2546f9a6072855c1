import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** Props of {@link EntityRefOrText}. */
export interface EntityRefOrTextProps {
  entityRef: string;
  defaultKind?: string;
}

/** A catalog link when the string is an entity ref, the plain text otherwise. */
export function EntityRefOrText(props: EntityRefOrTextProps) {
  const { entityRef, defaultKind } = props;
  let parsed;
  try {
    parsed = parseEntityRef(entityRef, {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch {
    return <code>{entityRef}</code>;
  }
  return <EntityRefLink entityRef={parsed} defaultKind={defaultKind} />;
}
