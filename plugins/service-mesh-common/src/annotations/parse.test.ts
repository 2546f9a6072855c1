import {
  checkAnnotationKeys,
  parseEnum,
  parseList,
  parseNumber,
  rawAnnotation,
  suggest,
  ParseSink,
} from './parse';
import { CAPABILITY_IDS } from '../facts/capabilityIds';
import { PROTOCOLS } from '../schema';

const sink = (): ParseSink => ({ ref: 'component:default/x', diagnostics: [] });

describe('annotation parsing', () => {
  it('lists: case-insensitive, whitespace ignored, duplicates removed, bad items dropped', () => {
    const s = sink();
    expect(
      parseList(
        ' MTLS ,retries,, mtls , Retr ies, retires ',
        'mesh-advisor.io/needs',
        CAPABILITY_IDS,
        'capability',
        s,
      ),
    ).toEqual(['mtls', 'retries']);
    expect(s.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        annotation: 'mesh-advisor.io/needs',
        entityRef: 'component:default/x',
        suggestion: 'retries',
        fix: 'mesh-advisor.io/needs: mtls, retries',
      }),
    ]);
    expect(s.diagnostics[0].message).toContain('accepted: mtls, retries');
  });

  it.each([
    ['quic', PROTOCOLS, 'http3'],
    ['smal', ['none', 'small', 'dedicated'], 'small'],
    ['istoi', ['none', 'istio', 'linkerd'], 'istio'],
    ['traffic-spilt', CAPABILITY_IDS, 'traffic-split'],
    ['zzzzzz', CAPABILITY_IDS, undefined],
  ])('suggests %s → %s', (value, accepted, expected) => {
    expect(suggest(value, accepted as readonly string[])).toBe(expected);
  });

  it('enums name the bad value and the accepted ones, with a fix', () => {
    const s = sink();
    expect(
      parseEnum(
        'Consul',
        'mesh-advisor.io/current-mesh',
        ['none', 'istio', 'linkerd'],
        s,
      ),
    ).toBeUndefined();
    expect(s.diagnostics[0].message).toContain('"Consul"');
    expect(s.diagnostics[0].message).toContain('none, istio, linkerd');
    expect(parseEnum(' EDGE ', 'k', ['edge'], s)).toBe('edge');
  });

  it.each([
    ['12', 12],
    ['-3', undefined],
    ['0', undefined],
    ['1.5', undefined],
    ['100001', undefined],
    ['fast', undefined],
    ['1e3', undefined],
    ['', undefined],
  ])('replicas %j → %j', (raw, expected) => {
    expect(
      parseNumber(
        raw,
        'mesh-advisor.io/replicas',
        { integer: true, min: 1, max: 100000 },
        sink(),
      ),
    ).toBe(expected);
  });

  it('proposes the sign fix for a negative number', () => {
    const s = sink();
    parseNumber(
      '-3',
      'mesh-advisor.io/replicas',
      { integer: true, min: 1, max: 100000 },
      s,
    );
    expect(s.diagnostics[0]).toMatchObject({
      suggestion: '3',
      fix: 'mesh-advisor.io/replicas: "3"',
    });
    expect(s.diagnostics[0].message).toContain('"-3"');
  });

  it('refuses oversized and non-string values with an error', () => {
    const s = sink();
    expect(rawAnnotation({ k: 'x'.repeat(1025) }, 'k', s)).toBeUndefined();
    expect(rawAnnotation({ k: { a: 1 } }, 'k', s)).toBeUndefined();
    expect(rawAnnotation({ k: 5 }, 'k', s)).toBe('5');
    expect(rawAnnotation({}, 'constructor', s)).toBeUndefined();
    expect(s.diagnostics.map(d => d.severity)).toEqual(['error', 'error']);
    expect(s.diagnostics[0].value!.length).toBeLessThan(100);
  });

  it('flags unknown keys of our prefix and keys on the wrong kind, never other prefixes', () => {
    const s = sink();
    checkAnnotationKeys(
      {
        'mesh-advisor.io/need': 'mtls',
        'mesh-advisor.io/ops-capacity': 'small',
        'example.com/foo': 'x',
      },
      'component',
      s,
    );
    expect(s.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        suggestion: 'mesh-advisor.io/needs',
        fix: 'mesh-advisor.io/needs: mtls',
      }),
      expect.objectContaining({
        severity: 'info',
        annotation: 'mesh-advisor.io/ops-capacity',
      }),
    ]);
  });
});
