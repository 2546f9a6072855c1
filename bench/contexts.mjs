// The evaluation contexts of a synthetic catalog (the generator the tests
// share, plugins/service-mesh-common/src/__testUtils__/syntheticCatalog.ts):
// each component with its system, domain, owning team, APIs and resources,
// resolved the way the catalog's relations would resolve them. Used by
// bench/evaluator.mjs and bench/history-cost.mjs.

/** Contexts of every component of `catalog` (the generator's output). */
export function resolveContexts(catalog) {
  const byRef = new Map();
  const refOf = e => `${e.kind.toLowerCase()}:default/${e.metadata.name}`;
  for (const e of [
    ...catalog.systems,
    ...catalog.domains,
    ...catalog.apis,
    ...catalog.resources,
  ]) {
    byRef.set(refOf(e), e);
  }
  // Group sizes come from `hasMember` relations, as the catalog derives them
  // from the users' memberOf.
  const membersOf = new Map();
  for (const u of catalog.users) {
    for (const g of u.spec.memberOf) {
      membersOf.set(g, [...(membersOf.get(g) ?? []), refOf(u)]);
    }
  }
  for (const g of catalog.groups) {
    byRef.set(refOf(g), {
      ...g,
      relations: (membersOf.get(refOf(g)) ?? []).map(targetRef => ({
        type: 'hasMember',
        targetRef,
      })),
    });
  }
  const resolve = (kind, name) =>
    byRef.get(name.includes(':') ? name : `${kind}:default/${name}`);
  return catalog.components.map(entity => {
    const system = resolve('system', entity.spec.system);
    return {
      entity,
      system,
      domain: system && resolve('domain', system.spec.domain),
      owner: resolve('group', entity.spec.owner),
      apis: [
        ...(entity.spec.providesApis ?? []),
        ...(entity.spec.consumesApis ?? []),
      ].map(name => resolve('api', name)),
      resources: (entity.spec.dependsOn ?? []).map(ref =>
        resolve('resource', ref),
      ),
    };
  });
}
