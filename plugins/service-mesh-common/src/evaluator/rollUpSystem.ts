import type { Entity } from '@backstage/catalog-model';
import type { MeshId, MeshPolicy, SystemRollup, Verdict } from '../schema';
import { Assessment, policyView } from './evaluateEntity';
import { refOf } from './refs';
import { decideVerdict } from './verdict';

const MESHES: MeshId[] = ['istio', 'linkerd'];

/**
 * One verdict for a System across its applicable components: a mesh blocked
 * for any component is blocked for the system; otherwise replica-weighted
 * mean scores are compared with the policy margin. Non-applicable
 * components are listed but do not vote.
 *
 * @public
 */
export function rollUpSystem(
  system: Entity,
  evaluations: Assessment[],
  policy: MeshPolicy,
): SystemRollup {
  const applicable = evaluations.filter(e => e.applicable);
  const forcing: SystemRollup['forcing'] = [];
  const blocked: Record<MeshId, boolean> = { istio: false, linkerd: false };
  for (const e of applicable) {
    for (const mesh of MESHES) {
      if (e.blockers[mesh].length > 0) {
        blocked[mesh] = true;
        forcing.push({
          entityRef: e.entityRef,
          mesh,
          blockers: e.blockers[mesh],
        });
      }
    }
  }
  let weight = 0;
  const sum = { istio: 0, linkerd: 0 };
  for (const e of applicable) {
    const w = e.requirements.replicas.value;
    weight += w;
    sum.istio += e.scores.istio * w;
    sum.linkerd += e.scores.linkerd * w;
  }
  const scores =
    weight > 0
      ? {
          istio: Math.round(sum.istio / weight),
          linkerd: Math.round(sum.linkerd / weight),
        }
      : { istio: 0, linkerd: 0 };

  const verdict: Verdict =
    applicable.length === 0
      ? 'none'
      : decideVerdict(scores, blocked, policy.margin);

  const why = (mesh: MeshId) => {
    const f = forcing.filter(x => x.mesh === mesh);
    return f.length > 0
      ? `${mesh} is blocked for the system by ${f
          .map(x => `${x.entityRef} (${x.blockers.map(b => b.id).join(', ')})`)
          .join('; ')}`
      : undefined;
  };
  // A component that leans one way under an "either" system is not a conflict.
  const conflicts: SystemRollup['conflicts'] =
    verdict === 'either'
      ? []
      : applicable
          .filter(
            e =>
              e.verdict !== 'either' &&
              e.verdict !== 'none' &&
              e.verdict !== verdict,
          )
          .map(e => ({
            entityRef: e.entityRef,
            verdict: e.verdict,
            reason:
              verdict === 'none'
                ? `It prefers ${
                    e.verdict
                  }, but both meshes are blocked for the system: ${why(
                    'istio',
                  )}; ${why('linkerd')}.`
                : `It prefers ${e.verdict} (istio ${e.scores.istio}, linkerd ${
                    e.scores.linkerd
                  }), but the system goes ${verdict}${
                    why(e.verdict as MeshId)
                      ? `: ${why(e.verdict as MeshId)}`
                      : ` on replica-weighted scores (istio ${scores.istio}, linkerd ${scores.linkerd})`
                  }.`,
          }));

  const total = (mesh: MeshId) =>
    applicable.reduce(
      (acc, e) => ({
        cpu: acc.cpu + e.overhead[mesh].proxyCpuVcpu,
        mem: acc.mem + e.overhead[mesh].proxyMemoryMiB,
      }),
      { cpu: 0, mem: 0 },
    );
  let cost = { cpu: 0, mem: 0 };
  if (verdict === 'istio' || verdict === 'linkerd') cost = total(verdict);
  else if (verdict === 'either') {
    // "either": the lighter mesh's cost (by memory, then CPU).
    const i = total('istio');
    const l = total('linkerd');
    cost = l.mem < i.mem || (l.mem === i.mem && l.cpu <= i.cpu) ? l : i;
  }
  return {
    systemRef: refOf(system),
    verdict,
    scores,
    forcing,
    conflicts,
    components: evaluations.map(e => ({
      entityRef: e.entityRef,
      applicable: e.applicable,
      verdict: e.verdict,
      scores: e.scores,
    })),
    cost: {
      mesh: verdict,
      proxyCpuVcpu: Math.round(cost.cpu * 1000) / 1000,
      proxyMemoryMiB: Math.round(cost.mem * 10) / 10,
    },
    rulesVersion: policyView(policy).rulesVersion,
  };
}
