/**
 * The p-th percentile (0–100) of ascending-sorted numbers, nearest rank.
 * Shared by the bench scripts and the backend's load test (its client
 * worker), so both report latency the same way.
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
  );
  return sorted[index];
}
