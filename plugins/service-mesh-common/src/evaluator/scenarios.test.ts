import { evaluateEntity, parseMeshPolicy } from '..';
import { evaluationSchema, Evaluation, MeshPolicy } from '../schema';
import { api, component, domain, group, system } from '../__fixtures__/entities';
import type { EvaluationContext } from './types';

/**
 * Scenarios a platform engineer recognises: each asserts the verdict and the
 * reason (a blocker id or a factor id).
 */

const policy = parseMeshPolicy(undefined);
const A = (k: string) => `mesh-advisor.io/${k}`;

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
      entity: component('edge-svc', { [A('needs')]: 'mtls, retries, timeouts', [A('latency-budget-ms')]: '5', [A('replicas')]: '3' }),
      owner: group('edge', { [A('ops-capacity')]: 'none' }),
      system: system('edge-sys', { [A('cluster-profile')]: 'edge' }),
    },
    verdict: 'linkerd',
    check: e => {
      expect(factor(e, 'linkerd', 'resource-budget')!.points).toBeGreaterThan(0);
      expect(factor(e, 'istio', 'ops-capacity')!.points).toBeLessThan(0);
      expect(factor(e, 'istio', 'latency-budget')!.points).toBeLessThan(0);
      expect(e.guidance.istio.mode).toBe('ambient');
    },
  },
  {
    name: 'L7-heavy team with a platform squad → istio; linkerd blocked by external-authz',
    context: {
      entity: component('l7', { [A('needs')]: 'mtls, external-authz, jwt-auth, traffic-split', [A('protocols')]: 'http1, http2' }),
      system: system('plat', { [A('ops-capacity')]: 'dedicated', [A('cluster-profile')]: 'large' }),
    },
    verdict: 'istio',
    check: e => {
      expect(e.blockers.linkerd.map(b => b.id)).toEqual(expect.arrayContaining(['need:external-authz', 'need:jwt-auth']));
      expect(e.blockers.istio).toEqual([]);
      expect(factor(e, 'istio', 'ops-capacity')!.points).toBeGreaterThan(0);
    },
  },
  {
    name: 'Wasm filters → linkerd blocked',
    context: { entity: component('wasm', { [A('needs')]: 'wasm-extensions' }) },
    verdict: 'istio',
    check: e => {
      expect(e.blockers.linkerd.map(b => b.id)).toEqual(['need:wasm-extensions']);
      expect(e.blockers.linkerd[0].facts).toEqual(['capability:linkerd:wasm-extensions']);
      expect(e.guidance.linkerd.unsupported.map(u => u.need)).toEqual(['wasm-extensions']);
    },
  },
  {
    name: 'UDP → warning for both, neither preferred because of it',
    context: { entity: component('udp', { [A('protocols')]: 'udp', [A('cluster-profile')]: 'large', [A('ops-capacity')]: 'small' }) },
    verdict: 'either',
    check: e => {
      expect(e.diagnostics.some(d => d.severity === 'warning' && d.message.includes('udp'))).toBe(true);
      const fi = factor(e, 'istio', 'protocol:udp')!;
      const fl = factor(e, 'linkerd', 'protocol:udp')!;
      expect([fi.points, fl.points]).toEqual([0, 0]);
      expect(factor(e, 'istio', 'protocols:unproxied')!.points).toBe(factor(e, 'linkerd', 'protocols:unproxied')!.points);
    },
  },
  {
    name: 'tight latency budget on edge → linkerd, latency factor',
    context: {
      entity: component('fast', { [A('latency-budget-ms')]: '3', [A('cluster-profile')]: 'edge', [A('needs')]: 'mtls' }),
    },
    verdict: 'linkerd',
    check: e => {
      expect(factor(e, 'istio', 'latency-budget')!.points).toBe(-10);
      expect(factor(e, 'linkerd', 'latency-budget')!.points).toBe(5);
      expect(factor(e, 'istio', 'latency-budget')!.facts.length).toBeGreaterThan(0);
    },
  },
  {
    name: 'vendor support required with a dedicated squad on large clusters → istio, vendor-support factor',
    context: {
      entity: component('pci', { [A('vendor-support')]: 'required', [A('needs')]: 'mtls, retries' }),
      system: system('pay', { [A('ops-capacity')]: 'dedicated', [A('cluster-profile')]: 'large' }),
    },
    verdict: 'istio',
    check: e => {
      expect(factor(e, 'istio', 'vendor-support')!.points).toBeGreaterThan(factor(e, 'linkerd', 'vendor-support')!.points);
    },
  },
  {
    name: 'Envoy already at the edge → istio, existing-envoy factor',
    context: {
      entity: component('envoy', { [A('existing-envoy')]: 'true', [A('needs')]: 'mtls' }),
      system: system('s', { [A('ops-capacity')]: 'dedicated', [A('cluster-profile')]: 'large' }),
    },
    verdict: 'istio',
    check: e => expect(factor(e, 'istio', 'existing-envoy')!.points).toBe(6),
  },
  {
    name: 'already on Istio: migration cost favours staying',
    context: {
      entity: component('stay', { [A('current-mesh')]: 'istio', [A('needs')]: 'mtls, retries' }),
      system: system('s', { [A('ops-capacity')]: 'small', [A('cluster-profile')]: 'large' }),
    },
    verdict: 'istio',
    check: e => expect(factor(e, 'istio', 'current-mesh')!.points).toBe(10),
  },
  {
    name: 'library → none, not applicable',
    context: { entity: component('lib', { [A('needs')]: 'mtls' }, { type: 'library' }) },
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
    context: { entity: component('old', { [A('exclude')]: ' TRUE ' }) },
    verdict: 'none',
    check: e => expect(e.notApplicableReason).toMatch(/Excluded by annotation/),
  },
  {
    name: 'bare component → defaults, low confidence, advice',
    context: { entity: component('bare') },
    verdict: 'linkerd',
    check: e => {
      expect(e.confidence).toBe(0);
      expect(e.advice.map(a => a.annotation)).toEqual(expect.arrayContaining([A('needs'), A('protocols'), A('ops-capacity')]));
      expect(e.requirements.protocols).toEqual({ value: ['http1'], sources: [expect.objectContaining({ kind: 'default' })] });
      expect(e.requirements.clusterProfile.sources[0].detail).toBe('serviceMesh.defaults.clusterProfile');
    },
  },
  {
    name: 'allowedMeshes [linkerd] → istio blocked "not offered here"',
    context: { entity: component('only-l5d', { [A('needs')]: 'mtls' }), system: system('s', { [A('ops-capacity')]: 'dedicated' }) },
    policy: parseMeshPolicy({ allowedMeshes: ['linkerd'] }),
    verdict: 'linkerd',
    check: e => {
      expect(e.blockers.istio.map(b => b.id)).toEqual(['not-offered']);
      expect(e.blockers.istio[0].summary).toMatch(/not offered here/);
    },
  },
  {
    name: 'both blocked → none although applicable',
    context: { entity: component('both', { [A('needs')]: 'tap, wasm-extensions' }) },
    verdict: 'none',
    check: e => {
      expect(e.applicable).toBe(true);
      expect(e.blockers.istio.map(b => b.id)).toEqual(['need:tap']);
      expect(e.blockers.linkerd.map(b => b.id)).toEqual(['need:wasm-extensions']);
    },
  },
  {
    name: 'partial support (fault-injection on Linkerd) is a negative factor, not a blocker',
    context: { entity: component('chaos', { [A('needs')]: 'fault-injection' }), system: system('s', { [A('ops-capacity')]: 'dedicated', [A('cluster-profile')]: 'large' }) },
    verdict: 'istio',
    check: e => {
      expect(e.blockers.linkerd).toEqual([]);
      expect(factor(e, 'linkerd', 'need:fault-injection')!.points).toBe(-8);
      expect(e.guidance.linkerd.unsupported[0].reason).toMatch(/^Partial/);
    },
  },
  {
    name: 'typo in needs → diagnostic with suggestion retries, item ignored',
    context: { entity: component('typo', { [A('needs')]: 'mtls, retires' }) },
    verdict: 'linkerd',
    check: e => {
      const d = e.diagnostics.find(x => x.annotation === A('needs'))!;
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
      entity: component('g', { [A('protocols')]: 'tcp' }, { providesApis: ['cart'] }),
      apis: [api('cart', 'grpc')],
    },
    verdict: 'linkerd',
    check: e => {
      expect(e.requirements.protocols.value).toEqual(['tcp']);
      expect(e.requirements.protocols.sources.map(s => s.kind)).toEqual(['annotation', 'inferred']);
    },
  },
  {
    name: 'inheritance: component → system → domain; ops-capacity on component ignored with info',
    context: {
      entity: component('inh', { [A('ops-capacity')]: 'dedicated' }, { system: 's' }),
      system: system('s', {}, 'd'),
      domain: domain('d', { [A('cluster-profile')]: 'edge', [A('ops-capacity')]: 'none' }),
    },
    verdict: 'linkerd',
    check: e => {
      expect(e.requirements.clusterProfile.value).toBe('edge');
      expect(e.requirements.clusterProfile.sources[0]).toMatchObject({ kind: 'inherited', ref: 'domain:default/d' });
      expect(e.requirements.opsCapacity.value).toBe('none');
      expect(e.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', annotation: A('ops-capacity') }));
    },
  },
  {
    name: 'owner group size is a weak, inferred ops-capacity signal',
    context: { entity: component('gs'), owner: group('team', {}, 5) },
    verdict: 'linkerd',
    check: e => {
      expect(e.requirements.opsCapacity).toEqual({
        value: 'small',
        sources: [expect.objectContaining({ kind: 'inferred', ref: 'group:default/team', detail: expect.stringContaining('group size 5') })],
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
    const e = evaluateEntity({ entity: component('w') }, policy, { needs: ['external-authz', 'bogus'], clusterProfile: 'large' });
    expect(e.requirements.needs.value).toEqual(['external-authz']);
    expect(e.requirements.needs.sources[0].kind).toBe('override');
    expect(e.verdict).toBe('istio');
    expect(e.diagnostics.some(d => d.annotation === 'overrides.needs')).toBe(true);
  });

  it('ignores invalid overrides with an error diagnostic', () => {
    const e = evaluateEntity({ entity: component('w') }, policy, { replicas: -1 } as never);
    expect(e.requirements.replicas.value).toBe(2);
    expect(e.diagnostics[0]).toMatchObject({ severity: 'error', annotation: 'overrides' });
  });

  it('treats any other kind as not applicable', () => {
    const e = evaluateEntity({ entity: system('s') }, policy);
    expect(e).toMatchObject({ applicable: false, verdict: 'none' });
  });

  it('uses the margin: strictly inside is either', () => {
    const ctx = { entity: component('m', { [A('vendor-support')]: 'required' }), system: system('s', { [A('cluster-profile')]: 'large', [A('ops-capacity')]: 'small' }) };
    const e = evaluateEntity(ctx, policy);
    const gap = Math.abs(e.scores.istio - e.scores.linkerd);
    expect(evaluateEntity(ctx, parseMeshPolicy({ margin: gap + 1 })).verdict).toBe('either');
    expect(evaluateEntity(ctx, parseMeshPolicy({ margin: gap })).verdict).not.toBe('either');
  });

  it('weights from the policy change scores and the rules version', () => {
    const ctx = { entity: component('w', { [A('existing-envoy')]: 'true' }) };
    const a = evaluateEntity(ctx, policy);
    const b = evaluateEntity(ctx, parseMeshPolicy({ weights: { existingEnvoy: 20 } }));
    expect(b.scores.istio - a.scores.istio).toBe(14);
    expect(b.rulesVersion).not.toBe(a.rulesVersion);
  });
});
