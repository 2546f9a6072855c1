import { Entity } from '@backstage/catalog-model';
import { diffInputs, evaluationInputs } from './inputs';

const entity = (annotations: Record<string, string>, spec = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'a', annotations },
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

describe('evaluation inputs', () => {
  it('says which list items were gained and lost, ignoring case, order and spaces', () => {
    const before = evaluationInputs(
      { entity: entity({ 'mesh-advisor.io/needs': 'mTLS, tap' }) },
      'r1',
      'p1',
    );
    const after = evaluationInputs(
      { entity: entity({ 'mesh-advisor.io/needs': 'wasm-extensions,mtls' }) },
      'r1',
      'p1',
    );
    expect(diffInputs(before, after)).toEqual([
      { input: 'needs', gained: ['wasm-extensions'], lost: ['tap'] },
    ]);
  });

  it('names inputs of related entities by their role, and a policy change without values', () => {
    const owner: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'team',
        annotations: { 'mesh-advisor.io/ops-capacity': 'none' },
      },
    };
    const before = evaluationInputs({ entity: entity({}) }, 'r1', 'p1');
    const after = evaluationInputs(
      { entity: entity({}, { lifecycle: 'experimental' }), owner },
      'r1',
      'p2',
    );
    expect(diffInputs(before, after)).toEqual([
      { input: 'lifecycle', from: 'production', to: 'experimental' },
      { input: 'owner ops-capacity', to: 'none' },
      { input: 'policy' },
    ]);
  });

  it('reports nothing when there is nothing to compare with', () => {
    expect(
      diffInputs(
        undefined,
        evaluationInputs({ entity: entity({}) }, 'r1', 'p1'),
      ),
    ).toEqual([]);
  });
});
