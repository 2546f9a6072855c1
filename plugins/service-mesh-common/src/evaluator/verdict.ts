import { Verdict } from '../schema';

/**
 * The verdict rule (docs/decision-model.md §5), shared by a component's evaluation and a system's
 * roll-up: `none` when both meshes are blocked, the unblocked one when one
 * is, else `either` when the scores are strictly inside the margin (a tie
 * always is), else the higher score.
 */
export function decideVerdict(
  scores: { istio: number; linkerd: number },
  blocked: { istio: boolean; linkerd: boolean },
  margin: number,
): Verdict {
  if (blocked.istio && blocked.linkerd) return 'none';
  if (blocked.istio) return 'linkerd';
  if (blocked.linkerd) return 'istio';
  const gap = Math.abs(scores.istio - scores.linkerd);
  if (gap < margin || gap === 0) return 'either';
  return scores.istio > scores.linkerd ? 'istio' : 'linkerd';
}
