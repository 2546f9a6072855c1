import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  evaluateEntity,
  parseMeshPolicy,
} from '@mesh-advisor/plugin-service-mesh-common';
import { build, EXAMPLES, run, STACK_LINE, tempDir } from './__testUtils__/run';
import { buildContexts } from './catalog';
import { loadEntities } from './load';

beforeAll(build, 60_000);

/** What the common package's guidance lists for an example component. */
async function guidanceOf(name: string) {
  const all = loadEntities([
    path.join(EXAMPLES, 'entities.yaml'),
    path.join(EXAMPLES, 'org.yaml'),
  ]);
  const c = all.find(l => l.ref === `component:default/${name}`)!;
  const ctx = (await buildContexts([c], all)).get(c)!;
  return evaluateEntity(ctx, parseMeshPolicy(undefined));
}

function readDir(dir: string) {
  return fs
    .readdirSync(dir)
    .sort()
    .map(f => {
      const docs = parseAllDocuments(
        fs.readFileSync(path.join(dir, f), 'utf8'),
      );
      return { file: f, docs: Array.isArray(docs) ? docs : [] };
    });
}

describe('mesh-advisor manifests', () => {
  it('writes one valid YAML file per manifest of the verdict mesh, in the guidance order', async () => {
    const out = tempDir();
    const r = run([
      'manifests',
      'examples/entities.yaml',
      'examples/org.yaml',
      '--entity',
      'checkout-api',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const evaluation = await guidanceOf('checkout-api');
    expect(evaluation.verdict).toBe('istio');
    const expected = evaluation.guidance.istio.manifests;
    const files = readDir(out);
    expect(files).toHaveLength(expected.length);
    files.forEach(({ file, docs }, i) => {
      expect(docs).toHaveLength(1);
      expect(docs[0].errors).toEqual([]);
      const obj = docs[0].toJS();
      expect(obj.kind).toBe(expected[i].kind);
      expect(obj.apiVersion).toBe(expected[i].apiVersion);
      expect(file).toBe(
        `${String((i + 1) * 10).padStart(
          String(expected.length * 10).length,
          '0',
        )}-${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`,
      );
      expect(r.stdout).toContain(
        `${file}  ${obj.apiVersion} ${obj.kind} ${obj.metadata.name}`,
      );
    });
    expect(files.map(f => f.file)).toContain(
      '20-peerauthentication-checkout-api.yaml',
    );
    expect(r.stdout).toMatch(/istio manifests, sidecar mode/);
    expect(r.stdout).toContain(
      `${expected.length} manifests written to ${out}`,
    );
  });

  it('writes the other mesh with --mesh, and warns when that mesh is blocked', async () => {
    const out = tempDir();
    const r = run([
      'manifests',
      'examples/*.yaml',
      '--entity',
      'component:default/checkout-api',
      '--mesh',
      'linkerd',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const expected = (await guidanceOf('checkout-api')).guidance.linkerd
      .manifests;
    expect(readDir(out).map(f => f.docs[0].toJS().kind)).toEqual(
      expected.map(m => m.kind),
    );
    expect(r.stdout).toContain(
      'note: warning: linkerd is blocked for component:default/checkout-api',
    );
  });

  it('asks which component when the file holds several, and exits 2', () => {
    const r = run(['manifests', 'examples/entities.yaml', '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('choose one with --entity');
    expect(r.stderr).toContain('component:default/checkout-api');
    const unknown = run([
      'manifests',
      'examples/entities.yaml',
      '--entity',
      'nope',
      '--out',
      tempDir(),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--entity nope: no such component');
    expect(unknown.stderr).not.toMatch(STACK_LINE);
  });

  it('refuses a component the evaluation does not apply to', () => {
    const r = run([
      'manifests',
      'examples/entities.yaml',
      '--entity',
      'payments-sdk',
      '--out',
      tempDir(),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /entities\.yaml:\d+: component:default\/payments-sdk is not evaluated for a mesh/,
    );
  });

  it('checks --target against the minimum version the needs require', () => {
    // search-service needs retries: Linkerd has them from 2.16.
    const low = run([
      'manifests',
      'examples/entities.yaml',
      '--entity',
      'search-service',
      '--target',
      '2.10',
      '--out',
      tempDir(),
    ]);
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(
      /--target 2\.10: component:default\/search-service needs \S+, which linkerd supports from 2\.\d+/,
    );
    const ok = run([
      'manifests',
      'examples/entities.yaml',
      '--entity',
      'search-service',
      '--target',
      '2.18',
      '--out',
      tempDir(),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('--target 2.18');
    expect(
      run([
        'manifests',
        'examples/entities.yaml',
        '--target',
        'latest',
        '--out',
        tempDir(),
      ]).stderr,
    ).toContain('--target latest: give a version');
  });

  it('needs --out, and a mesh it knows', () => {
    expect(
      run(['manifests', 'examples/entities.yaml', '--entity', 'cart-service'])
        .stderr,
    ).toContain('--out <dir>');
    const r = run([
      'manifests',
      'examples/entities.yaml',
      '--entity',
      'cart-service',
      '--mesh',
      'consul',
      '--out',
      tempDir(),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--mesh consul: use istio or linkerd');
  });

  it('uses the single component of a file without --entity', () => {
    const dir = tempDir({
      'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: solo
  annotations:
    mesh-advisor.io/needs: mtls, tap
spec:
  type: service
  owner: team-a
`,
    });
    const r = run(['manifests', 'catalog-info.yaml', '--out', 'out'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^component:default\/solo: verdict linkerd/);
    expect(fs.readdirSync(path.join(dir, 'out')).length).toBeGreaterThan(0);
  });
});
