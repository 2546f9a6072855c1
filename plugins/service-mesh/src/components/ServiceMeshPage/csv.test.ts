import { csvField, evaluationsToCsv, fetchAllEvaluations } from './csv';
import { firstPage, secondPage } from '../../__fixtures__/evaluations';

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
  it('writes a header and one quoted row per evaluation', () => {
    const csv = evaluationsToCsv([...firstPage.items, ...secondPage.items]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'entityRef,name,title,type,owner,system,lifecycle,applicable,verdict,istioScore,linkerdScore,istioBlockers,linkerdBlockers,confidence,currentMesh,drift,diagnostics,annotationCoverage,rulesVersion,evaluatedAt',
    );
    expect(lines[1]).toBe(
      'component:default/payments,payments,,service,group:default/payments-team,system:default/checkout,production,true,istio,78,41,0,1,0.71,none,false,1,0.6,2025.06-1,',
    );
    expect(lines[2]).toContain(',linkerd,60,81,0,0,0.71,istio,true,0,');
    expect(lines[3]).toBe(
      '"component:default/ledger, ""legacy""","ledger, ""legacy""",Ledger,service,,,production,true,istio,78,41,0,1,0.71,none,false,1,0.6,2025.06-1,',
    );
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
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
    expect(items.map(i => i.name)).toEqual([
      'payments',
      'cart',
      'ledger, "legacy"',
    ]);
    expect(api.listEvaluations.mock.calls).toEqual([
      [{ verdict: 'istio', q: 'pay', limit: 500, cursor: undefined }],
      [{ verdict: 'istio', q: 'pay', limit: 500, cursor: 'cursor-2' }],
    ]);
  });

  it('stops when the server repeats a cursor', async () => {
    const api = { listEvaluations: jest.fn().mockResolvedValue(firstPage) };
    const items = await fetchAllEvaluations(api, {});
    expect(api.listEvaluations).toHaveBeenCalledTimes(2);
    expect(items).toHaveLength(4);
  });
});
