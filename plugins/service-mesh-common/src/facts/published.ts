import { CAPABILITY_FACTS, TypedCapabilityFact } from './capabilities';
import type { FactId } from './factIds';
import { OPERATIONS_FACTS, OperationsFact } from './operations';
import { OVERHEAD_FIGURES, OverheadFigure } from './overhead';
import { PROTOCOL_FACTS, TypedProtocolFact } from './protocols';
import type { FactSource } from './sources';

/**
 * Every fact the evaluator decides with, in one typed list: what
 * `GET /v1/capabilities` publishes (docs/facts.md).
 */

/** What every published fact carries, whatever its kind. @public */
export type PublishedFactBase = {
  id: FactId;
  /** The oldest release the fact holds for, when its source says. */
  minVersion?: string;
  sources: FactSource[];
  /** Read in that mesh's own docs, release notes or source at that version. */
  verified: boolean;
  /** Set when only this claimant makes the claim (the seed article). */
  claimedBy?: 'seed-article';
};

/**
 * One published fact: a capability, a protocol, an operational property or
 * an overhead figure, with its provenance.
 *
 * @public
 */
export type PublishedFact =
  | (PublishedFactBase & { kind: 'capability'; fact: TypedCapabilityFact })
  | (PublishedFactBase & { kind: 'protocol'; fact: TypedProtocolFact })
  | (PublishedFactBase & { kind: 'operations'; fact: OperationsFact })
  | (PublishedFactBase & { kind: 'overhead'; fact: OverheadFigure });

const figures = Object.values(OVERHEAD_FIGURES) as ReadonlyArray<
  OverheadFigure & { id: FactId }
>;
const figureById = new Map<string, OverheadFigure>(figures.map(f => [f.id, f]));

/** A derived figure's sources are those of the figures it is computed from. */
function figureSources(figure: OverheadFigure): FactSource[] {
  if (!figure.derived) return [figure.source];
  const seen = new Map<string, FactSource>();
  for (const id of figure.derived.from) {
    const from = figureById.get(id);
    if (from) seen.set(from.source.url, from.source);
  }
  seen.set(figure.source.url, figure.source);
  return [...seen.values()];
}

function withProvenance<K extends PublishedFact['kind'], F>(
  kind: K,
  fact: F & {
    id: FactId;
    minVersion?: string;
    verified: boolean;
    claimedBy?: 'seed-article';
  },
  sources: FactSource[],
) {
  return {
    kind,
    id: fact.id,
    ...(fact.minVersion ? { minVersion: fact.minVersion } : {}),
    sources,
    verified: fact.verified,
    ...(fact.claimedBy ? { claimedBy: fact.claimedBy } : {}),
    fact,
  };
}

const PUBLISHED: PublishedFact[] = [
  ...CAPABILITY_FACTS.map(f => withProvenance('capability', f, f.sources)),
  ...PROTOCOL_FACTS.map(f => withProvenance('protocol', f, f.sources)),
  ...OPERATIONS_FACTS.map(f =>
    withProvenance('operations', f as OperationsFact<FactId>, f.sources),
  ),
  ...figures.map(f => withProvenance('overhead', f, figureSources(f))),
];

/**
 * Every fact the evaluator decides with: capabilities, protocols,
 * operations and overhead figures, each with its sources, `minVersion` and
 * `verified`.
 *
 * @public
 */
export function publishedFacts(): PublishedFact[] {
  return PUBLISHED;
}
