import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  build,
  runAsync as run,
  STACK_LINE,
  tempDir,
} from './__testUtils__/run';

/*
 * The CLI runs as a child process, so the catalog must be a real server:
 * a tiny Backstage-shaped by-refs endpoint on loopback.
 */
const CATALOG: Record<string, object> = {
  'system:default/shop': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'shop',
      namespace: 'default',
      annotations: { 'mesh-advisor.io/needs': 'mtls, tap' },
    },
    spec: { owner: 'team-a', domain: 'retail' },
    relations: [{ type: 'partOf', targetRef: 'domain:default/retail' }],
  },
  'domain:default/retail': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: {
      name: 'retail',
      namespace: 'default',
      annotations: { 'mesh-advisor.io/cluster-profile': 'edgy' },
    },
    spec: { owner: 'team-a' },
  },
};

const COMPONENT = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: web-api
spec:
  type: service
  owner: team-a
  system: shop
`;

let server: http.Server;
let url: string;
const requests: Array<{ path: string; auth?: string; refs: string[] }> = [];

beforeAll(async () => {
  build();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      const refs: string[] = body ? JSON.parse(body).entityRefs ?? [] : [];
      requests.push({
        path: req.url ?? '',
        auth: req.headers.authorization,
        refs,
      });
      if (req.headers.authorization !== 'Bearer s3cret') {
        res.writeHead(401).end('{"error":{"name":"AuthenticationError"}}');
        return;
      }
      if (
        req.method !== 'POST' ||
        req.url !== '/api/catalog/entities/by-refs'
      ) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: refs.map(r => CATALOG[r] ?? null) }));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

beforeEach(() => {
  requests.length = 0;
});

describe('mesh-advisor lint --catalog', () => {
  it('reads the system and its domain the files lack from the catalog, with the token', async () => {
    const dir = tempDir({ 'catalog-info.yaml': COMPONENT });
    const offline = await run(['lint', 'catalog-info.yaml'], { cwd: dir });
    expect(offline.stdout).not.toContain('istio blocked');

    const r = await run(
      ['lint', 'catalog-info.yaml', '--catalog', url, '--token', 's3cret'],
      { cwd: dir },
    );
    expect(r.stderr).toBe('');
    // The system's `tap` need rules Istio out...
    expect(r.stdout).toContain('istio blocked: Needs tap');
    // ...and the domain's bad value is reported under its ref, at the component (no file for it).
    expect(r.stdout).toMatch(
      /warning catalog-info\.yaml:1 {2}domain:default\/retail: Unknown value "edgy" for mesh-advisor\.io\/cluster-profile/,
    );
    expect(requests.map(q => q.refs)).toEqual([
      ['group:default/team-a', 'system:default/shop'],
      ['domain:default/retail'],
    ]);
    expect(requests.every(q => q.auth === 'Bearer s3cret')).toBe(true);
  });

  it('asks the catalog nothing for entities the files already hold', async () => {
    const dir = tempDir({
      'catalog-info.yaml': `${COMPONENT}---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: shop
spec:
  owner: team-a
`,
    });
    const r = await run(
      ['lint', 'catalog-info.yaml', '--catalog', url, '--token', 's3cret'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    // The local system (no needs) wins over the catalog's copy.
    expect(r.stdout).not.toContain('blocked');
    expect(requests[0].refs).toEqual(['group:default/team-a']);
  });

  it('exits 2 with the status when the catalog refuses the token, or cannot be reached', async () => {
    const dir = tempDir({ 'catalog-info.yaml': COMPONENT });
    const denied = await run(
      ['lint', 'catalog-info.yaml', '--catalog', url, '--token', 'wrong'],
      { cwd: dir },
    );
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain(
      `--catalog ${url}: POST /api/catalog/entities/by-refs answered 401`,
    );
    expect(denied.stderr).toContain('check --token');
    expect(denied.stderr).not.toMatch(STACK_LINE);
    const env = await run(['lint', 'catalog-info.yaml', '--catalog', url], {
      cwd: dir,
      env: { MESH_ADVISOR_CATALOG_TOKEN: 's3cret' },
    });
    expect(env.code).toBe(0);
    // A port nothing listens on any more.
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const down = await run(
      ['lint', 'catalog-info.yaml', '--catalog', `http://127.0.0.1:${port}`],
      { cwd: dir },
    );
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(
      `--catalog http://127.0.0.1:${port}: cannot reach the catalog (ECONNREFUSED)`,
    );
    expect(down.stderr).not.toMatch(STACK_LINE);
    expect(
      (
        await run(['lint', 'catalog-info.yaml', '--catalog', 'not a url'], {
          cwd: dir,
        })
      ).stderr,
    ).toContain('not a URL');
  });
});
