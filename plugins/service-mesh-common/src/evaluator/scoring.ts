import { capabilityFact } from '../facts/capabilities';
import { OVERHEAD_FIGURES } from '../facts/overhead';
import { protocolFact } from '../facts/protocols';
import type {
  Diagnostic,
  Factor,
  Finding,
  MeshId,
  Requirements,
  ValueSource,
} from '../schema';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import type { Weights } from './weights';

/**
 * The scoring model: each mesh starts at `base`, every signed factor comes
 * from a named weight and cites its evidence and facts, scores are clamped
 * to 0–100 integers. Weights are magnitudes; signs and shapes are here, so
 * the monotonicity of docs/decision-model.md §7 holds for any non-negative weights.
 */

const MESH_NAME: Record<MeshId, string> = {
  istio: 'Istio',
  linkerd: 'Linkerd',
};

/** Latency budgets at or under these (ms) count as tight / moderate. */
export const LATENCY_TIGHT_MS = 20;
export const LATENCY_MODERATE_MS = 100;

export interface ScoreResult {
  scores: Record<MeshId, number>;
  factors: Factor[];
  blockers: Record<MeshId, Finding[]>;
  diagnostics: Diagnostic[];
}

const OPS_LEVEL = { none: 0, small: 1, dedicated: 2 } as const;
const PROFILE_SHARE = { edge: 1, standard: 1 / 3, large: 0 } as const;

const LATENCY_FACTS = [
  OVERHEAD_FIGURES.linkerdVsIstio2021Redux.id,
  OVERHEAD_FIGURES.linkerdVsIstio2025.id,
  OVERHEAD_FIGURES.liveWyer2024.id,
];

