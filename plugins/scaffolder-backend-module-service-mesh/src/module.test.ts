import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// The service-mesh backend's integration harness (the real catalog, an
// in-process permission policy and the real plugin): test code that package
// does not export. An own harness here would need the catalog backend and
// the permission packages as dev dependencies.
// eslint-disable-next-line @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports
import {
  alice,
  bob,
  MeshTestBackend,
  startMeshTestBackend,
} from '@mesh-advisor/plugin-service-mesh-backend/src/__testUtils__/testBackend';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import scaffolderModuleServiceMesh from './index';

/*
 * The example template (examples/templates/onboard-to-mesh) run through the
 * scaffolder's dry-run API on a real backend: the real catalog fed the
 * service-mesh backend's fixture, the service-mesh plugin, the scaffolder
 * and this module, as the example portal wires them.
 */

const templateFile = path.resolve(
  __dirname,
  '../../../examples/templates/onboard-to-mesh/template.yaml',
);
const template = parseYaml(fs.readFileSync(templateFile, 'utf8'));

let backend: MeshTestBackend;
let baseUrl: string;

beforeAll(async () => {
  backend = await startMeshTestBackend({
    features: [scaffolderPlugin, scaffolderModuleServiceMesh],
  });
  const { port } = backend.server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(() => backend?.stop());

async function dryRun(values: Record<string, string>, authorization = alice) {
  const res = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers: {
      Authorization: authorization,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ template, values, directoryContents: [] }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The files the run left in the workspace, parsed. */
function filesOf(body: any) {
  return (body.directoryContents as any[]).map(f => {
    const text = Buffer.from(f.base64Content, 'base64').toString('utf8');
    return {
      path: f.path as string,
      text,
      // The first line is the manifest's title (`# Strict mTLS for …`).
      title: text.split('\n')[0].replace(/^# /, ''),
      doc: parseYaml(text),
    };
  });
}

describe('the "Onboard a component to its mesh" template, dry-run', () => {
  it('writes the manifests of the verdict’s mesh and shows the files and the verdict', async () => {
    const { status, body } = await dryRun({
      component: 'component:default/payments',
      mesh: 'auto',
    });
    expect(status).toBe(200);
    const files = filesOf(body);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      expect(file.path).toMatch(/^mesh\/\d{2,3}-[a-z0-9-]+\.yaml$/);
    }
    const kinds = files.map(f => `${f.doc.apiVersion} ${f.doc.kind}`);
    expect(kinds).toContain('security.istio.io/v1 PeerAuthentication');
    expect(kinds).toContain('security.istio.io/v1 RequestAuthentication');
    expect(kinds.some(k => k.includes('linkerd'))).toBe(false);

    const [text, shown] = body.output.text;
    expect(text.title).toBe('Mesh manifests');
    expect(text.content).toContain('Verdict: **istio**');
    expect(text.content).toContain('**istio 1.30**');
    for (const file of files) {
      expect(text.content).toContain(
        `\`${file.path}\`: ${file.title} (${file.doc.apiVersion} ${file.doc.kind})`,
      );
    }
    // With no repository to publish to, the run shows the files themselves.
    expect(shown.title).toBe('The files');
    for (const file of files) {
      expect(shown.content).toContain(
        `**${file.path}**\n\n\`\`\`yaml\n${file.text.trim()}\n\`\`\``,
      );
    }
    expect(body.output.links[0].entityRef).toBe('component:default/payments');
  });

  it('writes the chosen mesh for the chosen release', async () => {
    const { status, body } = await dryRun({
      component: 'component:default/payments',
      mesh: 'linkerd',
      targetVersion: '2.17',
    });
    expect(status).toBe(200);
    const docs = filesOf(body).map(f => f.doc);
    const route = docs.find(d => d.kind === 'HTTPRoute');
    // Linkerd 2.16/2.17 read HTTPRoute v1beta1 only; v1 from 2.18
    // (https://linkerd.io/2/features/gateway-api/).
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    expect(docs.some(d => /istio/.test(d.apiVersion))).toBe(false);
    expect(body.output.text[0].content).toContain('**linkerd 2.17**');
  });

  it('refuses a release outside the supported window, naming the input', async () => {
    const { status, body } = await dryRun({
      component: 'component:default/payments',
      mesh: 'istio',
      targetVersion: '1.31',
    });
    expect(status).toBe(400);
    expect(body.error.message).toContain(
      'targetVersion: 1.31 is outside the Istio releases Mesh Advisor supports: 1.24 to 1.30',
    );
  });

  it('tells a user who may not read the component only that it was not found', async () => {
    const hidden = await dryRun(
      { component: 'component:default/fraud-scoring', mesh: 'auto' },
      bob,
    );
    const missing = await dryRun(
      { component: 'component:default/nowhere', mesh: 'auto' },
      bob,
    );
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toBe(
      'entityRef: component:default/fraud-scoring was not found in the catalog, or you may not read it',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'entityRef: component:default/nowhere was not found in the catalog, or you may not read it',
    );
    // Its owner gets the manifests.
    const owner = await dryRun(
      { component: 'component:default/fraud-scoring', mesh: 'auto' },
      alice,
    );
    expect(owner.status).toBe(200);
    expect(filesOf(owner.body).length).toBeGreaterThan(0);
  });
});
