import fc from 'fast-check';
import { assessEntity, evaluateEntity, parseMeshPolicy } from '..';
import { CAPABILITY_FACTS } from '../facts/capabilities';
import { evaluationSchema } from '../schema';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import { component, domain, group, system } from '../__fixtures__/entities';
import {
  BAD_NEEDS,
  BAD_PROTOCOLS,
  BAD_VALUES,
  CAPABILITY_IDS,
  CLUSTER_PROFILES,
  CURRENT_MESHES,
  generateSyntheticCatalog,
  OPS_CAPACITIES,
  PROTOCOLS,
  TRICKY_STRINGS,
  VENDOR_SUPPORT_LEVELS,
} from '../__testUtils__/syntheticCatalog';

/** Property tests of docs/decision-model.md §7: never throws, deterministic, monotone, blind to other prefixes. */

const policy = parseMeshPolicy(undefined);
const RUNS = { numRuns: 250 };
const KEYS = Object.values(MESH_ANNOTATIONS);

const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ minLength: 1000, maxLength: 3000 }),
  fc.constantFrom(
    ...TRICKY_STRINGS,
    ...BAD_PROTOCOLS,
    ...Object.values(BAD_VALUES).flat(),
  ),
  fc.subarray([...CAPABILITY_IDS, ...BAD_NEEDS]).map(a => a.join(' , ')),
);
const anyValue = fc.oneof(
  anyString,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ a: 1 }),
  fc.constant([1]),
);
const annotationMap = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...KEYS),
    fc.string(),
    fc.constant('mesh-advisor.io/nedds'),
  ),
  anyValue,
  {
    maxKeys: 12,
  },
);
const arbitraryContext = fc.record({
  c: annotationMap,
  s: fc.dictionary(fc.constantFrom(...KEYS), anyString, { maxKeys: 6 }),
  d: fc.dictionary(fc.constantFrom(...KEYS), anyString, { maxKeys: 6 }),
  g: fc.dictionary(fc.constantFrom(...KEYS), anyString, { maxKeys: 3 }),
  members: fc.nat(15),
  type: fc.constantFrom<string | undefined>(
    'service',
    'website',
    'library',
    'weird',
    undefined,
  ),
});
type Ctx = typeof arbitraryContext extends fc.Arbitrary<infer T> ? T : never;
/** A component of a small generated catalog with its system's, domain's and owner's annotations: the mixes real catalogs hold. */
const catalogContext = fc
  .record({ seed: fc.integer(), index: fc.nat(19) })
  .map(({ seed, index }): Ctx => {
    const catalog = generateSyntheticCatalog({ components: 20, seed });
    const entity = catalog.components[index];
    const sys = catalog.systems.find(
      x => x.metadata.name === entity.spec.system,
    )!;
    const dom = catalog.domains.find(x => x.metadata.name === sys.spec.domain)!;
    const team = catalog.groups.find(
      x => `group:default/${x.metadata.name}` === entity.spec.owner,
    )!;
    return {
      c: entity.metadata.annotations ?? {},
      s: sys.metadata.annotations ?? {},
      d: dom.metadata.annotations ?? {},
      g: team.metadata.annotations ?? {},
      members: catalog.users.filter(u =>
        u.spec.memberOf.includes(entity.spec.owner),
      ).length,
      type: entity.spec.type,
    };
  });
const contextArb = fc.oneof(arbitraryContext, catalogContext);
const ctx = (x: Ctx) => ({
  entity: component(
    'p',
    x.c,
    x.type === undefined ? { type: undefined } : { type: x.type },
  ),
  system: system('s', x.s as Record<string, string>),
  domain: domain('d', x.d as Record<string, string>),
  owner: group('g', x.g as Record<string, string>, x.members),
});

