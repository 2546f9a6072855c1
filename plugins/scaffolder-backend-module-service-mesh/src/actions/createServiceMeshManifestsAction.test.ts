import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The service-mesh backend's integration harness (the real catalog, an
// in-process permission policy and the real plugin): test code that package
// does not export. An own harness here would need the catalog backend and
// the permission packages as dev dependencies.
// eslint-disable-next-line @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports
import {
  MeshTestBackend,
  startMeshTestBackend,
  waitFor,
} from '@mesh-advisor/plugin-service-mesh-backend/src/__testUtils__/testBackend';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createServiceMeshManifestsAction } from './createServiceMeshManifestsAction';

/*
 * The action against a real backend: the real catalog fed the service-mesh
 * backend's fixture (alice owns the private fraud-scoring; bob may not read
 * it), the real service-mesh plugin, and this action built from that
 * backend's own auth, discovery, config and catalog services.
 */

type Action = ReturnType<typeof createServiceMeshManifestsAction>;

let backend: MeshTestBackend;
let action: Action;

beforeAll(async () => {
  let built: Action | undefined;
  const capture = createBackendModule({
    pluginId: 'service-mesh',
    moduleId: 'test-manifests-action',
    register(reg) {
      reg.registerInit({
        deps: {
          auth: coreServices.auth,
          discovery: coreServices.discovery,
          config: coreServices.rootConfig,
          catalog: catalogServiceRef,
        },
        async init(deps) {
          built = createServiceMeshManifestsAction(deps);
        },
      });
    },
  });
  backend = await startMeshTestBackend({
    features: [capture],
    extraLocations: [path.resolve(__dirname, '../__fixtures__/catalog.yaml')],
    // The portal writes its guidance for Linkerd 2.18 (so 2.17 is "another target").
    serviceMesh: { targets: { linkerd: '2.18' } },
  });
  action = built!;
  const { port } = backend.server.address() as AddressInfo;
  await waitFor(async () => {
    const res = await fetch(
      `http://127.0.0.1:${port}/api/catalog/entities/by-name/component/default/rate-limited-api`,
      { headers: { Authorization: mockCredentials.user.header() } },
    );
    return res.ok ? true : undefined;
  }, 'the catalog to ingest this package’s fixture');
}, 120_000);

afterAll(() => backend?.stop());

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

async function run(
  input: Record<string, string>,
  credentials = alice,
  workspacePath = createMockDirectory().resolve('workspace'),
) {
  const ctx = {
    ...createMockActionContext({ input: input as any, workspacePath }),
    getInitiatorCredentials: async () => credentials,
  };
  await action.handler(ctx as any);
  const outputs = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
  return { outputs, workspacePath };
}

function readManifests(workspacePath: string, files: string[]) {
  return files.map(file => {
    const text = fs.readFileSync(path.join(workspacePath, file), 'utf8');
    return { file, text, doc: parseYaml(text) };
  });
}

