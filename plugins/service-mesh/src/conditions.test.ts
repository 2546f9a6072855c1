import { Entity } from '@backstage/catalog-model';
import {
  isServiceMeshAvailable,
  isServiceMeshExcluded,
  isServiceMeshSystemAvailable,
} from './conditions';

const entity = (
  kind: string,
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', annotations },
});

describe('conditions', () => {
  it('offers the card on components and the roll-up on systems', () => {
    expect(isServiceMeshAvailable(entity('Component'))).toBe(true);
    expect(isServiceMeshAvailable(entity('component'))).toBe(true);
    expect(isServiceMeshAvailable(entity('API'))).toBe(false);
    expect(isServiceMeshSystemAvailable(entity('System'))).toBe(true);
    expect(isServiceMeshSystemAvailable(entity('Component'))).toBe(false);
  });

  it('reads the exclude annotation case-insensitively', () => {
    expect(
      isServiceMeshExcluded(
        entity('Component', { 'mesh-advisor.io/exclude': ' TRUE ' }),
      ),
    ).toBe(true);
    expect(
      isServiceMeshExcluded(
        entity('Component', { 'mesh-advisor.io/exclude': 'false' }),
      ),
    ).toBe(false);
    expect(isServiceMeshExcluded(entity('Component'))).toBe(false);
  });
});
