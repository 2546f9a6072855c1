import { Entity } from '@backstage/catalog-model';

/**
 * Whether {@link EntityServiceMeshCard} applies to an entity: any Component.
 * Use it with `EntitySwitch.Case if={isServiceMeshAvailable}`.
 *
 * @remarks
 * Components that are not networked (libraries, documentation) still show
 * the card, which explains why they need no mesh.
 *
 * @public
 */
export function isServiceMeshAvailable(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}

/**
 * Whether {@link EntityServiceMeshSystemCard} applies to an entity: any System.
 *
 * @public
 */
export function isServiceMeshSystemAvailable(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'system';
}
