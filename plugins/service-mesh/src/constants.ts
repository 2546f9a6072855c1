/*
 * Local copies of values the common package owns. They live here so the
 * frontend keeps working while `@mesh-advisor/plugin-service-mesh-common`
 * grows its runtime exports; they match SPEC.md §2 and MESH-FACTS.md.
 */

/**
 * Annotation that takes a component out of Mesh Advisor's evaluation.
 */
export const MESH_ADVISOR_EXCLUDE_ANNOTATION = 'mesh-advisor.io/exclude';

/** Capability ids of MESH-FACTS.md, used when `/v1/capabilities` is unreachable. */
export const FALLBACK_CAPABILITY_IDS = [
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

/** Same values as the common package's `CLUSTER_PROFILES`. */
export const CLUSTER_PROFILE_VALUES = ['edge', 'standard', 'large'] as const;
/** Same values as the common package's `OPS_CAPACITIES`. */
export const OPS_CAPACITY_VALUES = ['none', 'small', 'dedicated'] as const;
/** Same values as the common package's `VERDICTS`. */
export const VERDICT_VALUES = ['istio', 'linkerd', 'either', 'none'] as const;
/** Same value as the common package's `MAX_LIST_LIMIT`. */
export const MAX_LIST_LIMIT = 500;
