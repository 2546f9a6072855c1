import { CAPABILITY_FACTS } from './capabilities';
import { OPERATIONS_FACTS } from './operations';
import { OVERHEAD_FIGURES } from './overhead';
import { PROTOCOL_FACTS } from './protocols';

/**
 * Date of the facts table this release encodes. The rules version
 * (evaluator/rulesVersion.ts) starts with it.
 */
export const FACTS_DATE = '2026-12-01';

/** 32-bit FNV-1a, hex: a deterministic fingerprint that runs in the browser. @internal */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The fact tables a rules version fingerprints. @internal */
export type FactTables = {
  CAPABILITY_FACTS: unknown;
  PROTOCOL_FACTS: unknown;
  OPERATIONS_FACTS: unknown;
  OVERHEAD_FIGURES: unknown;
};

/** The fact tables as one JSON text, for the rules version's fingerprint. @internal */
export function factsFingerprintText(tables: FactTables): string {
  // Fixed key order, so the text depends only on the facts' values.
  return JSON.stringify({
    CAPABILITY_FACTS: tables.CAPABILITY_FACTS,
    PROTOCOL_FACTS: tables.PROTOCOL_FACTS,
    OPERATIONS_FACTS: tables.OPERATIONS_FACTS,
    OVERHEAD_FIGURES: tables.OVERHEAD_FIGURES,
  });
}

/** The shipped fact tables. @internal */
export const FACT_TABLES: FactTables = {
  CAPABILITY_FACTS,
  PROTOCOL_FACTS,
  OPERATIONS_FACTS,
  OVERHEAD_FIGURES,
};
