import type { MeshTargets } from '../facts/versions';
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
  /** Releases to write the guidance for; defaults to `DEFAULT_TARGETS`. */
  targets?: MeshTargets;
  /** Entity refs of the components the catalog says call this one. */
  callers?: readonly string[];
}

/** The Gateway API CRD bundle of a release: `1.5` → `v1.5.0`. */
function gatewayApiBundle(version: string): string {
  const parts = version.split('.');
  while (parts.length < 3) parts.push('0');
  return `v${parts.join('.')}`;
}

/** The command that installs the Gateway API CRDs of a release. */
export function gatewayApiInstall(
  version: string,
  channel: 'standard' | 'experimental' = 'standard',
): string {
  return `kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/${gatewayApiBundle(
    version,
  )}/${channel}-install.yaml`;
}

/**
 * Needs that require L7 processing (an Istio waypoint in ambient mode).
 * ztunnel reports TCP telemetry only: HTTP golden metrics and tracing need a
 * waypoint too (https://istio.io/latest/docs/ambient/usage/waypoint/).
 */
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
  'golden-metrics',
  'distributed-tracing',
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
