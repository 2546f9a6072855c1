/* eslint-disable jest/no-standalone-expect -- each scenario's `check` runs inside the it.each below */
import { evaluateEntity, parseMeshPolicy } from '..';
import { evaluationSchema, Evaluation, MeshPolicy } from '../schema';
import {
  api,
  component,
  domain,
  group,
  system,
} from '../__fixtures__/entities';
import type { EvaluationContext } from './types';

/**
 * Scenarios a platform engineer recognises: each asserts the verdict and the
 * reason (a blocker id or a factor id).
 */

const policy = parseMeshPolicy(undefined);
const annotation = (k: string) => `mesh-advisor.io/${k}`;

function factor(e: Evaluation, mesh: 'istio' | 'linkerd', id: string) {
  return e.factors.find(f => f.mesh === mesh && f.id === id);
}

type Scenario = {
  name: string;
  context: EvaluationContext;
  policy?: MeshPolicy;
  verdict: Evaluation['verdict'];
  check: (e: Evaluation) => void;
};

const scenarios: Scenario[] = [
  {
    name: 'lean edge team needing only mtls/retries/timeouts → linkerd',
    context: {
      entity: component('edge-svc', {
        [annotation('needs')]: 'mtls, retries, timeouts',
        [annotation('latency-budget-ms')]: '5',
        [annotation('replicas')]: '3',
      }),
      owner: group('edge', { [annotation('ops-capacity')]: 'none' }),
      system: system('edge-sys', { [annotation('cluster-profile')]: 'edge' }),
    },
    verdict: 'linkerd',
    check: e => {
      expect(factor(e, 'linkerd', 'resource-budget')!.points).toBeGreaterThan(
        0,
      );
      expect(factor(e, 'istio', 'ops-capacity')!.points).toBeLessThan(0);
      expect(factor(e, 'istio', 'latency-budget')!.points).toBeLessThan(0);
      expect(e.guidance.istio.mode).toBe('ambient');
    },
  },
  {
    name: 'L7-heavy team with a platform squad → istio; linkerd blocked by external-authz',
    context: {
      entity: component('l7', {
        [annotation('needs')]: 'mtls, external-authz, jwt-auth, traffic-split',
        [annotation('protocols')]: 'http1, http2',
      }),
      system: system('plat', {
        [annotation('ops-capacity')]: 'dedicated',
        [annotation('cluster-profile')]: 'large',
      }),
    },
    verdict: 'istio',
    check: e => {
      expect(e.blockers.linkerd.map(b => b.id)).toEqual(
        expect.arrayContaining(['need:external-authz', 'need:jwt-auth']),
      );
      expect(e.blockers.istio).toEqual([]);
      expect(factor(e, 'istio', 'ops-capacity')!.points).toBeGreaterThan(0);
    },
  },
  {
    name: 'Wasm filters → linkerd blocked',
    context: {
      entity: component('wasm', { [annotation('needs')]: 'wasm-extensions' }),
    },
    verdict: 'istio',
    check: e => {
      expect(e.blockers.linkerd.map(b => b.id)).toEqual([
        'need:wasm-extensions',
      ]);
      expect(e.blockers.linkerd[0].facts).toEqual([
        'capability:linkerd:wasm-extensions',
      ]);
      expect(e.guidance.linkerd.unsupported.map(u => u.need)).toEqual([
        'wasm-extensions',
      ]);
    },
  },
  {
    name: 'UDP only → not a mesh candidate, with the reason and a warning',
    context: {
      entity: component('udp', {
        [annotation('protocols')]: 'udp',
        [annotation('cluster-profile')]: 'large',
        [annotation('ops-capacity')]: 'small',
      }),
    },
    verdict: 'none',
    check: e => {
      expect(e.applicable).toBe(false);
      expect(e.notApplicableReason).toMatch(/speaks only udp/);
      expect(e.notApplicableReason).toMatch(/neither Istio nor Linkerd/);
      expect(e.blockers).toEqual({ istio: [], linkerd: [] });
      expect(
        e.diagnostics.some(
          d => d.severity === 'warning' && d.message.includes('udp'),
        ),
      ).toBe(true);
    },
  },
  {
    name: 'UDP beside TCP → meshed, the UDP part named as outside the mesh',
    context: {
      entity: component('udp-tcp', {
        [annotation('protocols')]: 'tcp, udp',
        [annotation('cluster-profile')]: 'large',
        [annotation('ops-capacity')]: 'small',
      }),
    },
    verdict: 'either',
    check: e => {
      expect(e.applicable).toBe(true);
      const fi = factor(e, 'istio', 'protocol:udp')!;
      const fl = factor(e, 'linkerd', 'protocol:udp')!;
      expect([fi.points, fl.points]).toEqual([0, 0]);
      for (const mesh of ['istio', 'linkerd'] as const)
        expect(e.guidance[mesh].steps.map(s => s.title)).toContain(
          'udp stays outside the mesh',
        );
    },
  },
  {
    name: 'tight latency budget on edge → linkerd, latency factor',
    context: {
      entity: component('fast', {
        [annotation('latency-budget-ms')]: '3',
        [annotation('cluster-profile')]: 'edge',
        [annotation('needs')]: 'mtls',
      }),
    },
    verdict: 'linkerd',
    check: e => {
      expect(factor(e, 'istio', 'latency-budget')!.points).toBe(-10);
      expect(factor(e, 'linkerd', 'latency-budget')!.points).toBe(5);
      expect(
        factor(e, 'istio', 'latency-budget')!.facts.length,
      ).toBeGreaterThan(0);
    },
  },
  {
    name: 'vendor support required with a dedicated squad on large clusters → istio, vendor-support factor',
    context: {
      entity: component('pci', {
        [annotation('vendor-support')]: 'required',
        [annotation('needs')]: 'mtls, retries',
      }),
      system: system('pay', {
        [annotation('ops-capacity')]: 'dedicated',
        [annotation('cluster-profile')]: 'large',
      }),
    },
    verdict: 'istio',
    check: e => {
      expect(factor(e, 'istio', 'vendor-support')!.points).toBeGreaterThan(
        factor(e, 'linkerd', 'vendor-support')!.points,
      );
    },
  },
  {
    name: 'Envoy already at the edge → istio, existing-envoy factor',
    context: {
      entity: component('envoy', {
        [annotation('existing-envoy')]: 'true',
        [annotation('needs')]: 'mtls',
      }),
      system: system('s', {
        [annotation('ops-capacity')]: 'dedicated',
        [annotation('cluster-profile')]: 'large',
      }),
    },
    verdict: 'istio',
    check: e => expect(factor(e, 'istio', 'existing-envoy')!.points).toBe(6),
  },
  {
    name: 'already on Istio: migration cost favours staying',
    context: {
      entity: component('stay', {
        [annotation('current-mesh')]: 'istio',
        [annotation('needs')]: 'mtls, retries',
      }),
      system: system('s', {
        [annotation('ops-capacity')]: 'small',
        [annotation('cluster-profile')]: 'large',
      }),
    },
    verdict: 'istio',
    check: e => expect(factor(e, 'istio', 'current-mesh')!.points).toBe(10),
  },
  {
    name: 'library → none, not applicable',
    context: {
      entity: component(
        'lib',
        { [annotation('needs')]: 'mtls' },
        { type: 'library' },
      ),
    },
    verdict: 'none',
    check: e => {
      expect(e.applicable).toBe(false);
      expect(e.notApplicableReason).toMatch(/library/);
    },
  },
  {
    name: 'website → none, not applicable',
    context: { entity: component('web', {}, { type: 'website' }) },
    verdict: 'none',
    check: e => expect(e.notApplicableReason).toMatch(/website/),
  },
  {
    name: 'excluded → none, not applicable',
    context: {
      entity: component('old', { [annotation('exclude')]: ' TRUE ' }),
    },
    verdict: 'none',
    check: e => expect(e.notApplicableReason).toMatch(/Excluded by annotation/),
  },
  {
    name: 'bare component → defaults, low confidence, advice',
    context: { entity: component('bare') },
    verdict: 'linkerd',
    check: e => {
      expect(e.confidence).toBe(0);
      expect(e.advice.map(a => a.annotation)).toEqual(
        expect.arrayContaining([
          annotation('needs'),
          annotation('protocols'),
          annotation('ops-capacity'),
        ]),
      );
      expect(e.requirements.protocols).toEqual({
        value: ['http1'],
        sources: [expect.objectContaining({ kind: 'default' })],
      });
      expect(e.requirements.clusterProfile.sources[0].detail).toBe(
        'serviceMesh.defaults.clusterProfile',
      );
    },
  },
  {
    name: 'allowedMeshes [linkerd] → istio blocked "not offered here"',
    context: {
      entity: component('only-l5d', { [annotation('needs')]: 'mtls' }),
      system: system('s', { [annotation('ops-capacity')]: 'dedicated' }),
    },
    policy: parseMeshPolicy({ allowedMeshes: ['linkerd'] }),
    verdict: 'linkerd',
    check: e => {
      expect(e.blockers.istio.map(b => b.id)).toEqual(['not-offered']);
      expect(e.blockers.istio[0].summary).toMatch(/not offered here/);
    },
  },
  {
    name: 'both blocked → none although applicable',
    context: {
      entity: component('both', {
        [annotation('needs')]: 'tap, wasm-extensions',
      }),
    },
    verdict: 'none',
    check: e => {
      expect(e.applicable).toBe(true);
      expect(e.blockers.istio.map(b => b.id)).toEqual(['need:tap']);
      expect(e.blockers.linkerd.map(b => b.id)).toEqual([
        'need:wasm-extensions',
      ]);
    },
  },
  {
    name: 'partial support (fault-injection on Linkerd) is a negative factor, not a blocker',
    context: {
      entity: component('chaos', { [annotation('needs')]: 'fault-injection' }),
      system: system('s', {
        [annotation('ops-capacity')]: 'dedicated',
        [annotation('cluster-profile')]: 'large',
      }),
    },
    verdict: 'istio',
    check: e => {
      expect(e.blockers.linkerd).toEqual([]);
      expect(factor(e, 'linkerd', 'need:fault-injection')!.points).toBe(-8);
      expect(e.guidance.linkerd.unsupported[0].reason).toMatch(/^Partial/);
    },
  },
  {
    name: 'typo in needs → diagnostic with suggestion retries, item ignored',
    context: {
      entity: component('typo', { [annotation('needs')]: 'mtls, retires' }),
    },
    verdict: 'linkerd',
    check: e => {
      const d = e.diagnostics.find(x => x.annotation === annotation('needs'))!;
      expect(d.suggestion).toBe('retries');
      expect(d.fix).toBe('mesh-advisor.io/needs: mtls, retries');
      expect(d.message).toContain('"retires"');
      expect(d.entityRef).toBe('component:default/typo');
      expect(e.requirements.needs.value).toEqual(['mtls']);
    },
  },
  {
    name: 'grpc API inferred; declared protocols win but inference shows',
    context: {
      entity: component(
        'g',
        { [annotation('protocols')]: 'tcp' },
        { providesApis: ['cart'] },
      ),
      apis: [api('cart', 'grpc')],
    },
    verdict: 'linkerd',
    check: e => {
      expect(e.requirements.protocols.value).toEqual(['tcp']);
      expect(e.requirements.protocols.sources.map(s => s.kind)).toEqual([
        'annotation',
        'inferred',
      ]);
    },
  },
  {
    name: 'inheritance: component → system → domain; ops-capacity on component ignored with info',
    context: {
      entity: component(
        'inh',
        { [annotation('ops-capacity')]: 'dedicated' },
        { system: 's' },
      ),
      system: system('s', {}, 'd'),
      domain: domain('d', {
        [annotation('cluster-profile')]: 'edge',
        [annotation('ops-capacity')]: 'none',
      }),
    },
    verdict: 'linkerd',
    check: e => {
      expect(e.requirements.clusterProfile.value).toBe('edge');
      expect(e.requirements.clusterProfile.sources[0]).toMatchObject({
        kind: 'inherited',
        ref: 'domain:default/d',
      });
      expect(e.requirements.opsCapacity.value).toBe('none');
      expect(e.diagnostics).toContainEqual(
        expect.objectContaining({
          severity: 'info',
          annotation: annotation('ops-capacity'),
        }),
      );
    },
  },
  {
    name: 'owner group size is a weak, inferred ops-capacity signal',
    context: { entity: component('gs'), owner: group('team', {}, 5) },
    verdict: 'linkerd',
    check: e => {
      expect(e.requirements.opsCapacity).toEqual({
        value: 'small',
        sources: [
          expect.objectContaining({
            kind: 'inferred',
            ref: 'group:default/team',
            detail: expect.stringContaining('group size 5'),
          }),
        ],
      });
    },
  },
];

