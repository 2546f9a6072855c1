import { capabilityFact } from '../facts/capabilities';
import type { FactId, OverheadFactId } from '../facts/factIds';
import { MESH_NAME } from '../facts/meshes';
import { OVERHEAD_FIGURES } from '../facts/overhead';
import { protocolFact } from '../facts/protocols';
import { proxyCostOf } from '../overhead/estimate';
import type {
  Diagnostic,
  Factor,
  Finding,
  MeshId,
  Requirements,
  ValueSource,
} from '../schema';
import { MESH_ANNOTATIONS } from '../annotations/constants';
import { costsFor, istioDataPlane, MeshCost } from './dataPlane';
import type { Weights } from './weights';

/**
 * The scoring model: each mesh starts at `base`, every signed factor comes
 * from a named weight and cites its evidence and facts, scores are clamped
 * to 0–100 integers. Weights are magnitudes; signs and shapes are here, so
 * the monotonicity of docs/decision-model.md §7 holds for any non-negative weights.
 */

/** Latency budgets at or under these (ms) count as tight / moderate. */
const LATENCY_TIGHT_MS = 20;
const LATENCY_MODERATE_MS = 100;

export interface ScoreResult {
  scores: Record<MeshId, number>;
  factors: Factor[];
  blockers: Record<MeshId, Finding[]>;
  diagnostics: Diagnostic[];
}

const MESHES = ['istio', 'linkerd'] as const;
const OPS_LEVEL = { none: 0, small: 1, dedicated: 2 } as const;
const PROFILE_SHARE = { edge: 1, standard: 1 / 3, large: 0 } as const;
const VENDOR_SUPPORT_SHARE = { required: 1, preferred: 0.5, none: 0 } as const;
const F = OVERHEAD_FIGURES;

const otherMesh = (mesh: MeshId): MeshId =>
  mesh === 'istio' ? 'linkerd' : 'istio';

/** What every scoring step writes to: factors, blockers, diagnostics. */
class Scorecard {
  readonly factors: Factor[] = [];
  readonly blockers: Record<MeshId, Finding[]> = { istio: [], linkerd: [] };
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly req: Requirements,
    readonly weights: Weights,
    readonly entityRef: string,
  ) {}

  /** A factor, rounded; zero-point factors are dropped unless `keepZero`. */
  add(
    mesh: MeshId,
    points: number,
    axis: Factor['axis'],
    id: string,
    summary: string,
    evidence: ValueSource[],
    facts: FactId[],
    keepZero = false,
  ) {
    const p = Math.round(points);
    if (p !== 0 || keepZero)
      this.factors.push({
        id,
        mesh,
        points: p,
        axis,
        summary,
        evidence,
        facts,
      });
  }

  block(
    mesh: MeshId,
    id: string,
    summary: string,
    evidence: ValueSource[],
    facts: FactId[],
  ) {
    this.blockers[mesh].push({ id, summary, evidence, facts });
  }
}

