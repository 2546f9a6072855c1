import { z } from 'zod';
import {
  CAPABILITY_FACTS,
  CAPABILITY_IDS,
  capabilityFactSchema,
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
