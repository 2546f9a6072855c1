import { parse } from 'yaml';
import { CAPABILITY_FACTS, CapabilityFact } from '../facts/capabilities';
import { CAPABILITY_IDS } from '../facts/capabilityIds';
import {
  compareVersions,
  DEFAULT_TARGETS,
  SUPPORTED_VERSIONS,
} from '../facts/versions';
import { ISTIO_GUIDANCE, istioGuidance } from './istio';
import { LINKERD_GUIDANCE, linkerdGuidance } from './linkerd';
import {
  applies,
  DataPlaneMode,
  GuidanceContext,
  GuidanceEntry,
  GuidanceTable,
} from './table';
import type { GuidanceInput } from './types';

const TABLES = { istio: ISTIO_GUIDANCE, linkerd: LINKERD_GUIDANCE } as const;
const MODES: Record<'istio' | 'linkerd', DataPlaneMode[]> = {
  istio: ['sidecar', 'ambient'],
  linkerd: ['sidecar'],
};

/** Every minor release of a mesh's supported window: 2.16, 2.17, … 2.20. */
function releases(mesh: 'istio' | 'linkerd'): string[] {
  const { min, max } = SUPPORTED_VERSIONS[mesh];
  const [major, first] = min.split('.').map(Number);
  const last = Number(max.split('.')[1]);
  const out: string[] = [];
  for (let m = first; m <= last; m++) out.push(`${major}.${m}`);
  return out;
}

function context(
  mesh: 'istio' | 'linkerd',
  mode: DataPlaneMode,
  version: string,
  need: string,
): GuidanceContext {
  const targets = { ...DEFAULT_TARGETS, [mesh]: version };
  return {
    input: {
      workload: 'svc',
      namespace: 'shop',
      needs: [need],
      protocols: ['http1'],
      destinations: ['resource:default/db'],
      targets,
    },
    needs: new Set([need]),
    mode,
    version,
    targets,
    workload: 'svc',
    namespace: 'shop',
    l7Needs: [need],
    waypoint: mode === 'ambient',
    fromNeeds: [],
  };
}

const emits = (e: GuidanceEntry) =>
  (e.manifests?.length ?? 0) + (e.steps?.length ?? 0) > 0;

function allRows(table: GuidanceTable): Array<[string, GuidanceEntry]> {
  return [
    ...table.onboarding.map(e => ['onboarding', e] as [string, GuidanceEntry]),
    ...Object.entries(table.capabilities).flatMap(([id, rows]) =>
      (rows ?? []).map(e => [id, e] as [string, GuidanceEntry]),
    ),
    ...table.closing.map(e => ['closing', e] as [string, GuidanceEntry]),
  ];
}

/** How the fact rates the capability in this mode (Istio ambient can differ). */
function supportIn(fact: CapabilityFact, mode: DataPlaneMode) {
  // Sidecarless is the ambient data plane itself: sidecar mode lacks it.
  if (fact.capability === 'sidecarless' && mode === 'sidecar') return 'none';
  return mode === 'ambient' && fact.ambient
    ? fact.ambient.support
    : fact.support;
}

