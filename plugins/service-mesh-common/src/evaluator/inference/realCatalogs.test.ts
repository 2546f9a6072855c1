import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateEntity, parseMeshPolicy } from '../..';
import { loadCorpus } from '../../__fixtures__/real-catalogs/corpus';

/**
 * The real catalog files (verbatim from public repositories, none with
 * Mesh Advisor annotations): what a team opening the card would notice.
 */

const dir = join(__dirname, '../../__fixtures__/real-catalogs');
const corpus = loadCorpus(
  readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .map(name => ({ name, text: readFileSync(join(dir, name), 'utf8') })),
);
const policy = parseMeshPolicy(undefined);
const results = corpus.contexts.map(c => ({
  ...c,
  e: evaluateEntity(c.context, policy),
}));
const byName = (name: string) => {
  const r = results.find(x => x.e.entityRef.endsWith(`/${name}`));
  if (!r) throw new Error(`no component ${name} in the corpus`);
  return r.e;
};
const applicable = results.filter(r => r.e.applicable).map(r => r.e);

describe('real catalogs', () => {
  it('is a corpus of 25+ repositories and 35+ components', () => {
    expect(corpus.repositories).toBeGreaterThanOrEqual(40);
    expect(results.length).toBeGreaterThanOrEqual(50);
  });

  it('a monorepo (Kibana) is not a mesh candidate, and says it read spec.type', () => {
    const e = byName('kibana');
    expect(e.applicable).toBe(false);
    expect(e.notApplicableReason).toContain('inferred from spec.type monorepo');
  });

  it('libraries are not applicable, the reason naming their type', () => {
    for (const name of ['sci-react-ui', 'ispyb-api', 'tkit-quarkus-rest']) {
      expect(byName(name).applicable).toBe(false);
      expect(byName(name).notApplicableReason).toContain('library');
    }
  });

  it('a service tagged graphql (Coniql) gets http1 from that tag, not from the default', () => {
    const p = byName('coniql').requirements.protocols;
    expect(p.value).toEqual(['http1']);
    expect(p.sources[0]).toMatchObject({ kind: 'inferred' });
    expect(p.sources[0].detail).toMatch(/^inferred from tag graphql/);
  });

  it('a dependency on a database Resource shows as outbound tcp naming it', () => {
    const p = byName('pato-backend').requirements.protocols;
    expect(p.value).toEqual(expect.arrayContaining(['http1', 'tcp']));
    expect(p.sources.map(s => s.detail).join('\n')).toContain(
      'inferred from API pato-api (openapi)',
    );
  });

  it('no applicable verdict is presented as settled: all rest on defaults, so all are provisional with a deciding question', () => {
    expect(applicable.length).toBeGreaterThan(20);
    for (const e of applicable) {
      expect(e.provisional).toBe(true);
      expect(e.decidingQuestions!.length).toBeGreaterThan(0);
    }
    // The first question of each can change its verdict: that is what the team should answer.
    const flipping = applicable.filter(
      e => e.decidingQuestions![0].changesVerdict,
    );
    expect(flipping.length).toBe(applicable.length);
  });
});
