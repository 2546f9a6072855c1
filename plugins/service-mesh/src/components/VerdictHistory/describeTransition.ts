import type { VerdictInputChange, VerdictTransition } from '../../api';
import { VERDICT_LABELS } from '../common';

/** `2026-11-30T10:00:00Z` → `30 Nov 2026` (UTC, the same for every reader). */
export function formatDay(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** `needs gained wasm-extensions and lost tap`, `lifecycle changed from production to experimental`. */
function describeChange(change: VerdictInputChange): string {
  if ('gained' in change) {
    const parts = [
      change.gained.length ? `gained ${change.gained.join(', ')}` : '',
      change.lost.length ? `lost ${change.lost.join(', ')}` : '',
    ].filter(Boolean);
    return `${change.input} ${parts.join(' and ')}`;
  }
  if (change.input === 'policy')
    return "the organisation's mesh policy changed";
  if (change.from !== undefined && change.to !== undefined) {
    return `${change.input} changed from ${change.from} to ${change.to}`;
  }
  if (change.to !== undefined) return `${change.input} was set to ${change.to}`;
  return `${change.input} was removed (was ${change.from})`;
}

/** Why, in words: the changed inputs, or nothing when none was recorded. */
export function describeReason(transition: VerdictTransition): string {
  return transition.changes.map(describeChange).join('; ');
}

/**
 * `Changed from Linkerd to Istio on 30 Nov 2026 because needs gained
 * wasm-extensions`.
 */
export function describeTransition(transition: VerdictTransition): string {
  const reason = describeReason(transition);
  const because = reason ? ` because ${reason}` : '';
  return `Changed from ${VERDICT_LABELS[transition.from]} to ${
    VERDICT_LABELS[transition.to]
  } on ${formatDay(transition.changedAt)}${because}`;
}
