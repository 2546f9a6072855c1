import fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { evaluateEntity, parseMeshPolicy } from '..';
import { CAPABILITY_IDS } from '../facts/capabilityIds';
import { ALLOWED_API_VERSIONS } from '../facts/resources';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import { contextFor, loadExampleCatalog } from '../__fixtures__/catalog';
import { component } from '../__fixtures__/entities';
import { manifestSchema } from '../schema';
import { istioGuidance } from './istio';
import { linkerdGuidance } from './linkerd';
import { dnsLabel, stringifyManifest } from './render';
import { GuidanceInput } from './types';

const policy = parseMeshPolicy(undefined);
const CLUSTER_SCOPED = new Set(['Namespace']);

function expectValidManifests(
  mesh: 'istio' | 'linkerd',
  manifests: ReturnType<typeof linkerdGuidance>['manifests'],
) {
  for (const m of manifests) {
    expect(manifestSchema.safeParse(m).success).toBe(true);
    expect(parseAllDocuments(m.yaml)).toHaveLength(1);
    const doc = parse(m.yaml);
    expect(doc.apiVersion).toBe(m.apiVersion);
    expect(doc.kind).toBe(m.kind);
    expect(typeof doc.metadata.name).toBe('string');
    expect(doc.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    // A Namespace is cluster-scoped; everything else lives in one.
    if (CLUSTER_SCOPED.has(m.kind))
      expect(doc.metadata.namespace).toBeUndefined();
    else expect(typeof doc.metadata.namespace).toBe('string');
    expect(ALLOWED_API_VERSIONS[mesh] as readonly string[]).toContain(
      m.apiVersion,
    );
    expect(m.docsUrl).toMatch(/^https:\/\//);
  }
}

describe('generated manifests', () => {
  it('are valid single YAML documents with allowed apiVersions for every need, both modes', () => {
    for (const need of CAPABILITY_IDS) {
      for (const profile of ['edge', 'large']) {
        const e = evaluateEntity(
          {
            entity: component(
              'svc',
              {
                [MESH_ANNOTATIONS.needs]: `mtls, ${need}`,
                [MESH_ANNOTATIONS.clusterProfile]: profile,
                'backstage.io/kubernetes-namespace': 'shop',
              },
              { dependsOn: ['resource:db'] },
            ),
          },
          policy,
        );
        expectValidManifests('istio', e.guidance.istio.manifests);
        expectValidManifests('linkerd', e.guidance.linkerd.manifests);
        expect(e.guidance.istio.mode).toBe(
          profile === 'edge' || need === 'sidecarless' ? 'ambient' : 'sidecar',
        );
      }
    }
  });

  it('are valid for every example entity', () => {
    const catalog = loadExampleCatalog();
    let checked = 0;
    for (const [ref, entity] of catalog) {
      if (entity.kind !== 'Component') continue;
      const e = evaluateEntity(contextFor(catalog, ref), policy);
      expectValidManifests('istio', e.guidance.istio.manifests);
      expectValidManifests('linkerd', e.guidance.linkerd.manifests);
      checked += 1;
    }
    // The example catalog has a few dozen components; none may be skipped.
    expect(checked).toBeGreaterThan(20);
  });

  it('express the needs, and list what a mesh lacks as unsupported', () => {
    const e = evaluateEntity(
      {
        entity: component(
          'x',
          {
            [MESH_ANNOTATIONS.needs]:
              'retries, timeouts, circuit-breaking, rate-limiting, mirroring, egress-control, vm-workloads, jwt-auth',
          },
          { dependsOn: ['resource:default/ledger-db'] },
        ),
      },
      policy,
    );
    const kinds = (m: 'istio' | 'linkerd') =>
      e.guidance[m].manifests.map(x => x.kind);
    expect(kinds('istio')).toEqual(
      expect.arrayContaining([
        'Namespace',
        'PeerAuthentication',
        'VirtualService',
        'DestinationRule',
        'EnvoyFilter',
        'Sidecar',
        'ServiceEntry',
        'WorkloadGroup',
        'RequestAuthentication',
      ]),
    );
    expect(kinds('linkerd')).toEqual(
      expect.arrayContaining([
        'Namespace',
        'Server',
        'MeshTLSAuthentication',
        'AuthorizationPolicy',
        'HTTPRoute',
        'Service',
        'HTTPLocalRateLimitPolicy',
        'EgressNetwork',
        'ExternalWorkload',
      ]),
    );
    expect(e.guidance.linkerd.unsupported.map(u => u.need)).toEqual([
      'mirroring',
      'jwt-auth',
    ]);
    const route = parse(
      e.guidance.linkerd.manifests.find(m => m.kind === 'HTTPRoute')!.yaml,
    );
    expect(route.metadata.annotations).toMatchObject({
      'retry.linkerd.io/http': '5xx',
      'timeout.linkerd.io/request': '10s',
    });
    const ns = parse(e.guidance.linkerd.manifests[0].yaml);
    expect(ns.metadata.annotations['linkerd.io/inject']).toBe('enabled');
    const pa = parse(
      e.guidance.istio.manifests.find(m => m.kind === 'PeerAuthentication')!
        .yaml,
    );
    expect(pa.spec.mtls.mode).toBe('STRICT');
    expect(
      e.guidance.istio.manifests.find(m => m.kind === 'ServiceEntry')!.yaml,
    ).toContain('ledger-db');
  });

  it('ambient with L7 needs adds a waypoint and explains why', () => {
    const e = evaluateEntity(
      {
        entity: component('x', {
          [MESH_ANNOTATIONS.needs]: 'retries',
          [MESH_ANNOTATIONS.clusterProfile]: 'edge',
        }),
      },
      policy,
    );
    const ns = parse(e.guidance.istio.manifests[0].yaml);
    expect(ns.metadata.labels).toEqual({
      'istio.io/dataplane-mode': 'ambient',
      'istio.io/use-waypoint': 'waypoint',
    });
    expect(
      e.guidance.istio.manifests.some(
        m => m.kind === 'Gateway' && m.yaml.includes('istio-waypoint'),
      ),
    ).toBe(true);
    expect(e.guidance.istio.steps[0].detail).toMatch(/edge/);
    expect(e.overhead.istio.mode).toBe('ambient');
  });

  it('template rendering is byte-identical to a direct stringify, whatever the names', () => {
    const label = fc.oneof(
      fc.constantFrom(
        '123',
        'true',
        'null',
        'false',
        '0x1f',
        '1e3',
        '0',
        'a',
        'default',
        'y',
        'no',
        '0o17',
        '-',
      ),
      fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/),
    );
    const needs = fc.subarray([...CAPABILITY_IDS]);
    fc.assert(
      fc.property(label, label, needs, fc.boolean(), (w0, n0, ns, ambient) => {
        const workload = dnsLabel(w0, 'workload');
        const namespace = dnsLabel(n0, 'default');
        const input: GuidanceInput = {
          workload,
          namespace,
          needs: ns,
          protocols: ['http1'],
          destinations: ['resource:default/db'],
        };
        for (const [mesh, g] of [
          ['istio', istioGuidance(input, ambient ? 'ambient' : 'sidecar')],
          ['linkerd', linkerdGuidance(input)],
        ] as const) {
          for (const m of g.manifests) {
            const doc = parse(m.yaml);
            expect(stringifyManifest(doc)).toBe(m.yaml);
            const own =
              m.kind === 'Namespace'
                ? doc.metadata.name
                : doc.metadata.namespace;
            // Ambient egress lives with its egress waypoint, in a namespace of its own.
            const expected =
              mesh === 'istio' && ambient && m.purpose === 'egress-control'
                ? 'istio-egress'
                : namespace;
            expect({ kind: m.kind, own }).toEqual({
              kind: m.kind,
              own: expected,
            });
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('sanitises names to DNS labels', () => {
    expect(dnsLabel('My_Service.v2', 'x')).toBe('my-service-v2');
    expect(dnsLabel('---', 'x')).toBe('x');
    expect(dnsLabel('a'.repeat(80), 'x')).toHaveLength(63);
  });
});
