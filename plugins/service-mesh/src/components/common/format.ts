import {
  MESH_NAME,
  type Evaluation,
  type MeshId,
  type Verdict,
} from '@mesh-advisor/plugin-service-mesh-common';

/** Display names of the meshes (one list, in the common package). */
export const MESH_LABELS: Record<MeshId, string> = MESH_NAME;

/** Display names of the verdicts. */
export const VERDICT_LABELS: Record<Verdict, string> = {
  istio: 'Istio',
  linkerd: 'Linkerd',
  either: 'Either',
  none: 'No mesh',
};

/**
 * Below this confidence a verdict rests mostly on defaults: the cards call it
 * provisional and open the advice on which annotations to declare. The
 * backend uses the same threshold for `Evaluation.provisional`.
 */
const LOW_CONFIDENCE = 0.5;

/** Whether a verdict with this confidence rests mostly on defaults. */
export function isLowConfidence(confidence: number): boolean {
  return confidence < LOW_CONFIDENCE;
}

/**
 * Whether a verdict is provisional: as the backend says, or, from a backend
 * that does not say, by its confidence.
 */
export function isProvisional(
  evaluation: Pick<Evaluation, 'confidence' | 'provisional'>,
): boolean {
  return evaluation.provisional ?? isLowConfidence(evaluation.confidence);
}

/** `0.71` → `71%`. */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** `6` → `+6`, `-8` → `−8`, `0` → `±0`. */
export function formatSigned(points: number): string {
  if (points > 0) {
    return `+${points}`;
  }
  if (points < 0) {
    return `−${Math.abs(points)}`;
  }
  return '±0';
}

/** Rounds for display without trailing noise: `1.2000001` → `1.2`. */
export function formatNumber(value: number, digits = 2): string {
  return String(Number(value.toFixed(digits)));
}

/** ISO time → `2026-12-01 10:00 UTC`, the same for every reader; unparsable text as given. */
export function formatTime(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    return iso;
  }
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