/** Ops capacity: Istio's breadth needs a squad to own it; Linkerd's small surface suits a lean team. */
function scoreOpsCapacity(card: Scorecard) {
  const { req, weights } = card;
  const ops = req.opsCapacity.value;
  const lvl = OPS_LEVEL[ops];
  card.add(
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
  card.add(
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
}

/**
 * Istio's data-plane cost relative to per-pod sidecars, from Istio's own
 * figures (one harness): 1 for sidecars; for ambient the mean of the CPU and
 * memory ratios of its estimate to the sidecar estimate.
 */
function istioCostRatio(req: Requirements, istio: MeshCost): number {
  if (istio.mode === 'sidecar') return 1;
  const sidecars = proxyCostOf('istio', 'sidecar', req.replicas.value);
  const cpu = istio.proxyCpuVcpu / sidecars.proxyCpuVcpu;
  const memory = istio.proxyMemoryMiB / sidecars.proxyMemoryMiB;
  return (cpu + memory) / 2;
}

/** Resource budget: the proxies Istio would run (sidecars, or ztunnel and a waypoint) against linkerd2-proxy. */
function scoreResourceBudget(
  card: Scorecard,
  overhead: Record<MeshId, MeshCost>,
) {
  const { req, weights } = card;
  const profile = req.clusterProfile.value;
  const share = PROFILE_SHARE[profile];
  const istio = overhead.istio;
  const ratio = istioCostRatio(req, istio);
  const plane = istioDataPlane(req);
  const istioSummary =
    istio.mode === 'sidecar'
      ? `On ${profile} clusters Istio's per-pod Envoy sidecars (≈0.20 vCPU, 60 MB each at 1000 rps, Istio 1.24) weigh on the budget.`
      : `On ${profile} clusters Istio runs ambient: ztunnel once per node${
          plane.waypoint ? ' and a waypoint for the L7 needs' : ''
        }, ${Math.round(
          ratio * 100,
        )}% of what per-pod sidecars would cost (mean of the CPU and memory ratios, Istio 1.24 figures).`;
  card.add(
    'istio',
    -share * ratio * weights.resourceBudgetIstio,
    'resource-budget',
    'resource-budget',
    istioSummary,
    req.clusterProfile.sources,
    // Ambient is weighed against the sidecars it replaces: both figures are cited.
    [...new Set([...istio.facts, F.istioSidecar124.id])],
  );
  card.add(
    'linkerd',
    share * weights.resourceBudgetLinkerd,
    'resource-budget',
    'resource-budget',
    `On ${profile} clusters Linkerd's small Rust proxy (tens of MB) fits the budget.`,
    req.clusterProfile.sources,
    overhead.linkerd.facts,
  );
}

/** A proxy that doubles a small pod's requests is a resource-budget fact in itself. */
function scoreWorkloadShare(
  card: Scorecard,
  overhead: Record<MeshId, MeshCost>,
) {
  const observed = card.req.workloadRequests;
  if (!observed?.value) return;
  for (const mesh of MESHES) {
    const share = overhead[mesh].workloadShare;
    if (!share) continue;
    const largest = Math.max(share.cpu ?? 0, share.memory ?? 0);
    if (largest <= 0) continue;
    const which = (share.memory ?? 0) >= (share.cpu ?? 0) ? 'memory' : 'CPU';
    card.add(
      mesh,
      -Math.min(1, largest) * card.weights.proxyWorkloadShare,
      'resource-budget',
      'workload-share',
      `${MESH_NAME[mesh]}'s proxies would add ${Math.round(
        largest * 100,
      )}% of the ${which} the workload itself requests (${share.from}).`,
      observed.sources,
      overhead[mesh].facts,
    );
  }
}

/** Feature depth: each declared need against both meshes' facts. */
function scoreNeeds(card: Scorecard) {
  const { req, weights } = card;
  for (const need of req.needs.value) {
    for (const mesh of MESHES) {
      const fact = capabilityFact(mesh, need);
      const other = capabilityFact(otherMesh(mesh), need);
      if (!fact) continue;
      if (fact.support === 'none') {
        card.block(
          mesh,
          `need:${need}`,
          `Needs ${need}, which ${MESH_NAME[mesh]} does not have: ${fact.note}`,
          req.needs.sources,
          [fact.id],
        );
      } else if (fact.support === 'partial') {
        card.add(
          mesh,
          -weights.partialCapability,
          'feature-depth',
          `need:${need}`,
          `Needs ${need}, which ${MESH_NAME[mesh]} supports only partially: ${fact.note}`,
          req.needs.sources,
          [fact.id],
        );
      } else if (other && other.support !== 'native') {
        card.add(
          mesh,
          weights.exclusiveCapability,
          'feature-depth',
          `need:${need}`,
          `Needs ${need}: ${MESH_NAME[mesh]} has it natively${
            fact.minVersion ? ` (since ${fact.minVersion})` : ''
          }, ${MESH_NAME[otherMesh(mesh)]} ${
            other.support === 'partial' ? 'only partially' : 'not at all'
          }.`,
          req.needs.sources,
          [fact.id, other.id],
        );
      }
    }
  }
}

/** Protocols: what neither mesh proxies is a warning for both, never a preference. */
function scoreProtocols(card: Scorecard) {
  const { req, weights } = card;
  let proxiable = 0;
  for (const protocol of req.protocols.value) {
    const facts = {
      istio: protocolFact('istio', protocol),
      linkerd: protocolFact('linkerd', protocol),
    };
    if (!facts.istio || !facts.linkerd) continue;
    const ids: FactId[] = [facts.istio.id, facts.linkerd.id];
    if (facts.istio.support === 'none' && facts.linkerd.support === 'none') {
      card.diagnostics.push({
        severity: 'warning',
        annotation: MESH_ANNOTATIONS.protocols,
        entityRef: card.entityRef,
        message: `${protocol} traffic is not proxied by Istio or Linkerd: it stays outside the mesh (no mTLS, no metrics). This does not favour either mesh.`,
        value: protocol,
      });
      for (const mesh of MESHES) {
        card.add(
          mesh,
          0,
          'protocols',
          `protocol:${protocol}`,
          `${protocol} is not proxied by ${MESH_NAME[mesh]}: ${
            facts[mesh]!.note
          }`,
          req.protocols.sources,
          ids,
          true,
        );
      }
      continue;
    }
    proxiable++;
    for (const mesh of MESHES) {
      const fact = facts[mesh]!;
      if (fact.support === 'none') {
        card.block(
          mesh,
          `protocol:${protocol}`,
          `Speaks ${protocol}, which ${MESH_NAME[mesh]} does not proxy: ${fact.note}`,
          req.protocols.sources,
          [fact.id],
        );
      }
    }
  }
  if (proxiable === 0 && req.protocols.value.length > 0) {
    for (const mesh of MESHES) {
      card.add(
        mesh,
        -weights.unproxiedProtocols,
        'protocols',
        'protocols:unproxied',
        'None of its protocols can be proxied, so a mesh adds little for it.',
        req.protocols.sources,
        req.protocols.value
          .map(p => protocolFact(mesh, p)?.id)
          .filter((id): id is NonNullable<typeof id> => id !== undefined),
      );
    }
  }
}

/**
 * The latency comparison for Istio's data plane, each from one harness that
 * measured both meshes: sidecars in Kinvolk's 2021 harness, the 2025 run and
 * LiveWyer's; ambient (with a waypoint) only in the 2025 run.
 */
function latencyEvidence(ambient: boolean): {
  istio: string;
  linkerd: string;
  facts: OverheadFactId[];
} {
  if (ambient) {
    return {
      istio:
        "Istio runs ambient here: in the one benchmark that measured ambient (with a waypoint) against Linkerd in the same harness (2025, vendor-run, wrk2 on emojivoto), ambient's p99 was 11.2 ms above Linkerd's at 2,000 rps.",
      linkerd:
        "Linkerd's p99 was below Istio ambient's in the one same-harness benchmark of the two (2025, vendor-run).",
      facts: [F.linkerdVsIstio2025.id],
    };
  }
  return {
    istio:
      "Istio's sidecars added more latency than Linkerd's proxy in every benchmark that measured both in one harness (e.g. +17 ms vs +6 ms median at 2,000 rps in Kinvolk's 2021 harness).",
    linkerd:
      "Linkerd's proxy added the least latency in every benchmark that measured both meshes in one harness.",
    facts: [
      F.linkerdVsIstio2021Redux.id,
      F.linkerdVsIstio2025.id,
      F.liveWyer2024.id,
    ],
  };
}

/** Latency budget: Linkerd adds less latency than Istio in every same-harness benchmark cited. */
function scoreLatencyBudget(
  card: Scorecard,
  overhead: Record<MeshId, MeshCost>,
) {
  const { req, weights } = card;
  const budget = req.latencyBudgetMs.value;
  if (budget === undefined) return;
  let share = 0;
  if (budget <= LATENCY_TIGHT_MS) share = 1;
  else if (budget <= LATENCY_MODERATE_MS) share = 0.5;
  const kind = share === 1 ? 'tight' : 'moderate';
  const evidence = latencyEvidence(overhead.istio.mode === 'ambient');
  card.add(
    'istio',
    -share * weights.latencyBudgetIstio,
    'latency',
    'latency-budget',
    `A ${kind} p99 budget of ${budget} ms: ${evidence.istio}`,
    req.latencyBudgetMs.sources,
    evidence.facts,
  );
  card.add(
    'linkerd',
    share * weights.latencyBudgetLinkerd,
    'latency',
    'latency-budget',
    `A ${kind} p99 budget of ${budget} ms: ${evidence.linkerd}`,
    req.latencyBudgetMs.sources,
    evidence.facts,
  );
}

/** Vendor support / LTS. */
function scoreVendorSupport(card: Scorecard) {
  const { req, weights } = card;
  const share = VENDOR_SUPPORT_SHARE[req.vendorSupport.value];
  card.add(
    'istio',
    share * weights.vendorSupportIstio,
    'vendor-support',
    'vendor-support',
    `Vendor support ${req.vendorSupport.value}: many vendors ship supported Istio distributions.`,
    req.vendorSupport.sources,
    ['ops:istio:support'],
  );
  card.add(
    'linkerd',
    share * weights.vendorSupportLinkerd,
    'vendor-support',
    'vendor-support',
    `Vendor support ${req.vendorSupport.value}: stable Linkerd builds come only from Buoyant Enterprise for Linkerd (one vendor) since 2.15.`,
    req.vendorSupport.sources,
    ['ops:linkerd:support'],
  );
}

/** Envoy already at the edge, and the mesh it runs today. */
function scoreExistingStack(card: Scorecard) {
  const { req, weights } = card;
  if (req.existingEnvoy.value) {
    card.add(
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
    card.add(
      current,
      weights.currentMesh,
      'migration',
      'current-mesh',
      `Already runs ${MESH_NAME[current]}: staying avoids a migration.`,
      req.currentMesh.sources,
      [current === 'istio' ? 'ops:istio:proxy' : 'ops:linkerd:proxy'],
    );
  }
}

/** A mesh the platform does not offer is ruled out. */
function blockUnoffered(card: Scorecard, allowedMeshes: readonly MeshId[]) {
  for (const mesh of MESHES) {
    if (allowedMeshes.includes(mesh)) continue;
    card.block(
      mesh,
      'not-offered',
      `${
        MESH_NAME[mesh]
      } is not offered here (serviceMesh.allowedMeshes: ${allowedMeshes.join(
        ', ',
      )}).`,
      [{ kind: 'default', detail: 'serviceMesh.allowedMeshes' }],
      [],
    );
  }
}

function totals(base: number, factors: Factor[]): Record<MeshId, number> {
  const scores = { istio: base, linkerd: base };
  for (const f of factors) scores[f.mesh] += f.points;
  const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
  return { istio: clamp(scores.istio), linkerd: clamp(scores.linkerd) };
}

export function score(
  req: Requirements,
  weights: Weights,
  allowedMeshes: readonly MeshId[],
  entityRef: string,
): ScoreResult {
  const card = new Scorecard(req, weights, entityRef);
  const overhead = costsFor(req);
  scoreOpsCapacity(card);
  scoreResourceBudget(card, overhead);
  scoreWorkloadShare(card, overhead);
  scoreNeeds(card);
  scoreProtocols(card);
  scoreLatencyBudget(card, overhead);
  scoreVendorSupport(card);
  scoreExistingStack(card);
  blockUnoffered(card, allowedMeshes);
  return {
    scores: totals(weights.base, card.factors),
    factors: card.factors,
    blockers: card.blockers,
    diagnostics: card.diagnostics,
  };
}
