import { evaluateEntity, parseMeshPolicy } from '..';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import { contextFor, loadExampleCatalog } from '../__fixtures__/catalog';
import { component } from '../__fixtures__/entities';
import {
  CAPABILITY_IDS,
  capabilityFactId,
  protocolFactId,
  FactId,
  PublishedFact,
  publishedFacts,
} from '.';
import { FACT_SOURCES } from './sources';
import { CLUSTER_PROFILES, Evaluation, PROTOCOLS } from '../schema';

const policy = parseMeshPolicy(undefined);
const published = publishedFacts();
const ids = new Set<string>(published.map(f => f.id));

/** Every fact id an evaluation cites: factors, blockers and the overhead basis. */
function cited(e: Evaluation): string[] {
  return [
    ...e.factors.flatMap(f => f.facts),
    ...e.blockers.istio.flatMap(f => f.facts),
    ...e.blockers.linkerd.flatMap(f => f.facts),
    ...(e.overhead.istio.basis ?? []).map(b => b.fact),
    ...(e.overhead.linkerd.basis ?? []).map(b => b.fact),
  ];
}

describe('published facts', () => {
  it('publishes every fact any evaluation cites', () => {
    const evaluations: Evaluation[] = [];
    for (const profile of CLUSTER_PROFILES) {
      for (const needs of [
        [],
        [...CAPABILITY_IDS],
        ['retries', 'sidecarless'],
      ]) {
        evaluations.push(
          evaluateEntity(
            {
              entity: component('c', {
                [MESH_ANNOTATIONS.clusterProfile]: profile,
                [MESH_ANNOTATIONS.needs]: needs.join(','),
                [MESH_ANNOTATIONS.protocols]: PROTOCOLS.join(','),
                [MESH_ANNOTATIONS.latencyBudgetMs]: '10',
                [MESH_ANNOTATIONS.vendorSupport]: 'required',
                [MESH_ANNOTATIONS.existingEnvoy]: 'true',
                [MESH_ANNOTATIONS.currentMesh]: 'linkerd',
              }),
            },
            policy,
          ),
          evaluateEntity(
            {
              entity: component('u', {
                [MESH_ANNOTATIONS.protocols]: 'udp',
                [MESH_ANNOTATIONS.clusterProfile]: profile,
                [MESH_ANNOTATIONS.currentMesh]: 'istio',
              }),
            },
            policy,
          ),
        );
      }
    }
    const catalog = loadExampleCatalog();
    for (const [ref, entity] of catalog) {
      if (entity.kind === 'Component')
        evaluations.push(evaluateEntity(contextFor(catalog, ref), policy));
    }

    const all = new Set(evaluations.flatMap(cited));
    expect(all.size).toBeGreaterThan(30);
    expect([...all].filter(id => !ids.has(id))).toEqual([]);
  });

  it('lists each fact once, every one with sources, verified and its kind', () => {
    expect(ids.size).toBe(published.length);
    for (const f of published) {
      expect(f.sources.length).toBeGreaterThan(0);
      expect(typeof f.verified).toBe('boolean');
      expect(f.fact.id).toBe(f.id);
    }
    expect(new Set(published.map(f => f.kind))).toEqual(
      new Set(['capability', 'protocol', 'operations', 'overhead']),
    );
  });

  it('labels claims only the seed article makes, and never calls them verified', () => {
    const seedOnly = published.filter(f =>
      f.sources.every(s => s.url === FACT_SOURCES.seed.url),
    );
    expect(seedOnly.length).toBeGreaterThan(0);
    for (const f of seedOnly) {
      expect(f).toMatchObject({ verified: false, claimedBy: 'seed-article' });
    }
    expect(published.find(f => f.id === 'ops:istio:support')).toMatchObject({
      claimedBy: 'seed-article',
    });
  });

  it('publishes overhead figures with their harness; a derived one is unverified and says how', () => {
    const overhead = published.filter(
      (f): f is Extract<PublishedFact, { kind: 'overhead' }> =>
        f.kind === 'overhead',
    );
    expect(overhead.length).toBeGreaterThan(5);
    for (const f of overhead)
      expect(f.fact.harness.measured.length).toBeGreaterThan(20);
    const derived = overhead.find(
      f => f.id === 'overhead:linkerd-proxy-vcpu-derived',
    )!;
    expect(derived.verified).toBe(false);
    expect(derived.fact.derived?.how).toMatch(/× 36 ms \/ 67 ms/);
    // Its sources are the two figures it is computed from.
    expect(derived.sources.map(s => s.url).sort()).toEqual(
      [
        'https://istio.io/v1.24/docs/ops/deployment/performance-and-scalability/',
        'https://linkerd.io/2021/11/29/linkerd-vs-istio-benchmarks-2021/',
      ].sort(),
    );
    expect(
      published.find(f => f.id === 'overhead:livewyer-2024')!.verified,
    ).toBe(false);
    expect(
      published.find(f => f.id === 'overhead:istio-1.24-ztunnel'),
    ).toMatchObject({ minVersion: '1.24', verified: true });
  });

  it('has a fact for every id the typed id builders can make', () => {
    for (const mesh of ['istio', 'linkerd'] as const) {
      for (const c of CAPABILITY_IDS)
        expect(ids.has(capabilityFactId(mesh, c))).toBe(true);
      for (const p of PROTOCOLS)
        expect(ids.has(protocolFactId(mesh, p))).toBe(true);
    }
  });
});

describe('fact ids', () => {
  it('are types: a typo does not compile', () => {
    // @ts-expect-error 'ops:istio:prxy' is no fact id (tsc fails if it ever becomes one)
    const typo: FactId = 'ops:istio:prxy';
    const known: FactId = 'ops:istio:proxy';
    expect(ids.has(typo)).toBe(false);
    expect(ids.has(known)).toBe(true);
  });
});
