import {
  FACTS_DATE,
  FACTS_FINGERPRINT_TEXT,
  fnv1a,
} from '../facts/rulesVersion';
import { DEFAULT_WEIGHTS } from './weights';

/**
 * Version of the rules: the facts date plus a fingerprint of the facts and
 * default weights. Changes whenever a fact, figure or weight changes. It
 * lives beside the weights so the facts never import the evaluator.
 *
 * @public
 */
export const RULES_VERSION = `${FACTS_DATE}.${fnv1a(
  `${FACTS_FINGERPRINT_TEXT}${JSON.stringify({ DEFAULT_WEIGHTS })}`,
)}`;
