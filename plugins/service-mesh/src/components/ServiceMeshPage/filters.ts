import type { ListEvaluationsQuery } from '@mesh-advisor/plugin-service-mesh-common';

/** Query-string keys the dashboard keeps its filters in (shareable views). */
const FILTER_KEYS = [
  'verdict',
  'owner',
  'system',
  'lifecycle',
  'q',
  'drift',
  'sort',
] as const;

/** A dashboard filter key. */
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The list query (without paging) that the URL's query string describes. */
export function queryFromSearchParams(
  params: URLSearchParams,
): Omit<ListEvaluationsQuery, 'cursor' | 'limit'> {
  const query: Omit<ListEvaluationsQuery, 'cursor' | 'limit'> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (key === 'drift') {
      if (value === 'true') query.drift = 'true';
    } else {
      query[key] = value;
    }
  }
  return query;
}
