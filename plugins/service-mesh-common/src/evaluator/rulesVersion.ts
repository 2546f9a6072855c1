import {
  FACT_TABLES,
  FACTS_DATE,
  FactTables,
  factsFingerprintText,
  fnv1a,
} from '../facts/rulesVersion';
import { DEFAULT_WEIGHTS } from './weights';

/**
 * The rules version of given fact tables and default weights: the facts date
 * plus a fingerprint of both. @internal
 */
export function computeRulesVersion(
  tables: FactTables,
  weights: unknown,
): string {
  return `${FACTS_DATE}.${fnv1a(
    `${factsFingerprintText(tables)}${JSON.stringify({
      DEFAULT_WEIGHTS: weights,
    })}`,
  )}`;
}

/**
 * Version of the rules: the facts date plus a fingerprint of the facts and
 * default weights. Changes whenever a fact, figure or weight changes. It
 * lives beside the weights so the facts never import the evaluator.
 *
 * @public
 */
export const RULES_VERSION = computeRulesVersion(FACT_TABLES, DEFAULT_WEIGHTS);
