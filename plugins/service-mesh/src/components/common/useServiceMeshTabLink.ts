import type { Entity } from '@backstage/catalog-model';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';

/** Path of the "Service mesh" tab, relative to the entity page. */
const SERVICE_MESH_TAB_PATH = 'service-mesh';

/** Text of the link from a summary card to the "Service mesh" tab. */
export const VIEW_ANALYSIS = 'View analysis';

/**
 * The URL of an entity's "Service mesh" tab, built from the entity route so
 * the link works from any tab and in any app mounting the catalog elsewhere.
 */
export function useServiceMeshTabLink(entity: Entity): string {
  const entityLink = useEntityRefLink();
  return `${entityLink(entity).replace(/\/$/, '')}/${SERVICE_MESH_TAB_PATH}`;
}