export function score(
  req: Requirements,
  weights: Weights,
  allowedMeshes: readonly MeshId[],
  entityRef: string,
): ScoreResult {
  const factors: Factor[] = [];
  const blockers: Record<MeshId, Finding[]> = { istio: [], linkerd: [] };
  const diagnostics: Diagnostic[] = [];
  const add = (
    mesh: MeshId,
    points: number,
    axis: Factor['axis'],
    id: string,
    summary: string,
    evidence: ValueSource[],
    facts: string[],
    keepZero = false,
  ) => {
    const p = Math.round(points);
    if (p !== 0 || keepZero)
      factors.push({ id, mesh, points: p, axis, summary, evidence, facts });
  };

  // Ops capacity: Istio's breadth needs a squad to own it; Linkerd's small surface suits a lean team.
  const ops = req.opsCapacity.value;
  const lvl = OPS_LEVEL[ops];
  add(
    'istio',
    (lvl - 1) * weights.opsCapacityIstio,
    'ops-capacity',
    'ops-capacity',
    ops === 'dedicated'
      ? "A dedicated platform squad can own Istio's many CRDs and its ordered upgrades (control plane first, then the proxies)."
      : "No platform squad: Istio's dozens of CRDs and its ordered upgrades (control plane first, then the proxies) would fall on the team.",
    req.opsCapacity.sources,
    ['ops:istio:proxy'],
  );
  add(
    'linkerd',
    ((2 - lvl) / 2) * weights.opsCapacityLinkerd,
    'ops-capacity',
    'ops-capacity',
    `With ${
      ops === 'none' ? 'no' : 'a small'
    } ops capacity, Linkerd's handful of CRDs and one-command install fit.`,
    req.opsCapacity.sources,
    ['ops:linkerd:proxy'],
  );

  // Resource budget: per-pod Envoy sidecars cost more than linkerd2-proxy.
  const profile = req.clusterProfile.value;
  const share = PROFILE_SHARE[profile];
  const resFacts = [
    OVERHEAD_FIGURES.istioSidecar124.id,
    OVERHEAD_FIGURES.linkerdVsIstio2021Redux.id,
  ];
  add(
    'istio',
    -share * weights.resourceBudgetIstio,
    'resource-budget',
    'resource-budget',
    `On ${profile} clusters Istio's proxies (≈0.20 vCPU, 60 MB per sidecar at 1000 rps; ambient is lighter) weigh on the budget.`,
    req.clusterProfile.sources,
    resFacts,
  );
  add(
    'linkerd',
    share * weights.resourceBudgetLinkerd,
    'resource-budget',
    'resource-budget',
    `On ${profile} clusters Linkerd's small Rust proxy (tens of MB) fits the budget.`,
    req.clusterProfile.sources,
    resFacts,
  );

  // Feature depth: each declared need against both meshes' facts.
  for (const need of req.needs.value) {
    const facts = {
      istio: capabilityFact('istio', need),
      linkerd: capabilityFact('linkerd', need),
    };
    for (const mesh of ['istio', 'linkerd'] as const) {
      const f = facts[mesh];
      const other = facts[mesh === 'istio' ? 'linkerd' : 'istio'];
      if (!f) continue;
      if (f.support === 'none') {
        blockers[mesh].push({
          id: `need:${need}`,
          summary: `Needs ${need}, which ${MESH_NAME[mesh]} does not have: ${f.note}`,
          evidence: req.needs.sources,
          facts: [f.id],
        });
      } else if (f.support === 'partial') {
        add(
          mesh,
          -weights.partialCapability,
          'feature-depth',
          `need:${need}`,
          `Needs ${need}, which ${MESH_NAME[mesh]} supports only partially: ${f.note}`,
          req.needs.sources,
          [f.id],
        );
      } else if (other && other.support !== 'native') {
        add(
          mesh,
          weights.exclusiveCapability,
          'feature-depth',
          `need:${need}`,
          `Needs ${need}: ${MESH_NAME[mesh]} has it natively${
            f.minVersion ? ` (since ${f.minVersion})` : ''
          }, ${MESH_NAME[mesh === 'istio' ? 'linkerd' : 'istio']} ${
            other.support === 'partial' ? 'only partially' : 'not at all'
          }.`,
          req.needs.sources,
          [f.id, other.id],
        );
      }
    }
  }

  // Protocols: what neither mesh proxies is a warning for both, never a preference.
  let proxiable = 0;
  for (const protocol of req.protocols.value) {
    const fi = protocolFact('istio', protocol);
    const fl = protocolFact('linkerd', protocol);
    if (!fi || !fl) continue;
    if (fi.support === 'none' && fl.support === 'none') {
      diagnostics.push({
        severity: 'warning',
        annotation: MESH_ANNOTATIONS.protocols,
        entityRef,
        message: `${protocol} traffic is not proxied by Istio or Linkerd: it stays outside the mesh (no mTLS, no metrics). This does not favour either mesh.`,
        value: protocol,
      });
      for (const mesh of ['istio', 'linkerd'] as const) {
        add(
          mesh,
          0,
          'protocols',
          `protocol:${protocol}`,
          `${protocol} is not proxied by ${MESH_NAME[mesh]}: ${
            mesh === 'istio' ? fi.note : fl.note
          }`,
          req.protocols.sources,
          [fi.id, fl.id],
          true,
        );
      }
      continue;
    }
    proxiable++;
    for (const [mesh, f] of [
      ['istio', fi],
      ['linkerd', fl],
    ] as const) {
      if (f.support === 'none') {
        blockers[mesh].push({
          id: `protocol:${protocol}`,
          summary: `Speaks ${protocol}, which ${MESH_NAME[mesh]} does not proxy: ${f.note}`,
          evidence: req.protocols.sources,
          facts: [f.id],
        });
      }
    }
  }
  if (proxiable === 0 && req.protocols.value.length > 0) {
    for (const mesh of ['istio', 'linkerd'] as const) {
      add(
        mesh,
        -weights.unproxiedProtocols,
        'protocols',
        'protocols:unproxied',
        'None of its protocols can be proxied, so a mesh adds little for it.',
        req.protocols.sources,
        req.protocols.value.map(p => `protocol:${mesh}:${p}`),
      );
    }
  }

  // Latency budget: Linkerd adds less latency than Istio in every cited benchmark.
  const budget = req.latencyBudgetMs.value;
  if (budget !== undefined) {
    let share2 = 0;
    if (budget <= LATENCY_TIGHT_MS) share2 = 1;
    else if (budget <= LATENCY_MODERATE_MS) share2 = 0.5;
    const kind = share2 === 1 ? 'tight' : 'moderate';
    add(
      'istio',
      -share2 * weights.latencyBudgetIstio,
      'latency',
      'latency-budget',
      `A ${kind} p99 budget of ${budget} ms: Istio's proxies added more latency than Linkerd's in every cited benchmark (e.g. +17 ms vs +6 ms median at 2,000 rps).`,
      req.latencyBudgetMs.sources,
      LATENCY_FACTS,
    );
    add(
      'linkerd',
      share2 * weights.latencyBudgetLinkerd,
      'latency',
      'latency-budget',
      `A ${kind} p99 budget of ${budget} ms: Linkerd's proxy added the least latency in the cited benchmarks.`,
      req.latencyBudgetMs.sources,
      LATENCY_FACTS,
    );
  }

  // Vendor support / LTS.
  const VENDOR_SUPPORT_SHARE = {
    required: 1,
    preferred: 0.5,
    none: 0,
  } as const;
  const vsShare = VENDOR_SUPPORT_SHARE[req.vendorSupport.value];
  add(
    'istio',
    vsShare * weights.vendorSupportIstio,
    'vendor-support',
    'vendor-support',
    `Vendor support ${req.vendorSupport.value}: many vendors ship supported Istio distributions.`,
    req.vendorSupport.sources,
    ['ops:istio:support'],
  );
  add(
    'linkerd',
    vsShare * weights.vendorSupportLinkerd,
    'vendor-support',
    'vendor-support',
    `Vendor support ${req.vendorSupport.value}: stable Linkerd builds come only from Buoyant Enterprise for Linkerd (one vendor) since 2.15.`,
    req.vendorSupport.sources,
    ['ops:linkerd:support'],
  );

  if (req.existingEnvoy.value) {
    add(
      'istio',
      weights.existingEnvoy,
      'existing-envoy',
      'existing-envoy',
      "Envoy already runs at the edge: Istio reuses its filters, logging and the team's Envoy skills.",
      req.existingEnvoy.sources,
      ['ops:istio:proxy'],
    );
  }

  const current = req.currentMesh.value;
  if (current !== 'none') {
    add(
      current,
      weights.currentMesh,
      'migration',
      'current-mesh',
      `Already runs ${MESH_NAME[current]}: staying avoids a migration.`,
      req.currentMesh.sources,
      [`ops:${current}:proxy`],
    );
  }

  for (const mesh of ['istio', 'linkerd'] as const) {
    if (!allowedMeshes.includes(mesh)) {
      blockers[mesh].push({
        id: 'not-offered',
        summary: `${
          MESH_NAME[mesh]
        } is not offered here (serviceMesh.allowedMeshes: ${allowedMeshes.join(
          ', ',
        )}).`,
        evidence: [{ kind: 'default', detail: 'serviceMesh.allowedMeshes' }],
        facts: [],
      });
    }
  }

  const scores = { istio: weights.base, linkerd: weights.base };
  for (const f of factors) scores[f.mesh] += f.points;
  scores.istio = Math.max(0, Math.min(100, Math.round(scores.istio)));
  scores.linkerd = Math.max(0, Math.min(100, Math.round(scores.linkerd)));
  return { scores, factors, blockers, diagnostics };
}
