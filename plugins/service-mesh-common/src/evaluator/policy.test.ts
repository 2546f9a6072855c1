import { DEFAULT_WEIGHTS, MeshPolicyError, parseMeshPolicy } from '..';

describe('parseMeshPolicy', () => {
  it('fills the defaults', () => {
    expect(parseMeshPolicy(undefined)).toEqual({
      defaults: {
        clusterProfile: 'standard',
        opsCapacity: 'small',
        vendorSupport: 'none',
        replicas: 2,
      },
      allowedMeshes: ['istio', 'linkerd'],
      margin: 5,
      weights: {},
    });
    expect(
      parseMeshPolicy({
        defaults: { clusterProfile: 'edge' },
        refresh: { frequency: { minutes: 30 } },
      }),
    ).toMatchObject({
      defaults: { clusterProfile: 'edge', opsCapacity: 'small' },
    });
    expect(parseMeshPolicy({ weights: { base: 40 } }).weights).toEqual({
      base: 40,
    });
  });

  it.each([
    [{ margin: -1 }, 'serviceMesh.margin', '-1', 'at least 0'],
    [{ margin: 'wide' }, 'serviceMesh.margin', '"wide"', 'number'],
    [
      { allowedMeshes: ['consul'] },
      'serviceMesh.allowedMeshes.0',
      '"consul"',
      'istio, linkerd',
    ],
    [{ allowedMeshes: [] }, 'serviceMesh.allowedMeshes', '[]', 'at least 1'],
    [
      { defaults: { clusterProfile: 'huge' } },
      'serviceMesh.defaults.clusterProfile',
      '"huge"',
      'edge, standard, large',
    ],
    [
      { defaults: { opsCapacity: 'lots' } },
      'serviceMesh.defaults.opsCapacity',
      '"lots"',
      'none, small, dedicated',
    ],
    [
      { defaults: { replicas: 0 } },
      'serviceMesh.defaults.replicas',
      '0',
      'at least 1',
    ],
    [
      { defaults: { colour: 'red' } },
      'serviceMesh.defaults',
      'colour',
      'clusterProfile',
    ],
    [
      { weights: { bogus: 3 } },
      'serviceMesh.weights.bogus',
      'unknown weight',
      'opsCapacityIstio',
    ],
    [
      { weights: { base: 500 } },
      'serviceMesh.weights.base',
      '500',
      'at most 100',
    ],
    ['yes', 'serviceMesh', '"yes"', 'an object'],
  ])(
    '%j is refused naming key, value and what is accepted',
    (raw, key, value, accepted) => {
      let error: unknown;
      try {
        parseMeshPolicy(raw);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MeshPolicyError);
      const message = (error as Error).message;
      expect(message).toContain(key);
      expect(message).toContain(value);
      expect(message).toContain(accepted);
    },
  );

  it('reports every problem at once', () => {
    expect(() => parseMeshPolicy({ margin: -1, allowedMeshes: ['x'] })).toThrow(
      /margin[\s\S]*allowedMeshes|allowedMeshes[\s\S]*margin/,
    );
  });

  it('documents a default for every weight', () => {
    expect(Object.values(DEFAULT_WEIGHTS).every(v => v >= 0 && v <= 100)).toBe(
      true,
    );
  });
});
