import { DEFAULT_WEIGHTS } from '../evaluator/weights';
import { CAPABILITY_FACTS } from './capabilities';
import { OVERHEAD_FIGURES } from './overhead';
import { OPERATIONS_FACTS, PROTOCOL_FACTS } from './protocols';

/** Date of the facts table this release encodes. */
const FACTS_DATE = '2026-12-01';

/** 32-bit FNV-1a, hex: a deterministic fingerprint that runs in the browser. @internal */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Version of the rules: the facts date plus a fingerprint of the facts and
 * default weights. Changes whenever a fact, figure or weight changes.
 *
 * @public
 */
export const RULES_VERSION = `${FACTS_DATE}.${fnv1a(
  JSON.stringify({
    CAPABILITY_FACTS,
    PROTOCOL_FACTS,
    OPERATIONS_FACTS,
    OVERHEAD_FIGURES,
    DEFAULT_WEIGHTS,
  }),
)}`;
