import { MESH_ANNOTATIONS } from '../../annotations/constants';
import { CAPABILITY_IDS } from '../../facts/capabilityIds';
import type {
  DecidingQuestion,
  MeshId,
  Requirements,
  ValueSource,
  Verdict,
} from '../../schema';
import {
  CLUSTER_PROFILES,
  CURRENT_MESHES,
  OPS_CAPACITIES,
  VENDOR_SUPPORT_LEVELS,
} from '../../schema/values';
import { score } from '../scoring';
import { decideVerdict } from '../verdict';
import type { Weights } from '../weights';

/**
 * A verdict resting on too little is provisional: below this confidence
 * (fewer than half of the deciding signals declared) Mesh Advisor says so
 * and leads with the questions whose answer would move it most.
 */
export const PROVISIONAL_BELOW = 0.5;

/** At most this many re-scorings per entity, so asking stays cheap. */
const MAX_REEVALUATIONS = 32;

/** At most this many questions are returned. */
export const MAX_QUESTIONS = 3;

type Input = DecidingQuestion['input'];

/** Needs that set the meshes apart (one is native where the other is partial or absent). */
const DECISIVE_NEEDS = [
  'mtls',
  'traffic-split',
  'external-authz',
  'wasm-extensions',
  'tap',
  'multi-cluster',
  'vm-workloads',
  'rate-limiting',
].filter(n => (CAPABILITY_IDS as readonly string[]).includes(n));

const CANDIDATE_PROTOCOLS = [
  'grpc',
  'websocket',
  'tcp',
  'udp',
  'http3',
] as const;

const QUESTIONS: Record<Input, { annotation: string; question: string }> = {
  needs: {
    annotation: MESH_ANNOTATIONS.needs,
    question: `Which mesh features does the team need (${DECISIVE_NEEDS.join(
      ', ',
    )}, …)?`,
  },
  protocols: {
    annotation: MESH_ANNOTATIONS.protocols,
    question:
      'What does it speak on the wire besides what the catalog shows (gRPC, WebSocket, raw TCP, UDP, HTTP/3)?',
  },
  opsCapacity: {
    annotation: MESH_ANNOTATIONS.opsCapacity,
    question:
      'Is there a platform squad to own the mesh (none, small, dedicated)? Set it on the owner Group, System or Domain.',
  },
  clusterProfile: {
    annotation: MESH_ANNOTATIONS.clusterProfile,
    question: 'Does it run on edge, standard or large clusters?',
  },
  latencyBudgetMs: {
    annotation: MESH_ANNOTATIONS.latencyBudgetMs,
    question: 'What p99 latency budget (ms) must the mesh fit into?',
  },
  vendorSupport: {
    annotation: MESH_ANNOTATIONS.vendorSupport,
    question: 'Are commercial support and LTS builds required?',
  },
  currentMesh: {
    annotation: MESH_ANNOTATIONS.currentMesh,
    question: 'Does it already run in a mesh (none, istio, linkerd)?',
  },
};

function declared(sources: ValueSource[]): boolean {
  const k = sources[0]?.kind;
  return k === 'annotation' || k === 'inherited' || k === 'override';
}

