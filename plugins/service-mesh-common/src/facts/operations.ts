import { provenance } from './capabilities';
import { FACT_SOURCES as S, FactSource } from './sources';

/**
 * One operational property of a mesh the scoring cites: its proxy and CRD
 * surface, its upgrade order, its support model.
 *
 * @public
 */
export interface OperationsFact<Id extends string = string> {
  /** Stable id cited by factors, e.g. `ops:istio:proxy`. */
  id: Id;
  /** The mesh it is about. */
  mesh: 'istio' | 'linkerd';
  /** The property, in one or two sentences. */
  note: string;
  /** The oldest release the note holds for, when the source says. */
  minVersion?: string;
  /** Where the fact comes from. */
  sources: FactSource[];
  /** false when no primary source (the mesh's docs, source or release notes) backs it. */
  verified: boolean;
  /** Set when only this claimant makes the claim: not verified. */
  claimedBy?: 'seed-article';
}

function ops<const Id extends string>(
  id: Id,
  mesh: 'istio' | 'linkerd',
  note: string,
  sources: FactSource[],
  minVersion?: string,
): OperationsFact<Id> {
  return {
    id,
    mesh,
    note,
    ...(minVersion ? { minVersion } : {}),
    sources,
    ...provenance(sources, true),
  };
}

/**
 * Operational facts the scoring cites (docs/facts.md).
 *
 * @public
 */
export const OPERATIONS_FACTS = [
  ops(
    'ops:istio:proxy',
    'istio',
    'Envoy (C++) proxy with an extensible filter chain and Wasm; dozens of CRDs; upgrades are ordered: the control plane may run one minor version ahead of the data plane, so upgrade istiod first, then the proxies.',
    [S.seed, S.istioSupportedReleases],
  ),
  ops(
    'ops:linkerd:proxy',
    'linkerd',
    'linkerd2-proxy (Rust), built only for the mesh; a handful of CRDs; one-command install, two-phase upgrades with linkerd check.',
    [S.seed],
  ),
  ops(
    'ops:istio:support',
    'istio',
    'Quarterly releases; many vendor distributions with commercial support (Solo.io, Tetrate, Red Hat, Google, …). CNCF graduated 2023.',
    [S.seed],
  ),
  ops(
    'ops:linkerd:support',
    'linkerd',
    'Open source publishes edge releases only; stable releases only as Buoyant Enterprise for Linkerd since 2.15 (Feb 2024), a single vendor. CNCF graduated 2021.',
    [S.seed, S.buoyant215Stable],
    '2.15',
  ),
] as const;

/** The id of an operational fact, e.g. `ops:linkerd:proxy`. @public */
export type OperationsFactId = (typeof OPERATIONS_FACTS)[number]['id'];
