import type { Entity } from '@backstage/catalog-model';
import type { EvaluationSummary } from '../schema';
import { Assessment, signalCoverage } from './evaluateEntity';
import { relatedEntityRefs } from './refs';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The dashboard row of an evaluation (without `evaluatedAt`, which the
 * backend adds). `drift`: runs a mesh today that differs from an istio or
 * linkerd verdict. `annotationCoverage`: share of the deciding signals that
 * were declared (on the entity or inherited), not inferred or defaulted.
 *
 * @public
 */
export function summarizeEvaluation(
  evaluation: Assessment,
  entity: Entity,
): EvaluationSummary {
  const meta = (entity?.metadata ?? {}) as Record<string, unknown>;
  const spec = (entity?.spec ?? {}) as Record<string, unknown>;
  const related = relatedEntityRefs(entity);
  const currentMesh = evaluation.requirements.currentMesh.value;
  const v = evaluation.verdict;
  return {
    entityRef: evaluation.entityRef,
    kind: str(entity?.kind) ?? 'unknown',
    namespace: str(meta.namespace) ?? 'default',
    name: str(meta.name) ?? 'unknown',
    title: str(meta.title),
    type: str(spec.type),
    owner: related.owner,
    system: related.system,
    lifecycle: str(spec.lifecycle),
    applicable: evaluation.applicable,
    verdict: v,
    scores: evaluation.scores,
    blockerCount: {
      istio: evaluation.blockers.istio.length,
      linkerd: evaluation.blockers.linkerd.length,
    },
    confidence: evaluation.confidence,
    diagnosticCount: evaluation.diagnostics.length,
    currentMesh,
    drift:
      evaluation.applicable &&
      currentMesh !== 'none' &&
      (v === 'istio' || v === 'linkerd') &&
      v !== currentMesh,
    annotationCoverage: signalCoverage(evaluation.requirements, true),
    rulesVersion: evaluation.rulesVersion,
  };
}
