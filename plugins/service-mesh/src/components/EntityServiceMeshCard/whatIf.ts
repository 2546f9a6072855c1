import {
  DEFAULT_TARGETS,
  SUPPORTED_VERSIONS,
} from '@mesh-advisor/plugin-service-mesh-common';
import type {
  ClusterProfile,
  Evaluation,
  MeshId,
  MeshTargets,
  OpsCapacity,
  RequirementOverrides,
} from '@mesh-advisor/plugin-service-mesh-common';

/** The inputs the what-if panel lets a user change. */
export interface WhatIfState {
  needs: string[];
  clusterProfile: ClusterProfile;
  opsCapacity: OpsCapacity;
  replicas: number;
  /** The releases to write the guidance for. */
  targets: MeshTargets;
}

/**
 * The releases an evaluation's guidance was written for. A backend that does
 * not say (older than the guidance tables) wrote it for the defaults.
 */
function targetsOf(evaluation: Evaluation): MeshTargets {
  const { istio, linkerd } = evaluation.guidance;
  return {
    istio: istio.target?.version ?? DEFAULT_TARGETS.istio,
    linkerd: linkerd.target?.version ?? DEFAULT_TARGETS.linkerd,
    gatewayApi:
      istio.target?.gatewayApi ??
      linkerd.target?.gatewayApi ??
      DEFAULT_TARGETS.gatewayApi,
  };
}

/** Every minor release of a project's supported window, oldest first. */
export function supportedReleases(project: keyof MeshTargets): string[] {
  const { min, max } = SUPPORTED_VERSIONS[project];
  const [major, first] = min.split('.').map(Number);
  const last = Number(max.split('.')[1]);
  const releases: string[] = [];
  for (let m = first; m <= last; m++) releases.push(`${major}.${m}`);
  return releases;
}

/** The what-if inputs as the evaluation saw them. */
export function initialWhatIfState(evaluation: Evaluation): WhatIfState {
  const { requirements } = evaluation;
  return {
    needs: [...requirements.needs.value],
    clusterProfile: requirements.clusterProfile.value,
    opsCapacity: requirements.opsCapacity.value,
    replicas: requirements.replicas.value,
    targets: targetsOf(evaluation),
  };
}

/** Only the releases that differ from the ones the guidance was written for. */
export function computeTargets(
  evaluation: Evaluation,
  state: WhatIfState,
): Partial<MeshTargets> {
  const base = targetsOf(evaluation);
  const changed: Partial<MeshTargets> = {};
  for (const key of ['istio', 'linkerd', 'gatewayApi'] as const) {
    if (state.targets[key] !== base[key]) changed[key] = state.targets[key];
  }
  return changed;
}

/** Only what differs from the evaluation's own requirements. */
export function computeOverrides(
  evaluation: Evaluation,
  state: WhatIfState,
): RequirementOverrides {
  const base = initialWhatIfState(evaluation);
  const overrides: RequirementOverrides = {};
  const sameNeeds =
    base.needs.length === state.needs.length &&
    base.needs.every(need => state.needs.includes(need));
  if (!sameNeeds) {
    overrides.needs = [...state.needs];
  }
  if (state.clusterProfile !== base.clusterProfile) {
    overrides.clusterProfile = state.clusterProfile;
  }
  if (state.opsCapacity !== base.opsCapacity) {
    overrides.opsCapacity = state.opsCapacity;
  }
  if (state.replicas !== base.replicas) {
    overrides.replicas = state.replicas;
  }
  return overrides;
}

/** One line of "what moved" between two evaluations. */
export interface WhatMoved {
  verdict: { before: Evaluation['verdict']; after: Evaluation['verdict'] };
  scores: Array<{ mesh: MeshId; before: number; after: number; delta: number }>;
  blockersLifted: Array<{ mesh: MeshId; summary: string }>;
  blockersAdded: Array<{ mesh: MeshId; summary: string }>;
}

/** Compares an evaluation with its what-if re-evaluation. */
export function diffEvaluations(
  before: Evaluation,
  after: Evaluation,
): WhatMoved {
  const meshes: MeshId[] = ['istio', 'linkerd'];
  const lifted: WhatMoved['blockersLifted'] = [];
  const added: WhatMoved['blockersAdded'] = [];
  for (const mesh of meshes) {
    const beforeIds = new Set(before.blockers[mesh].map(b => b.id));
    const afterIds = new Set(after.blockers[mesh].map(b => b.id));
    for (const b of before.blockers[mesh]) {
      if (!afterIds.has(b.id)) lifted.push({ mesh, summary: b.summary });
    }
    for (const b of after.blockers[mesh]) {
      if (!beforeIds.has(b.id)) added.push({ mesh, summary: b.summary });
    }
  }
  return {
    verdict: { before: before.verdict, after: after.verdict },
    scores: meshes.map(mesh => ({
      mesh,
      before: before.scores[mesh],
      after: after.scores[mesh],
      delta: after.scores[mesh] - before.scores[mesh],
    })),
    blockersLifted: lifted,
    blockersAdded: added,
  };
}