describe('evaluator properties', () => {
  it('never throws and always yields a valid Evaluation', () => {
    fc.assert(
      fc.property(contextArb, x => {
        const e = evaluateEntity(ctx(x), policy);
        expect(evaluationSchema.safeParse(e).error).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(contextArb, x => {
        expect(evaluateEntity(ctx(x), policy)).toEqual(
          evaluateEntity(ctx(x), policy),
        );
      }),
      RUNS,
    );
  });

  it('the assessment the dashboard stores is the evaluation without its guidance', () => {
    fc.assert(
      fc.property(contextArb, x => {
        const { guidance, ...rest } = evaluateEntity(ctx(x), policy);
        expect(assessEntity(ctx(x), policy)).toEqual(rest);
      }),
      RUNS,
    );
  });

  it('an irrelevant annotation never changes the result', () => {
    fc.assert(
      fc.property(
        contextArb,
        fc
          .string()
          .filter(
            k =>
              !k.startsWith('mesh-advisor.io/') &&
              !k.startsWith('backstage.io/'),
          ),
        anyValue,
        (x, key, value) => {
          const base = evaluateEntity(ctx(x), policy);
          const withExtra = evaluateEntity(
            ctx({ ...x, c: { ...x.c, [key]: value } }),
            policy,
          );
          if (Object.prototype.hasOwnProperty.call(x.c, key)) return;
          expect(withExtra).toEqual(base);
        },
      ),
      RUNS,
    );
  });

  const oneSided = CAPABILITY_IDS.filter(c => {
    const i = CAPABILITY_FACTS.find(
      f => f.mesh === 'istio' && f.capability === c,
    )!;
    const l = CAPABILITY_FACTS.find(
      f => f.mesh === 'linkerd' && f.capability === c,
    )!;
    return (i.support === 'native') !== (l.support === 'native');
  });
  const cleanCtx = fc.record({
    needs: fc.subarray([...CAPABILITY_IDS]),
    profile: fc.constantFrom(...CLUSTER_PROFILES),
    ops: fc.constantFrom(...OPS_CAPACITIES),
    budget: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
    envoy: fc.boolean(),
    current: fc.constantFrom(...CURRENT_MESHES),
    vendor: fc.constantFrom(...VENDOR_SUPPORT_LEVELS),
    protocols: fc.subarray([...PROTOCOLS]),
  });
  type Clean = typeof cleanCtx extends fc.Arbitrary<infer T> ? T : never;
  const cleanEval = (c: Clean) =>
    evaluateEntity(
      {
        entity: component('m', {
          [MESH_ANNOTATIONS.needs]: c.needs.join(','),
          [MESH_ANNOTATIONS.clusterProfile]: c.profile,
          [MESH_ANNOTATIONS.existingEnvoy]: String(c.envoy),
          [MESH_ANNOTATIONS.currentMesh]: c.current,
          [MESH_ANNOTATIONS.vendorSupport]: c.vendor,
          [MESH_ANNOTATIONS.protocols]: c.protocols.join(','),
          ...(c.budget
            ? { [MESH_ANNOTATIONS.latencyBudgetMs]: String(c.budget) }
            : {}),
        }),
        system: system('s', { [MESH_ANNOTATIONS.opsCapacity]: c.ops }),
      },
      policy,
    );

  it('declaring a need only one mesh has never raises the other mesh score', () => {
    fc.assert(
      fc.property(cleanCtx, fc.constantFrom(...oneSided), (c, need) => {
        const has = CAPABILITY_FACTS.find(
          f => f.capability === need && f.support === 'native',
        )!.mesh;
        const other = has === 'istio' ? 'linkerd' : 'istio';
        const before = cleanEval({
          ...c,
          needs: c.needs.filter(n => n !== need),
        });
        const after = cleanEval({
          ...c,
          needs: [...c.needs.filter(n => n !== need), need],
        });
        expect(after.scores[other]).toBeLessThanOrEqual(before.scores[other]);
      }),
      RUNS,
    );
  });

  it('a tighter resource budget never raises istio − linkerd', () => {
    fc.assert(
      fc.property(cleanCtx, c => {
        const d = CLUSTER_PROFILES.map(profile => {
          const e = cleanEval({ ...c, profile });
          return e.scores.istio - e.scores.linkerd;
        });
        // edge ≤ standard ≤ large
        expect(d[0]).toBeLessThanOrEqual(d[1]);
        expect(d[1]).toBeLessThanOrEqual(d[2]);
      }),
      RUNS,
    );
  });

  it('a smaller ops capacity never raises istio − linkerd', () => {
    fc.assert(
      fc.property(cleanCtx, c => {
        const d = OPS_CAPACITIES.map(ops => {
          const e = cleanEval({ ...c, ops });
          return e.scores.istio - e.scores.linkerd;
        });
        // none ≤ small ≤ dedicated
        expect(d[0]).toBeLessThanOrEqual(d[1]);
        expect(d[1]).toBeLessThanOrEqual(d[2]);
      }),
      RUNS,
    );
  });

  it('monotonicity holds for any non-negative weights, for a given Istio data plane', () => {
    // Edge picks ambient (ztunnel per node) while standard and large keep
    // sidecars, so edge ≤ standard is held with ambient on every profile
    // (a sidecarless need) and standard ≤ large with sidecars.
    const weightsArb = fc.record({
      opsCapacityIstio: fc.integer({ min: 0, max: 100 }),
      opsCapacityLinkerd: fc.integer({ min: 0, max: 100 }),
      resourceBudgetIstio: fc.integer({ min: 0, max: 100 }),
      resourceBudgetLinkerd: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(cleanCtx, weightsArb, fc.boolean(), (c, weights, l7) => {
        const p = parseMeshPolicy({ weights });
        const diff = (
          profile: (typeof CLUSTER_PROFILES)[number],
          needs: string[],
        ) => {
          const e = evaluateEntity(
            {
              entity: component('w', {
                [MESH_ANNOTATIONS.clusterProfile]: profile,
                [MESH_ANNOTATIONS.needs]: needs.join(','),
              }),
              system: system('s', { [MESH_ANNOTATIONS.opsCapacity]: c.ops }),
            },
            p,
          );
          return e.scores.istio - e.scores.linkerd;
        };
        const ambient = l7 ? ['sidecarless', 'retries'] : ['sidecarless'];
        expect(diff('edge', ambient)).toBeLessThanOrEqual(
          diff('standard', ambient),
        );
        expect(diff('standard', ambient)).toBeLessThanOrEqual(
          diff('large', ambient),
        );
        expect(diff('standard', [])).toBeLessThanOrEqual(diff('large', []));
      }),
      { numRuns: 200 },
    );
  });
});