describe('service-mesh:manifests', () => {
  it('writes the verdict mesh manifests, one file per resource, in mesh/', async () => {
    const { outputs, workspacePath } = await run({
      entityRef: 'component:default/payments',
    });
    expect(outputs.verdict).toBe('istio');
    expect(outputs.mesh).toBe('istio');
    expect(outputs.targets).toEqual({
      istio: '1.30',
      linkerd: '2.18',
      gatewayApi: '1.5',
    });
    expect(outputs.files.length).toBeGreaterThan(2);
    const manifests = readManifests(workspacePath, outputs.files);
    for (const { file, doc, text } of manifests) {
      expect(file).toMatch(/^mesh\/\d{2,3}-[a-z0-9-]+\.yaml$/);
      expect(text.startsWith('# ')).toBe(true); // title and docs link first
      expect(typeof doc.kind).toBe('string');
      expect(doc.metadata.namespace ?? doc.metadata.name).toBeTruthy();
    }
    const kinds = manifests.map(m => `${m.doc.apiVersion} ${m.doc.kind}`);
    // mtls and jwt-auth, declared on the component, in Istio's resources.
    expect(kinds).toContain('security.istio.io/v1 PeerAuthentication');
    expect(kinds).toContain('security.istio.io/v1 RequestAuthentication');
    // Files sort in apply order.
    expect([...outputs.files].sort()).toEqual(outputs.files);
    // `manifests` describes each file as written, for a run that shows them.
    expect(outputs.manifests.map((m: any) => m.file)).toEqual(outputs.files);
    for (const [i, m] of outputs.manifests.entries()) {
      expect(m.content).toBe(manifests[i].text);
      expect(`${m.apiVersion} ${m.kind}`).toBe(
        `${manifests[i].doc.apiVersion} ${manifests[i].doc.kind}`,
      );
    }
  });

  it('writes another target release through the what-if route, with that release’s apiVersions', async () => {
    const at = async (targetVersion: string) => {
      const { outputs, workspacePath } = await run({
        entityRef: 'payments', // traffic-split: an HTTPRoute
        mesh: 'linkerd',
        targetVersion,
      });
      return {
        outputs,
        docs: readManifests(workspacePath, outputs.files).map(m => m.doc),
      };
    };
    const old = await at('2.17');
    const current = await at('2.18');
    expect(old.outputs.mesh).toBe('linkerd');
    expect(old.outputs.targets.linkerd).toBe('2.17');
    const routeOf = (docs: any[]) =>
      docs.find(d => d.kind === 'HTTPRoute')?.apiVersion;
    // Linkerd 2.16/2.17 read HTTPRoute v1beta1 only; v1 from 2.18
    // (https://linkerd.io/2/features/gateway-api/).
    expect(routeOf(current.docs)).toBe('gateway.networking.k8s.io/v1');
    expect(routeOf(old.docs)).toBe('gateway.networking.k8s.io/v1beta1');
  });

  it('keeps the files inside the workspace, in the directory asked for', async () => {
    const { outputs, workspacePath } = await run({
      entityRef: 'component:default/payments',
      outputDir: 'deploy/mesh',
    });
    for (const file of outputs.files) {
      expect(file.startsWith('deploy/mesh/')).toBe(true);
      expect(fs.existsSync(path.join(workspacePath, file))).toBe(true);
    }
    await expect(
      run({ entityRef: 'component:default/payments', outputDir: '../../etc' }),
    ).rejects.toThrow(
      'outputDir: "../../etc" points outside the workspace; give a relative path inside it, such as mesh',
    );
  });

  it.each([
    [
      { entityRef: 'component:default/payments:x' },
      'entityRef: "component:default/payments:x" is not an entity ref; expected [kind:][namespace/]name, e.g. component:default/payments',
    ],
    [
      { entityRef: '' },
      'entityRef: "" is not an entity ref; expected [kind:][namespace/]name, e.g. component:default/payments',
    ],
    [
      { entityRef: 'payments', mesh: 'consul' },
      'mesh: "consul" is not accepted; use auto (the component\'s verdict), istio or linkerd',
    ],
    [
      { entityRef: 'payments', targetVersion: 'latest' },
      'targetVersion: "latest" is not a version; give a release such as 1.26 or 2.18 (supported: Istio 1.24 to 1.30, Linkerd 2.16 to 2.20)',
    ],
    [
      { entityRef: 'payments', targetVersion: '1.31' },
      'targetVersion: 1.31 is outside the Istio releases Mesh Advisor supports: 1.24 to 1.30',
    ],
    [
      { entityRef: 'cart', mesh: 'linkerd', targetVersion: '2.15' },
      'targetVersion: 2.15 is outside the Linkerd releases Mesh Advisor supports: 2.16 to 2.20',
    ],
    [
      { entityRef: 'rate-limited-api', mesh: 'linkerd', targetVersion: '2.16' },
      'targetVersion: 2.16 is too old for component:default/rate-limited-api: it needs rate-limiting, which Linkerd supports from 2.17',
    ],
    [
      { entityRef: 'component:default/payments-sdk' },
      'entityRef: component:default/payments-sdk is not a mesh candidate',
    ],
  ])('refuses %j with a message naming the input', async (input, message) => {
    await expect(run(input)).rejects.toThrow(message);
  });

  it('gives the same not-found error for a hidden entity and a missing one', async () => {
    const hidden = run({ entityRef: 'component:default/fraud-scoring' }, bob);
    await expect(hidden).rejects.toThrow(
      'entityRef: component:default/fraud-scoring was not found in the catalog, or you may not read it',
    );
    await expect(hidden).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(
      run({ entityRef: 'component:default/no-such-thing' }, bob),
    ).rejects.toThrow(
      'entityRef: component:default/no-such-thing was not found in the catalog, or you may not read it',
    );
    // Its owner reads it, and gets its manifests.
    const { outputs } = await run(
      { entityRef: 'component:default/fraud-scoring' },
      alice,
    );
    expect(outputs.files.length).toBeGreaterThan(0);
  });

  it('writes nothing when it refuses', async () => {
    const workspacePath = createMockDirectory().resolve('workspace');
    await expect(
      run(
        { entityRef: 'payments', targetVersion: '1.31' },
        alice,
        workspacePath,
      ),
    ).rejects.toThrow();
    expect(fs.existsSync(path.join(workspacePath, 'mesh'))).toBe(false);
  });
});
