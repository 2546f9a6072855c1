import type { Entity } from '@backstage/catalog-model';

/** Small entity builders for table tests. */
export function component(
  name: string,
  annotations: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations: annotations as Record<string, string> },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team',
      ...spec,
    },
  };
}

export function system(
  name: string,
  annotations: Record<string, string> = {},
  domainName?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name, annotations },
    spec: {
      owner: 'group:default/team',
      ...(domainName ? { domain: domainName } : {}),
    },
  };
}

export function domain(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name, annotations },
    spec: { owner: 'group:default/team' },
  };
}

export function group(
  name: string,
  annotations: Record<string, string> = {},
  members = 0,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, annotations },
    spec: {
      type: 'team',
      children: [],
      members: Array.from({ length: members }, (_, i) => `user:default/u${i}`),
    },
  };
}

export function api(name: string, type: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name },
    spec: { type, lifecycle: 'production', owner: 'team', definition: '' },
  };
}
