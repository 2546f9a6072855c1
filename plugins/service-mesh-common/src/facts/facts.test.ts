import { z } from 'zod';
import {
  CAPABILITY_FACTS,
  CAPABILITY_IDS,
  capabilityFactSchema,
  OPERATIONS_FACTS,
  OVERHEAD_FIGURES,
  PROTOCOL_FACTS,
  protocolFactSchema,
  RULES_VERSION,
} from '..';
import { PROTOCOLS } from '../schema';
import { computeRulesVersion } from '../evaluator/rulesVersion';
import { DEFAULT_WEIGHTS } from '../evaluator/weights';
import { FACT_TABLES, FACTS_DATE } from './rulesVersion';

describe('facts', () => {
  it('has one valid record per capability and mesh, each sourced', () => {
    expect(z.array(capabilityFactSchema).parse(CAPABILITY_FACTS)).toHaveLength(
      CAPABILITY_IDS.length * 2,
    );
    for (const id of CAPABILITY_IDS)
      expect(
        CAPABILITY_FACTS.filter(f => f.capability === id)
          .map(f => f.mesh)
          .sort(),
      ).toEqual(['istio', 'linkerd']);
    expect(new Set(CAPABILITY_FACTS.map(f => f.id)).size).toBe(
      CAPABILITY_FACTS.length,
    );
  });

  it('has protocol facts for every protocol; HTTP/3 is unverified', () => {
    expect(z.array(protocolFactSchema).parse(PROTOCOL_FACTS)).toHaveLength(
      PROTOCOLS.length * 2,
    );
    expect(
      PROTOCOL_FACTS.filter(f => f.protocol === 'http3').every(
        f => !f.verified && f.support === 'none',
      ),
    ).toBe(true);
    expect(
      PROTOCOL_FACTS.filter(f => f.protocol === 'udp').every(
        f => f.support === 'none',
      ),
    ).toBe(true);
  });

  it('follows the current facts, not the seed article', () => {
    const l = (c: string) =>
      CAPABILITY_FACTS.find(f => f.mesh === 'linkerd' && f.capability === c)!;
    expect(l('rate-limiting')).toMatchObject({
      support: 'native',
      minVersion: '2.17',
    });
    expect(l('egress-control')).toMatchObject({
      support: 'native',
      minVersion: '2.17',
    });
    expect(l('header-routing')).toMatchObject({
      support: 'native',
      minVersion: '2.13',
    });
    expect(l('mirroring').support).toBe('none');
    expect(l('fault-injection').support).toBe('partial');
  });

  it('cites every overhead figure with title, url and date or version', () => {
    for (const f of Object.values(OVERHEAD_FIGURES)) {
      expect(f.source.url).toMatch(/^https:\/\//);
      expect(f.source.title.length).toBeGreaterThan(0);
    }
  });

  it('has a rules version that is the same for the same facts and changes with any fact or weight', () => {
    const copy = structuredClone(FACT_TABLES);
    expect(computeRulesVersion(copy, DEFAULT_WEIGHTS)).toBe(RULES_VERSION);
    expect(RULES_VERSION.startsWith(`${FACTS_DATE}.`)).toBe(true);

    const flipped = structuredClone(FACT_TABLES);
    const fact = flipped.CAPABILITY_FACTS as { verified: boolean }[];
    fact[0].verified = !fact[0].verified;
    expect(computeRulesVersion(flipped, DEFAULT_WEIGHTS)).not.toBe(
      RULES_VERSION,
    );

    const reweighted = { ...DEFAULT_WEIGHTS, base: DEFAULT_WEIGHTS.base + 1 };
    expect(computeRulesVersion(FACT_TABLES, reweighted)).not.toBe(
      RULES_VERSION,
    );
  });
});

describe('fact labels and versions', () => {
  const cap = (mesh: string, c: string) =>
    CAPABILITY_FACTS.find(f => f.mesh === mesh && f.capability === c)!;

  it('labels claims only the seed article makes, and never cites them with an unrelated URL', () => {
    for (const f of [
      cap('linkerd', 'jwt-auth'),
      cap('linkerd', 'wasm-extensions'),
    ])
      expect(f).toMatchObject({ verified: false, claimedBy: 'seed-article' });
    const all = [...CAPABILITY_FACTS, ...PROTOCOL_FACTS, ...OPERATIONS_FACTS];
    for (const f of all) {
      expect(f.sources.map(s => s.url)).not.toContain(
        'https://github.com/istio/istio/blob/master/README.md',
      );
      // A seed-only claim is unverified and labelled; any other has no label.
      const seedOnly = f.sources.every(s => s.title.startsWith('Seed article'));
      expect({
        id: f.id,
        verified: seedOnly ? f.verified : false,
        claimedBy: (f as { claimedBy?: string }).claimedBy,
      }).toEqual({
        id: f.id,
        verified: false,
        claimedBy: seedOnly ? 'seed-article' : undefined,
      });
    }
  });

  it('follows the meshes’ current releases', () => {
    expect(
      PROTOCOL_FACTS.find(f => f.id === 'protocol:linkerd:websocket')!
        .minVersion,
    ).toBe('2.10');
    expect(cap('istio', 'rate-limiting').support).toBe('partial');
    expect(cap('istio', 'rate-limiting').resource).toMatch(/EnvoyFilter/);
    expect(cap('linkerd', 'circuit-breaking').note).toMatch(/unified/);
    expect(cap('linkerd', 'mtls').note).toMatch(/ML-KEM-768/);
    expect(cap('linkerd', 'gateway-api').note).toMatch(/1\.2\.1–1\.5\.1/);
    expect(cap('linkerd', 'sidecarless').note).toMatch(/native/);
    expect(cap('istio', 'wasm-extensions').resource).toMatch(
      /TrafficExtension/,
    );
    expect(cap('istio', 'vm-workloads').ambient?.support).toBe('none');
    expect(cap('istio', 'multi-cluster').ambient?.support).toBe('partial');
    expect(cap('istio', 'wasm-extensions').ambient?.support).toBe('partial');
    const istioOps = OPERATIONS_FACTS.find(f => f.id === 'ops:istio:proxy')!;
    expect(istioOps.note).not.toMatch(/stay in sync/);
    expect(istioOps.note).toMatch(/one minor version ahead/);
  });

  it('points at the LiveWyer page that holds the data', () => {
    expect(OVERHEAD_FIGURES.liveWyer2024.source.url).toBe(
      'https://livewyer.io/blog/2024/05/08/comparison-of-service-meshes/',
    );
  });
});
