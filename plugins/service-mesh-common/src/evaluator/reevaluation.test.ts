import { evaluateEntity, parseMeshPolicy } from '..';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import type { Entity } from '@backstage/catalog-model';
import { component } from '../__fixtures__/entities';
import type { EvaluationContext } from './types';

/**
 * An entity object may be evaluated more than once (the card re-read, a
 * what-if on the same object): each answer must be the answer for its own
 * inputs, and belong to its caller alone. These guard any future caching in
 * the evaluator (per policy, per version string) against leaking state.
 */

const A = MESH_ANNOTATIONS;
const policy = parseMeshPolicy(undefined);

const resource = (name: string, type: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name },
  spec: { type, owner: 'team' },
});

const context = (): EvaluationContext => ({
  entity: component(
    'cart',
    { [A.needs]: 'mtls, retries, retires', [A.replicas]: 'many' },
    { dependsOn: ['resource:orders-db'] },
  ),
  resources: [resource('orders-db', 'database')],
});

describe('evaluating the same entity object again', () => {
  it('gives the same evaluation as a fresh copy of the entity', () => {
    const ctx = context();
    const first = JSON.stringify(evaluateEntity(ctx, policy));
    expect(JSON.stringify(evaluateEntity(ctx, policy))).toBe(first);
    const again = JSON.stringify(evaluateEntity(ctx, policy));
    expect(again).toBe(first);
    expect(JSON.stringify(evaluateEntity(context(), policy))).toBe(first);
    // The unknown need and the bad replicas are reported every time.
    expect(again).toContain('retires');
    expect(again).toContain('many');
  });

  it('follows other targets, overrides and dependencies', () => {
    const ctx = context();
    const byDefault = evaluateEntity(ctx, policy);
    const older = evaluateEntity(
      ctx,
      parseMeshPolicy({ targets: { linkerd: '2.16', istio: '1.24' } }),
    );
    expect(older.guidance.linkerd.target?.version).toBe('2.16');
    expect(older.guidance.istio.target?.version).toBe('1.24');
    expect(byDefault.guidance.linkerd.target?.version).not.toBe('2.16');

    const ambient = evaluateEntity(ctx, policy, { clusterProfile: 'edge' });
    expect(ambient.guidance.istio.mode).toBe('ambient');
    expect(evaluateEntity(ctx, policy).guidance.istio.mode).toBe('sidecar');

    const details = (c: EvaluationContext) =>
      evaluateEntity(c, policy)
        .requirements.protocols.sources.map(s => s.detail)
        .join('\n');
    expect(details(ctx)).toContain('Resource orders-db (type database)');
    expect(details({ ...ctx, resources: [] })).toContain(
      'resource type unknown',
    );
  });

  it('hands each caller its own objects: editing one answer changes no later one', () => {
    const ctx = context();
    const expected = JSON.stringify(evaluateEntity(ctx, policy));
    for (let i = 0; i < 3; i++) {
      const answer = evaluateEntity(ctx, policy);
      expect(JSON.stringify(answer)).toBe(expected);
      answer.guidance.istio.steps[0].title = 'edited';
      answer.guidance.linkerd.manifests.pop();
      answer.requirements.needs.value.push('tap');
      answer.requirements.egressDestinations.value.length = 0;
      answer.diagnostics.length = 0;
    }
  });
});
