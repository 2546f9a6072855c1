import { RULES_VERSION } from '@mesh-advisor/plugin-service-mesh-common';
import { csvField, evaluationsToCsv, fetchAllEvaluations } from './csv';
import {
  firstPage,
  secondPage,
  summaryOf,
} from '../../__fixtures__/evaluations';

describe('csvField', () => {
  it.each([
    [undefined, ''],
    [42, '42'],
    [true, 'true'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-1+1', "'-1+1"],
    ['@sum', "'@sum"],
  ])('%p → %p', (input, expected) => {
    expect(csvField(input as string | number | boolean | undefined)).toBe(
      expected,
    );
  });
});

describe('evaluationsToCsv', () => {
  it('writes a header and one row per evaluation, quoting where needed', () => {
    const checkoutApi = summaryOf('checkout-api');
    const renamed = { ...checkoutApi, title: 'Checkout, "v2"' };
    const csv = evaluationsToCsv([checkoutApi, renamed]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'entityRef,name,title,type,owner,system,lifecycle,applicable,verdict,istioScore,linkerdScore,istioBlockers,linkerdBlockers,confidence,currentMesh,drift,diagnostics,annotationCoverage,rulesVersion,evaluatedAt',
    );
    const row = (title: string) =>
      [
        'component:default/checkout-api',
        'checkout-api',
        title,
        'service',
        'group:default/storefront',
        'system:default/checkout',
        'production',
        'true',
        'istio',
        checkoutApi.scores.istio,
        checkoutApi.scores.linkerd,
        0,
        3,
        checkoutApi.confidence,
        checkoutApi.currentMesh,
        'false',
        checkoutApi.diagnosticCount,
        checkoutApi.annotationCoverage,
        // The rules version the evaluator stamps, as the backend stores it.
        RULES_VERSION,
        '',
      ].join(',');
    expect(lines[1]).toBe(row('Checkout API'));
    expect(lines[2]).toBe(row('"Checkout, ""v2"""'));
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });
});

describe('fetchAllEvaluations', () => {
  it('follows the cursor at the largest page size with the same filters', async () => {
    const api = {
      listEvaluations: jest
        .fn()
        .mockResolvedValueOnce(firstPage)
        .mockResolvedValueOnce(secondPage),
    };
    const items = await fetchAllEvaluations(api, {
      verdict: 'istio',
      q: 'pay',
    });
    expect(items).toEqual([...firstPage.items, ...secondPage.items]);
    expect(api.listEvaluations.mock.calls).toEqual([
      [{ verdict: 'istio', q: 'pay', limit: 500, cursor: undefined }],
      [{ verdict: 'istio', q: 'pay', limit: 500, cursor: 'cursor-2' }],
    ]);
  });

  it('stops when the server repeats a cursor', async () => {
    const api = { listEvaluations: jest.fn().mockResolvedValue(firstPage) };
    const items = await fetchAllEvaluations(api, {});
    expect(api.listEvaluations).toHaveBeenCalledTimes(2);
    expect(items).toHaveLength(2 * firstPage.items.length);
  });
});
