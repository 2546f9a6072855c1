import '@microsoft/jest-sarif';
import path from 'node:path';
import { build, EXAMPLES, lineOf, run, tempDir } from './__testUtils__/run';

beforeAll(build, 60_000);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number };
    };
  }>;
}

function where(r: SarifResult) {
  const p = r.locations[0].physicalLocation;
  return `${p.artifactLocation.uri}:${p.region.startLine}`;
}

describe('mesh-advisor lint --format sarif', () => {
  const r = () =>
    run([
      'lint',
      'examples/entities.yaml',
      'examples/org.yaml',
      '--format',
      'sarif',
    ]);

  it('is a valid SARIF 2.1.0 log from the mesh-advisor driver', () => {
    const out = r();
    expect(out.code).toBe(0);
    const log = JSON.parse(out.stdout);
    expect(log).toBeValidSarifLog();
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.name).toBe('mesh-advisor');
    // The matcher does reject a log code scanning would refuse.
    const broken = { ...log, runs: [{ ...log.runs[0], tool: {} }] };
    expect(broken).not.toBeValidSarifLog();
  });

  it('points each documented bad value at its file (relative to cwd) and line', () => {
    const log = JSON.parse(r().stdout);
    const results: SarifResult[] = log.runs[0].results;
    const at = (file: string, needle: string) =>
      `examples/${file}:${lineOf(path.join(EXAMPLES, file), needle)}`;
    const expected: Array<[string, string, string]> = [
      ['annotation/needs', at('entities.yaml', 'mtls, retires'), 'retires'],
      ['annotation/protocols', at('entities.yaml', 'http1, quic'), 'quic'],
      ['annotation/replicas', at('entities.yaml', 'replicas: "-3"'), '-3'],
      [
        'annotation/latency-budget-ms',
        at('entities.yaml', 'latency-budget-ms: fast'),
        'fast',
      ],
      [
        'annotation/current-mesh',
        at('entities.yaml', 'current-mesh: consul'),
        'consul',
      ],
      ['annotation/ops-capacity', at('org.yaml', 'ops-capacity: smal'), 'smal'],
    ];
    for (const [ruleId, loc, value] of expected) {
      const hits = results.filter(
        x => x.ruleId === ruleId && x.message.text.includes(`"${value}"`),
      );
      // Once, although group:data's value is inherited by several components.
      expect(hits).toHaveLength(1);
      expect(where(hits[0])).toBe(loc);
      expect(hits[0].level).toBe('warning');
    }
  });

  it('declares a rule for every result, blockers and provisional verdicts included', () => {
    const log = JSON.parse(r().stdout);
    const rules: Array<{ id: string }> = log.runs[0].tool.driver.rules;
    const results: SarifResult[] = log.runs[0].results;
    for (const res of results) expect(rules[res.ruleIndex].id).toBe(res.ruleId);
    const ids = rules.map(x => x.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'blocker/need:tap',
        'blocker/need:mirroring',
        'provisional-verdict',
      ]),
    );
    // search-service needs tap (Linkerd only): a note, as Istio is not what it runs.
    const tap = results.find(x => x.ruleId === 'blocker/need:tap')!;
    expect(tap.level).toBe('note');
    expect(where(tap)).toBe(
      `examples/entities.yaml:${lineOf(
        path.join(EXAMPLES, 'entities.yaml'),
        'retries, tap',
      )}`,
    );
  });

  it('makes a blocker against the current mesh an error, and paths relative to the cwd', () => {
    const dir = tempDir({
      'services/api/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: api
  annotations:
    mesh-advisor.io/current-mesh: linkerd
    mesh-advisor.io/needs: mtls, wasm-extensions
spec:
  type: service
  owner: team-a
`,
    });
    const out = run(['lint', '**/catalog-info.yaml', '--format', 'sarif'], {
      cwd: dir,
    });
    const log = JSON.parse(out.stdout);
    expect(log).toBeValidSarifLog();
    const blocker = (log.runs[0].results as SarifResult[]).find(
      x => x.ruleId === 'blocker/need:wasm-extensions',
    )!;
    expect(blocker.level).toBe('error');
    expect(where(blocker)).toBe('services/api/catalog-info.yaml:7');
  });
});
