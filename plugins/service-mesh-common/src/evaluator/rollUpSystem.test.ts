import {
  evaluateEntity,
  parseMeshPolicy,
  rollUpSystem,
  summarizeEvaluation,
} from '..';
import { component, system } from '../__fixtures__/entities';

const policy = parseMeshPolicy(undefined);
const annotation = (k: string) => `mesh-advisor.io/${k}`;
const sys = system('s', {
  [annotation('ops-capacity')]: 'dedicated',
  [annotation('cluster-profile')]: 'large',
});

describe('rollUpSystem', () => {
  it('a mesh blocked for one component is blocked for the system, and disagreeing components are conflicts', () => {
    const lean = evaluateEntity(
      {
        entity: component('lean', {
          [annotation('latency-budget-ms')]: '5',
          [annotation('replicas')]: '50',
        }),
        system: system('s', { [annotation('cluster-profile')]: 'edge' }),
      },
      policy,
    );
    const tap = evaluateEntity(
      {
        entity: component('tap', { [annotation('needs')]: 'tap' }),
        system: sys,
      },
      policy,
    );
    const lib = evaluateEntity(
      { entity: component('lib', {}, { type: 'library' }) },
      policy,
    );
    expect(lean.verdict).toBe('linkerd');
    const wasm = evaluateEntity(
      {
        entity: component('wasm', { [annotation('needs')]: 'wasm-extensions' }),
        system: sys,
      },
      policy,
    );
    const r = rollUpSystem(sys, [lean, wasm, lib], policy);
    expect(r.verdict).toBe('istio');
    expect(r.forcing).toEqual([
      {
        entityRef: 'component:default/wasm',
        mesh: 'linkerd',
        blockers: wasm.blockers.linkerd,
      },
    ]);
    expect(r.conflicts).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/lean',
        verdict: 'linkerd',
        reason: expect.stringContaining('need:wasm-extensions'),
      }),
    ]);
    expect(r.cost.proxyCpuVcpu).toBeCloseTo(
      lean.overhead.istio.proxyCpuVcpu + wasm.overhead.istio.proxyCpuVcpu,
      3,
    );

    const none = rollUpSystem(sys, [tap, wasm], policy);
    expect(none.verdict).toBe('none');
    expect(none.cost).toEqual({
      mesh: 'none',
      proxyCpuVcpu: 0,
      proxyMemoryMiB: 0,
    });
  });

  it('weights scores by replicas and uses the lighter mesh cost for either', () => {
    const a = evaluateEntity(
      {
        entity: component('a', {
          [annotation('replicas')]: '1',
          [annotation('existing-envoy')]: 'true',
        }),
        system: sys,
      },
      policy,
    );
    const b = evaluateEntity(
      {
        entity: component('b', { [annotation('replicas')]: '3' }),
        system: sys,
      },
      policy,
    );
    const r = rollUpSystem(sys, [a, b], parseMeshPolicy({ margin: 100 }));
    expect(r.scores.istio).toBe(
      Math.round((a.scores.istio * 1 + b.scores.istio * 3) / 4),
    );
    expect(r.verdict).toBe('either');
    expect(r.cost.mesh).toBe('either');
    expect(r.cost.proxyMemoryMiB).toBeCloseTo(
      a.overhead.linkerd.proxyMemoryMiB + b.overhead.linkerd.proxyMemoryMiB,
      1,
    );
  });

  it('no applicable component → none', () => {
    const lib = evaluateEntity(
      { entity: component('lib', {}, { type: 'library' }) },
      policy,
    );
    expect(rollUpSystem(sys, [lib], policy)).toMatchObject({
      verdict: 'none',
      scores: { istio: 0, linkerd: 0 },
    });
  });
});

describe('summarizeEvaluation', () => {
  it('reports drift and coverage', () => {
    const entity = component(
      'd',
      {
        [annotation('current-mesh')]: 'linkerd',
        [annotation('needs')]: 'wasm-extensions',
      },
      { system: 'shop' },
    );
    const s = summarizeEvaluation(evaluateEntity({ entity }, policy), entity);
    expect(s).toMatchObject({
      entityRef: 'component:default/d',
      kind: 'Component',
      name: 'd',
      namespace: 'default',
      owner: 'group:default/team',
      system: 'system:default/shop',
      verdict: 'istio',
      currentMesh: 'linkerd',
      drift: true,
      annotationCoverage: 0.25,
      blockerCount: { istio: 0, linkerd: 1 },
    });
    expect(s.evaluatedAt).toBeUndefined();
  });
});
