import {
  domainEntityRef,
  isServiceMeshApplicable,
  isServiceMeshExcluded,
  relatedEntityRefs,
} from '..';
import { component, system } from '../__fixtures__/entities';

describe('relatedEntityRefs', () => {
  it('reads spec with default kinds, the entity namespace, lower case', () => {
    const e = component(
      'c',
      {},
      {
        owner: 'Payments',
        system: 'Shop',
        providesApis: ['cart-grpc', 'other/Api-X'],
        consumesApis: ['api:default/cart-grpc'],
        dependsOn: ['resource:DB', 'component:x'],
      },
    );
    e.metadata.namespace = 'team-a';
    expect(relatedEntityRefs(e)).toEqual({
      owner: 'group:team-a/payments',
      system: 'system:team-a/shop',
      apis: [
        'api:team-a/cart-grpc',
        'api:other/api-x',
        'api:default/cart-grpc',
      ],
      resources: ['resource:team-a/db'],
    });
  });

  it('prefers relations when the catalog filled them', () => {
    const e = component('c', {}, { owner: 'someone', system: 'nope' });
    e.relations = [
      { type: 'ownedBy', targetRef: 'group:default/Real' },
      { type: 'partOf', targetRef: 'system:default/real' },
      { type: 'consumesApi', targetRef: 'api:default/a' },
      { type: 'dependsOn', targetRef: 'resource:default/r' },
      { type: 'dependsOn', targetRef: 'component:default/c2' },
    ];
    expect(relatedEntityRefs(e)).toEqual({
      owner: 'group:default/real',
      system: 'system:default/real',
      apis: ['api:default/a'],
      resources: ['resource:default/r'],
    });
  });

  it('skips unparseable refs instead of throwing', () => {
    expect(
      relatedEntityRefs(
        component(
          'c',
          {},
          { owner: 42, system: '', providesApis: ['a:b:c/d/e', null] },
        ),
      ),
    ).toEqual({ apis: [], resources: [] });
  });

  it('finds the domain of a system', () => {
    expect(domainEntityRef(system('s', {}, 'Commerce'))).toBe(
      'domain:default/commerce',
    );
    expect(domainEntityRef(system('s'))).toBeUndefined();
  });

  it('isServiceMeshApplicable', () => {
    expect(isServiceMeshApplicable(component('a'))).toBe(true);
    expect(
      isServiceMeshApplicable(component('a', {}, { type: 'unknown-type' })),
    ).toBe(true);
    expect(
      isServiceMeshApplicable(component('a', {}, { type: 'Library' })),
    ).toBe(false);
    expect(
      isServiceMeshApplicable(
        component('a', { 'mesh-advisor.io/exclude': 'true' }),
      ),
    ).toBe(false);
    expect(isServiceMeshApplicable(system('s'))).toBe(false);
  });

  it('isServiceMeshExcluded: "true" in any case and spacing, nothing else', () => {
    const excluded = (value?: string) =>
      isServiceMeshExcluded(
        component(
          'a',
          value === undefined ? {} : { 'mesh-advisor.io/exclude': value },
        ),
      );
    expect(excluded(' TRUE ')).toBe(true);
    expect(excluded('true')).toBe(true);
    expect(excluded('false')).toBe(false);
    expect(excluded('yes')).toBe(false);
    expect(excluded()).toBe(false);
  });
});