describe('evaluateEntity scenarios', () => {
  it.each(scenarios.map(s => [s.name, s] as const))('%s', (_name, s) => {
    const e = evaluateEntity(s.context, s.policy ?? policy);
    expect(evaluationSchema.safeParse(e).success).toBe(true);
    expect(e.verdict).toBe(s.verdict);
    s.check(e);
  });

  it('applies what-if overrides with an override source', () => {
    const e = evaluateEntity({ entity: component('w') }, policy, {
      needs: ['external-authz', 'bogus'],
      clusterProfile: 'large',
    });
    expect(e.requirements.needs.value).toEqual(['external-authz']);
    expect(e.requirements.needs.sources[0].kind).toBe('override');
    expect(e.verdict).toBe('istio');
    expect(e.diagnostics.some(d => d.annotation === 'overrides.needs')).toBe(
      true,
    );
  });

  it('ignores invalid overrides with an error diagnostic', () => {
    const e = evaluateEntity({ entity: component('w') }, policy, {
      replicas: -1,
    } as never);
    expect(e.requirements.replicas.value).toBe(2);
    expect(e.diagnostics[0]).toMatchObject({
      severity: 'error',
      annotation: 'overrides',
    });
  });

  it('treats any other kind as not applicable', () => {
    const e = evaluateEntity({ entity: system('s') }, policy);
    expect(e).toMatchObject({ applicable: false, verdict: 'none' });
  });

  it('uses the margin: strictly inside is either', () => {
    const ctx = {
      entity: component('m', { [annotation('vendor-support')]: 'required' }),
      system: system('s', {
        [annotation('cluster-profile')]: 'large',
        [annotation('ops-capacity')]: 'small',
      }),
    };
    const e = evaluateEntity(ctx, policy);
    const gap = Math.abs(e.scores.istio - e.scores.linkerd);
    expect(
      evaluateEntity(ctx, parseMeshPolicy({ margin: gap + 1 })).verdict,
    ).toBe('either');
    expect(
      evaluateEntity(ctx, parseMeshPolicy({ margin: gap })).verdict,
    ).not.toBe('either');
  });

  it('weights from the policy change scores and the rules version', () => {
    const ctx = {
      entity: component('w', { [annotation('existing-envoy')]: 'true' }),
    };
    const a = evaluateEntity(ctx, policy);
    const b = evaluateEntity(
      ctx,
      parseMeshPolicy({ weights: { existingEnvoy: 20 } }),
    );
    expect(b.scores.istio - a.scores.istio).toBe(14);
    expect(b.rulesVersion).not.toBe(a.rulesVersion);
  });
});
