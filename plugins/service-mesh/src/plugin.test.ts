import { serviceMeshApiRef } from './api';
import {
  EntityServiceMeshCard,
  EntityServiceMeshSystemCard,
  ServiceMeshPage,
  serviceMeshPlugin,
} from './plugin';

describe('serviceMeshPlugin (legacy)', () => {
  it('registers the client factory and the root route', () => {
    expect(serviceMeshPlugin.getId()).toBe('service-mesh');
    const apis = [...serviceMeshPlugin.getApis()];
    expect(apis.map(factory => factory.api.id)).toEqual([serviceMeshApiRef.id]);
    expect(serviceMeshPlugin.routes.root).toBeDefined();
  });

  it('provides the cards and the page', () => {
    expect(EntityServiceMeshCard).toBeDefined();
    expect(EntityServiceMeshSystemCard).toBeDefined();
    expect(ServiceMeshPage).toBeDefined();
  });
});
