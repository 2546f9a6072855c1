// Kept free of zod so the frontend can import the ids without the schemas.

/**
 * Capability ids, in the order of the capability table (docs/facts.md).
 *
 * @public
 */
export const CAPABILITY_IDS = [
  'mtls',
  'retries',
  'timeouts',
  'traffic-split',
  'header-routing',
  'mirroring',
  'fault-injection',
  'rate-limiting',
  'circuit-breaking',
  'ingress-gateway',
  'egress-control',
  'multi-cluster',
  'vm-workloads',
  'wasm-extensions',
  'external-authz',
  'jwt-auth',
  'identity-federation',
  'tap',
  'golden-metrics',
  'distributed-tracing',
  'sidecarless',
  'gateway-api',
] as const;

/** A capability id (see {@link CAPABILITY_IDS}), e.g. `traffic-split`. @public */
export type CapabilityId = (typeof CAPABILITY_IDS)[number];
