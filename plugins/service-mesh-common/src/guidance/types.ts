import type { Protocol } from '../schema';

/** What the guidance generators need from an evaluation. */
export interface GuidanceInput {
  workload: string;
  namespace: string;
  needs: readonly string[];
  protocols: readonly Protocol[];
  /** dependsOn resource refs (egress destinations). */
  destinations: readonly string[];
  /** Why Istio runs in ambient mode, when it does. */
  ambientReason?: string;
  /** Highest minimum version the needs require, per mesh. */
  minVersion?: string;
}

/** Needs that require L7 processing (an Istio waypoint in ambient mode). */
export const L7_NEEDS = new Set([
  'retries',
  'timeouts',
  'traffic-split',
  'header-routing',
  'mirroring',
  'fault-injection',
  'rate-limiting',
  'circuit-breaking',
  'external-authz',
  'jwt-auth',
  'identity-federation',
  'wasm-extensions',
]);

export function destinationHost(ref: string): string {
  const name =
    ref
      .slice(ref.indexOf('/') + 1)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'destination';
  return `${name}.external.example.com`;
}