describe('the guidance tables cover what the evaluator decides', () => {
  it('names only capabilities the facts know, and releases inside the supported window', () => {
    for (const mesh of ['istio', 'linkerd'] as const) {
      const { min, max } = SUPPORTED_VERSIONS[mesh];
      for (const id of Object.keys(TABLES[mesh].capabilities))
        expect(CAPABILITY_IDS as readonly string[]).toContain(id);
      for (const [where, row] of allRows(TABLES[mesh])) {
        for (const v of [row.minVersion, row.maxVersion]) {
          if (v === undefined) continue;
          const inside =
            compareVersions(v, min) >= 0 && compareVersions(v, max) <= 0;
          expect({ mesh, where, version: v, inside }).toEqual({
            mesh,
            where,
            version: v,
            inside: true,
          });
        }
      }
    }
  });

  it('has guidance for every capability a mesh supports, at every release and mode, and says what a release or mode lacks', () => {
    const gaps: string[] = [];
    for (const fact of CAPABILITY_FACTS) {
      const mesh = fact.mesh;
      const rows = TABLES[mesh].capabilities[fact.capability as never] as
        | readonly GuidanceEntry[]
        | undefined;
      for (const mode of MODES[mesh]) {
        const support = supportIn(fact, mode);
        for (const version of releases(mesh)) {
          const c = context(mesh, mode, version, fact.capability);
          const applying = (rows ?? []).filter(r => applies(r, c));
          const where = `${mesh} ${mode} ${version} ${fact.capability}`;
          const tooOld =
            fact.minVersion !== undefined &&
            compareVersions(version, fact.minVersion) < 0;
          if (support === 'none') {
            // Nothing to apply for what the mesh lacks; the facts say why.
            if (applying.some(r => emits(r) && !r.unsupported))
              gaps.push(`${where}: guidance for a capability it lacks`);
            if (fact.support !== 'none' && !applying.some(r => r.unsupported))
              gaps.push(`${where}: no row says ${mode} mode lacks it`);
            continue;
          }
          if (tooOld) {
            if (!applying.some(r => r.unsupported))
              gaps.push(`${where}: no row says ${version} lacks it`);
            if (applying.some(r => emits(r) && !r.unsupported))
              gaps.push(`${where}: guidance before its minVersion`);
            continue;
          }
          if (!applying.some(emits)) gaps.push(`${where}: no guidance`);
          if (
            mode === 'ambient' &&
            fact.ambient?.support === 'partial' &&
            !applying.some(r => r.unsupported)
          )
            gaps.push(`${where}: no row says ambient has it in part`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('every row the tables hold applies to some release and mode', () => {
    for (const mesh of ['istio', 'linkerd'] as const) {
      for (const [where, row] of allRows(TABLES[mesh])) {
        const used = MODES[mesh].some(mode =>
          releases(mesh).some(v =>
            applies({ ...row, when: undefined }, context(mesh, mode, v, where)),
          ),
        );
        expect({ mesh, where, used }).toEqual({ mesh, where, used: true });
      }
    }
  });
});

const input = (
  needs: string[],
  targets: Partial<typeof DEFAULT_TARGETS> = {},
): GuidanceInput => ({
  workload: 'svc',
  namespace: 'shop',
  needs,
  protocols: ['http1'],
  destinations: ['resource:default/payments-db'],
  targets: { ...DEFAULT_TARGETS, ...targets },
});
const kinds = (g: { manifests: Array<{ kind: string }> }) =>
  g.manifests.map(m => m.kind);

describe('guidance follows the target release and mode', () => {
  it('says which releases it is written for', () => {
    const i = input(['retries'], {
      istio: '1.26',
      linkerd: '2.17',
      gatewayApi: '1.2',
    });
    expect(istioGuidance(i, 'sidecar').target).toEqual({
      version: '1.26',
      gatewayApi: '1.2',
    });
    expect(linkerdGuidance(i).target).toEqual({
      version: '2.17',
      gatewayApi: '1.2',
    });
  });

  it('Linkerd 2.16 gets no rate-limit or egress resources it cannot serve, and is told to upgrade', () => {
    const old = linkerdGuidance(
      input(['rate-limiting', 'egress-control'], { linkerd: '2.16' }),
    );
    expect(kinds(old)).not.toContain('HTTPLocalRateLimitPolicy');
    expect(kinds(old)).not.toContain('EgressNetwork');
    expect(old.unsupported).toEqual([
      {
        need: 'rate-limiting',
        reason: expect.stringMatching(
          /HTTPLocalRateLimitPolicy needs Linkerd ≥ 2\.17; the target 2\.16/,
        ),
      },
      {
        need: 'egress-control',
        reason: expect.stringMatching(/EgressNetwork needs Linkerd ≥ 2\.17/),
      },
    ]);
    const current = linkerdGuidance(
      input(['rate-limiting', 'egress-control'], { linkerd: '2.17' }),
    );
    expect(kinds(current)).toEqual(
      expect.arrayContaining(['HTTPLocalRateLimitPolicy', 'EgressNetwork']),
    );
    expect(current.unsupported).toEqual([]);
  });

  it('Linkerd reads the route at the apiVersion of each release', () => {
    const routeOf = (linkerd: string) =>
      linkerdGuidance(input(['retries'], { linkerd })).manifests.find(
        m => m.kind === 'HTTPRoute',
      )!;
    for (const v of ['2.16', '2.17'])
      expect(parse(routeOf(v).yaml).apiVersion).toBe(
        'gateway.networking.k8s.io/v1beta1',
      );
    for (const v of ['2.18', '2.19', '2.20'])
      expect(parse(routeOf(v).yaml).apiVersion).toBe(
        'gateway.networking.k8s.io/v1',
      );
  });

  it('Istio writes Wasm filters as WasmPlugin up to 1.29 and as TrafficExtension from 1.30', () => {
    for (const mode of ['sidecar', 'ambient'] as const) {
      const before = istioGuidance(
        input(['wasm-extensions'], { istio: '1.29' }),
        mode,
      );
      expect(kinds(before)).toContain('WasmPlugin');
      expect(kinds(before)).not.toContain('TrafficExtension');
      const after = istioGuidance(
        input(['wasm-extensions'], { istio: '1.30' }),
        mode,
      );
      expect(kinds(after)).not.toContain('WasmPlugin');
      const extension = parse(
        after.manifests.find(m => m.kind === 'TrafficExtension')!.yaml,
      );
      expect(extension.spec.wasm.url).toMatch(/^oci:\/\//);
      expect(
        extension.spec[mode === 'ambient' ? 'targetRefs' : 'selector'],
      ).toBeTruthy();
      expect(after.steps.map(s => s.detail).join('\n')).toMatch(
        /TrafficExtension, which supersedes WasmPlugin/,
      );
    }
  });

  it('Istio ambient writes no WorkloadGroup (VMs need sidecar mode) and says so', () => {
    const ambient = istioGuidance(input(['vm-workloads']), 'ambient');
    expect(kinds(ambient)).not.toContain('WorkloadGroup');
    expect(ambient.unsupported).toEqual([
      { need: 'vm-workloads', reason: expect.stringMatching(/sidecar mode/) },
    ]);
    const sidecar = istioGuidance(input(['vm-workloads']), 'sidecar');
    expect(kinds(sidecar)).toContain('WorkloadGroup');
    expect(sidecar.unsupported).toEqual([]);
  });

  it('Istio ambient says what it has only in part (multi-cluster, Wasm)', () => {
    const g = istioGuidance(
      input(['multi-cluster', 'wasm-extensions']),
      'ambient',
    );
    expect(g.unsupported.map(u => u.need)).toEqual([
      'multi-cluster',
      'wasm-extensions',
    ]);
    expect(g.unsupported[0].reason).toMatch(/Alpha in ambient mode/);
    expect(
      istioGuidance(input(['multi-cluster']), 'sidecar').unsupported,
    ).toEqual([]);
  });

  it('a sidecar team that needs the Gateway API is told to install its CRDs, right after Istio', () => {
    const g = istioGuidance(input(['gateway-api']), 'sidecar');
    expect(g.steps[1].title).toBe('Install the Gateway API CRDs');
    expect(g.steps[1].detail).toContain('v1.5.0/standard-install.yaml');
    expect(
      istioGuidance(input(['retries']), 'sidecar').steps.map(s => s.title),
    ).not.toContain('Install the Gateway API CRDs');
  });

  it('needs that share a resource get it once, expressing all of them', () => {
    const g = istioGuidance(
      input(['retries', 'timeouts', 'traffic-split', 'circuit-breaking']),
      'sidecar',
    );
    expect(kinds(g).filter(k => k === 'VirtualService')).toHaveLength(1);
    expect(kinds(g).filter(k => k === 'DestinationRule')).toHaveLength(1);
    expect(
      g.steps.filter(s => s.title === 'Apply the routing rules'),
    ).toHaveLength(1);
    const vs = parse(g.manifests.find(m => m.kind === 'VirtualService')!.yaml)
      .spec.http[0];
    expect(vs.timeout).toBe('10s');
    expect(vs.retries.attempts).toBe(3);
    expect(vs.route.map((r: { weight: number }) => r.weight)).toEqual([90, 10]);
    const dr = parse(g.manifests.find(m => m.kind === 'DestinationRule')!.yaml);
    expect(dr.spec.trafficPolicy.outlierDetection).toBeTruthy();
    expect(dr.spec.subsets.map((s: { name: string }) => s.name)).toEqual([
      'v1',
      'v2',
    ]);
  });

  it('what stays outside the mesh comes last', () => {
    const g = linkerdGuidance({
      ...input(['fault-injection']),
      protocols: ['http1', 'udp'],
    });
    expect(g.steps[g.steps.length - 1].title).toBe(
      'udp stays outside the mesh',
    );
  });
});
