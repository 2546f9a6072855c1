import type { Diagnostic, Evaluation } from '../schema';
import type { GuidanceInput } from '../guidance/types';
import type { IstioDataPlane } from './dataPlane';

/** An annotation as read and parsed on one entity object, with what it reported. */
export interface ParsedAnnotation {
  raw: string | undefined;
  value: unknown;
  diagnostics: Diagnostic[];
}

/** The refs `relatedEntityRefs` returns. */
export interface RelatedRefs {
  owner?: string;
  system?: string;
  apis: string[];
  resources: string[];
}

/**
 * What the evaluator derived from one entity object. Related entities are
 * shared by many components of a refresh, and the entity route evaluates
 * the same object again; entities are not changed once evaluated.
 */
export interface EntityMemo {
  /** Evaluated as a component before: its own work is worth keeping. */
  evaluated?: boolean;
  ref?: string;
  related?: RelatedRefs;
  /** Unknown-key diagnostics of its annotations. */
  keyDiagnostics?: Diagnostic[];
  annotations?: Map<string, ParsedAnnotation>;
  /** The last guidance written for it, with the inputs it was written from. */
  guidance?: {
    input: GuidanceInput;
    dataPlane: IstioDataPlane;
    guidance: Evaluation['guidance'];
  };
}

// One entry per entity object, kept as long as the object: a first
// evaluation of new objects (a refresh) pays for one weak entry, not one per
// kind of work.
const memos = new WeakMap<object, EntityMemo>();

/**
 * Whether the entity object was evaluated before, and marks it evaluated. A
 * component is usually evaluated once per object (a refresh reads new
 * ones), so its own parsed annotations and guidance are kept only from its
 * second evaluation on; keeping them the first time would cost every refresh.
 *
 * @internal
 */
export function evaluatedBefore(entity: object): boolean {
  const memo = memoOf(entity);
  const before = memo.evaluated === true;
  memo.evaluated = true;
  return before;
}

/** The memo of an entity object. @internal */
export function memoOf(entity: object): EntityMemo {
  let memo = memos.get(entity);
  if (memo === undefined) {
    memo = {};
    memos.set(entity, memo);
  }
  return memo;
}
