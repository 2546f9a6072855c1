import { Entity } from '@backstage/catalog-model';
import {
  isServiceMeshAvailable,
  isServiceMeshSystemAvailable,
} from './conditions';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('conditions', () => {
  it('offers the card on components and the roll-up on systems', () => {
    expect(isServiceMeshAvailable(entity('Component'))).toBe(true);
    expect(isServiceMeshAvailable(entity('component'))).toBe(true);
    expect(isServiceMeshAvailable(entity('API'))).toBe(false);
    expect(isServiceMeshSystemAvailable(entity('System'))).toBe(true);
    expect(isServiceMeshSystemAvailable(entity('Component'))).toBe(false);
  });
});
