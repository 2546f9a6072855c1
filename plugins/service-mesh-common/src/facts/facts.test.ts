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

  it('has a deterministic rules version', () => {
    expect(RULES_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}$/);
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
      const seedOnly = f.sources.every(s => s.title.startsWith('Seed article'));
      if (seedOnly)
        expect(f).toMatchObject({ verified: false, claimedBy: 'seed-article' });
      else expect((f as { claimedBy?: string }).claimedBy).toBeUndefined();
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
