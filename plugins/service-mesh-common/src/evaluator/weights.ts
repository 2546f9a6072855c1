/**
 * The named weights of the scoring model: magnitudes only (≥ 0). The sign and
 * the shape of each factor live in the scoring code, so any non-negative
 * override in `serviceMesh.weights` keeps the monotonicity rules of docs/decision-model.md §7.
 *
 * @public
 */
export const DEFAULT_WEIGHTS = {
  /** Starting score of each mesh before any factor. */
  base: 50,
  /** Istio: +w with a dedicated platform squad, 0 with a small one, −w with none. */
  opsCapacityIstio: 10,
  /** Linkerd: +w with no ops capacity, +w/2 with a small one, 0 with a dedicated squad. */
  opsCapacityLinkerd: 6,
  /** Istio: −w on edge clusters, −w/3 on standard, 0 on large; ambient scales it by its cost relative to sidecars. */
  resourceBudgetIstio: 12,
  /** Linkerd: +w on edge clusters, +w/3 on standard, 0 on large. */
  resourceBudgetLinkerd: 6,
  /** +w per needed capability only this mesh has natively (the other has it partially or not at all). */
  exclusiveCapability: 4,
  /** −w per needed capability this mesh supports only partially. */
  partialCapability: 8,
  /** Istio: −w for a p99 budget ≤ 20 ms, −w/2 for ≤ 100 ms (its proxies add more latency). */
  latencyBudgetIstio: 10,
  /** Linkerd: +w for a p99 budget ≤ 20 ms, +w/2 for ≤ 100 ms. */
  latencyBudgetLinkerd: 5,
  /** Istio: +w when vendor support is required, +w/2 when preferred (many vendor distributions). */
  vendorSupportIstio: 8,
  /** Linkerd: +w when required, +w/2 when preferred (stable builds only from one vendor, Buoyant). */
  vendorSupportLinkerd: 3,
  /** Istio: +w when Envoy already runs at the edge (reuse of filters, logging, skills). */
  existingEnvoy: 6,
  /** +w to the mesh the component already runs (migration cost favours staying). */
  currentMesh: 10,
  /** −w to both when no declared protocol can be proxied (UDP, HTTP/3 only). */
  unproxiedProtocols: 10,
  /**
   * −w × s to each mesh, where s (capped at 1) is the larger share of the
   * workload's own requested CPU or memory its proxies would add; only when
   * the requests were observed.
   */
  proxyWorkloadShare: 10,
} as const;

/**
 * The name of a scoring weight, as `serviceMesh.weights` accepts it
 * (docs/decision-model.md).
 *
 * @public
 */
export type WeightName = keyof typeof DEFAULT_WEIGHTS;

/** The weights in effect: defaults with the policy's overrides. */
export type Weights = Record<WeightName, number>;

/** The known weight names. @public */
export const WEIGHT_NAMES = Object.keys(DEFAULT_WEIGHTS) as WeightName[];