/** The plausible values of one undeclared input, as (label, requirements with that value). */
function alternatives(
  req: Requirements,
  input: Input,
): Array<[string, Requirements]> {
  const out: Array<[string, Requirements]> = [];
  const w = <K extends Exclude<keyof Requirements, 'workloadRequests'>>(
    key: K,
    value: Requirements[K]['value'],
  ): Requirements => ({ ...req, [key]: { ...req[key], value } });
  switch (input) {
    case 'needs':
      for (const n of DECISIVE_NEEDS)
        if (!req.needs.value.includes(n))
          out.push([n, w('needs', [...req.needs.value, n])]);
      break;
    case 'protocols':
      for (const p of CANDIDATE_PROTOCOLS)
        if (!req.protocols.value.includes(p))
          out.push([p, w('protocols', [...req.protocols.value, p])]);
      break;
    case 'opsCapacity':
      for (const v of OPS_CAPACITIES)
        if (v !== req.opsCapacity.value) out.push([v, w('opsCapacity', v)]);
      break;
    case 'clusterProfile':
      for (const v of CLUSTER_PROFILES)
        if (v !== req.clusterProfile.value)
          out.push([v, w('clusterProfile', v)]);
      break;
    case 'latencyBudgetMs':
      for (const v of [10, 50])
        if (v !== req.latencyBudgetMs.value)
          out.push([`${v}`, w('latencyBudgetMs', v)]);
      break;
    case 'vendorSupport':
      for (const v of VENDOR_SUPPORT_LEVELS)
        if (v !== req.vendorSupport.value) out.push([v, w('vendorSupport', v)]);
      break;
    case 'currentMesh':
      for (const v of CURRENT_MESHES)
        if (v !== req.currentMesh.value) out.push([v, w('currentMesh', v)]);
      break;
    default:
      // Any other input has no alternatives to try (replicas are not asked).
      break;
  }
  return out;
}

const INPUTS = Object.keys(QUESTIONS) as Input[];

/**
 * For each input that was not declared, re-scores the entity with each of
 * its plausible values and returns the inputs whose answer would flip the
 * verdict or move the score gap most, biggest swing first. Replicas are not
 * asked: they change the overhead estimate, and the scores only through the
 * one waypoint that ambient replicas share (a few points at most).
 *
 * @internal
 */
export function decidingQuestions(
  req: Requirements,
  weights: Weights,
  allowed: readonly MeshId[],
  entityRef: string,
  margin: number,
  current: { verdict: Verdict; scores: Record<MeshId, number> },
): DecidingQuestion[] {
  const gap = current.scores.istio - current.scores.linkerd;
  const ranked: DecidingQuestion[] = [];
  let budget = MAX_REEVALUATIONS;
  for (const input of INPUTS) {
    if (declared(req[input].sources)) continue;
    const outcomes: DecidingQuestion['outcomes'] = [];
    let swing = 0;
    for (const [value, alt] of alternatives(req, input)) {
      if (budget-- <= 0) break;
      const s = score(alt, weights, allowed, entityRef);
      const verdict = decideVerdict(
        s.scores,
        {
          istio: s.blockers.istio.length > 0,
          linkerd: s.blockers.linkerd.length > 0,
        },
        margin,
      );
      swing = Math.max(
        swing,
        Math.abs(s.scores.istio - s.scores.linkerd - gap),
      );
      outcomes.push({ value, verdict });
    }
    const flips = outcomes.filter(o => o.verdict !== current.verdict);
    if (flips.length === 0 && swing === 0) continue;
    ranked.push({
      input,
      ...QUESTIONS[input],
      changesVerdict: flips.length > 0,
      swing,
      outcomes,
    });
  }
  ranked.sort(
    (a, b) =>
      Number(b.changesVerdict) - Number(a.changesVerdict) || b.swing - a.swing,
  );
  return ranked.slice(0, MAX_QUESTIONS);
}

/**
 * Makes `proto` a prototype whose `decidingQuestions` is computed on first
 * read and then stored on the instance; its toJSON adds the questions, so
 * they travel in the JSON while bulk refreshes that never read them do not
 * pay for the re-scoring.
 *
 * @internal
 */
export function withLazyQuestions<T extends object>(
  proto: T,
  compute: (this: object) => DecidingQuestion[],
): T {
  Object.defineProperty(proto, 'decidingQuestions', {
    enumerable: false,
    configurable: true,
    get(this: object) {
      const value = compute.call(this);
      Object.defineProperty(this, 'decidingQuestions', {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return value;
    },
  });
  Object.defineProperty(proto, 'toJSON', {
    enumerable: false,
    value(this: { decidingQuestions: DecidingQuestion[] }) {
      return { ...this, decidingQuestions: this.decidingQuestions };
    },
  });
  return proto;
}
