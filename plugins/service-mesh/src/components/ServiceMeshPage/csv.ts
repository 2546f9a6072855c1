import type {
  EvaluationSummary,
  ListEvaluationsQuery,
} from '@mesh-advisor/plugin-service-mesh-common';
import type { ServiceMeshApi } from '../../api';
import { MAX_LIST_LIMIT } from '@mesh-advisor/plugin-service-mesh-common';

const COLUMNS: Array<
  [string, (item: EvaluationSummary) => string | number | boolean | undefined]
> = [
  ['entityRef', i => i.entityRef],
  ['name', i => i.name],
  ['title', i => i.title],
  ['type', i => i.type],
  ['owner', i => i.owner],
  ['system', i => i.system],
  ['lifecycle', i => i.lifecycle],
  ['applicable', i => i.applicable],
  ['verdict', i => i.verdict],
  ['istioScore', i => i.scores.istio],
  ['linkerdScore', i => i.scores.linkerd],
  ['istioBlockers', i => i.blockerCount.istio],
  ['linkerdBlockers', i => i.blockerCount.linkerd],
  ['confidence', i => i.confidence],
  ['currentMesh', i => i.currentMesh],
  ['drift', i => i.drift],
  ['diagnostics', i => i.diagnosticCount],
  ['annotationCoverage', i => i.annotationCoverage],
  ['rulesVersion', i => i.rulesVersion],
  ['evaluatedAt', i => i.evaluatedAt],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR) gets a leading apostrophe, since names and titles come from
 * catalog-info.yaml files anyone can write.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) {
    return '';
  }
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  if (/[",\r\n]/.test(text)) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** The dashboard rows as CSV text, header first, CRLF line ends. */
export function evaluationsToCsv(items: EvaluationSummary[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const item of items) {
    lines.push(COLUMNS.map(([, get]) => csvField(get(item))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Every evaluation that matches the filters, page by page through the
 * cursor at the largest page size.
 */
export async function fetchAllEvaluations(
  api: Pick<ServiceMeshApi, 'listEvaluations'>,
  query: Omit<ListEvaluationsQuery, 'cursor' | 'limit'>,
): Promise<EvaluationSummary[]> {
  const items: EvaluationSummary[] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await api.listEvaluations({
      ...query,
      limit: MAX_LIST_LIMIT,
      cursor,
    });
    items.push(...page.items);
    cursor = page.nextCursor;
    // A cursor the server returned before would loop forever: stop instead.
    if (cursor !== undefined) {
      if (seen.has(cursor)) break;
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return items;
}

/** Starts a browser download of a text file. */
export function downloadText(
  filename: string,
  text: string,
  type = 'text/csv;charset=utf-8',
) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
