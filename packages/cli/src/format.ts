import {
  RULES_VERSION,
  type Evaluation,
} from '@mesh-advisor/plugin-service-mesh-common';
import {
  PROVISIONAL_RULE_ID,
  uniqueFindings,
  type LintFinding,
  type LintResult,
} from './lint';
import { CLI_VERSION } from './version';

function scores(e: Evaluation): string {
  return `istio ${e.scores.istio}, linkerd ${e.scores.linkerd}`;
}

/** Human-readable report: one block per component, then a summary line. */
export function formatText(result: LintResult): string {
  const lines: string[] = [];
  for (const r of result.components) {
    const e = r.evaluation;
    lines.push(`${r.ref}  (${r.file}:${r.line})`);
    if (!e.applicable) {
      lines.push(`  not applicable: ${e.notApplicableReason ?? ''}`.trimEnd());
    } else {
      lines.push(
        `  verdict ${e.verdict}  scores ${scores(
          e,
        )}  confidence ${e.confidence.toFixed(2)}${
          r.provisional ? ' (provisional)' : ''
        }`,
      );
    }
    for (const f of r.findings) {
      if (f.ruleId === PROVISIONAL_RULE_ID) continue; // shown on the verdict line
      let label: string = f.level === 'note' ? 'info' : f.level;
      if (f.ruleId.startsWith('blocker/')) label = 'blocker';
      lines.push(
        `  ${label} ${f.file}:${f.line}  ${f.message}${
          f.fails ? `  [fails: --fail-on ${f.fails}]` : ''
        }`,
      );
    }
    lines.push('');
  }
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(result: LintResult): string {
  const unique = uniqueFindings(result);
  const count = (pred: (f: LintFinding) => boolean) =>
    unique.filter(pred).length;
  const diag = (f: LintFinding) => f.ruleId.startsWith('annotation/');
  const errors = count(f => diag(f) && f.level === 'error');
  const warnings = count(f => diag(f) && f.level === 'warning');
  const blockersNow = count(
    f => f.ruleId.startsWith('blocker/') && f.level === 'error',
  );
  const provisional = result.components.filter(r => r.provisional).length;
  const verdicts = new Map<string, number>();
  for (const r of result.components)
    verdicts.set(
      r.evaluation.verdict,
      (verdicts.get(r.evaluation.verdict) ?? 0) + 1,
    );
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(result.components.length, 'component')} (${
    [...verdicts].map(([v, n]) => `${n} ${v}`).join(', ') || 'none'
  }); ${plural(errors, 'error')}, ${plural(
    warnings,
    'warning',
  )}, ${blockersNow} blocking the current mesh, ${provisional} provisional; --fail-on ${
    result.failOn.join(',') || 'none'
  }: ${result.exitCode === 0 ? 'pass' : 'FAIL'}`;
}

// GitHub's workflow-command escaping: data and property values differ.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…::message` lines for the Actions log and PR diff. */
export function formatGithub(result: LintResult): string {
  const out: string[] = [];
  for (const f of uniqueFindings(result)) {
    // Notes (info, blockers against another mesh, provisional) stay in the
    // text report: annotations are for what someone should fix.
    if (f.level === 'note') continue;
    const cmd = f.level === 'error' ? 'error' : 'warning';
    out.push(
      `::${cmd} file=${escapeProperty(f.file)},line=${
        f.line
      },title=${escapeProperty(`mesh-advisor ${f.ruleId}`)}::${escapeData(
        f.message,
      )}`,
    );
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Machine-readable report: each component's evaluation (without the guidance) and its findings. */
export function formatJson(result: LintResult): string {
  return `${JSON.stringify(
    {
      tool: {
        name: 'mesh-advisor',
        version: CLI_VERSION,
        rulesVersion: RULES_VERSION,
      },
      failOn: result.failOn,
      exitCode: result.exitCode,
      summary: summaryLine(result),
      components: result.components.map(r => {
        const { guidance: _guidance, ...evaluation } = r.evaluation;
        return {
          entityRef: r.ref,
          file: r.file,
          line: r.line,
          verdict: r.evaluation.verdict,
          provisional: r.provisional,
          findings: r.findings,
          evaluation,
        };
      }),
    },
    null,
    2,
  )}\n`;
}

const RULE_TEXT: Array<[RegExp, string, string]> = [
  [
    /^annotation\/unknown-key$/,
    'Unknown mesh-advisor.io annotation key',
    'Mesh Advisor does not read this key; the message names the closest known one.',
  ],
  [
    /^annotation\//,
    'Invalid mesh-advisor.io annotation value',
    'The value is ignored and the evaluation falls back to an inherited or default value; the message lists the accepted values and, when it can, the line to write instead.',
  ],
  [
    /^blocker\/need:/,
    'A needed capability the mesh does not support',
    'The component declares a need this mesh cannot meet, so the mesh is ruled out. An error when it is the mesh the component runs today.',
  ],
  [
    /^blocker\/protocol:/,
    'A protocol the mesh cannot proxy',
    'The component speaks a protocol this mesh cannot proxy, so the mesh is ruled out.',
  ],
  [
    /^blocker\//,
    'The mesh is ruled out for this component',
    'A hard stop for this mesh (for example, not offered by the organisation).',
  ],
  [
    /^provisional-verdict$/,
    'Low-confidence verdict',
    'Fewer than half of the deciding signals were declared; the message lists the annotations that would sharpen the verdict.',
  ],
];

/** SARIF 2.1.0 for GitHub code scanning: one rule per kind of finding. */
export function formatSarif(result: LintResult): string {
  const findings = uniqueFindings(result);
  const ruleIds = [...new Set(findings.map(f => f.ruleId))].sort();
  const rules = ruleIds.map(id => {
    const [, text, help] = RULE_TEXT.find(([re]) => re.test(id)) ?? [
      null,
      id,
      id,
    ];
    const levels = findings.filter(f => f.ruleId === id).map(f => f.level);
    const level =
      (['error', 'warning'] as const).find(l => levels.includes(l)) ?? 'note';
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) =>
        c ? c.toUpperCase() : '',
      ),
      shortDescription: {
        text: `${text}: ${id.split('/').slice(1).join('/') || id}`,
      },
      fullDescription: { text: help },
      help: { text: help },
      defaultConfiguration: { level },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mesh-advisor',
            version: CLI_VERSION,
            semanticVersion: CLI_VERSION,
            rules,
          },
        },
        results: findings.map(f => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIds.indexOf(f.ruleId),
          level: f.level,
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file },
                region: { startLine: f.line },
              },
              logicalLocations: [
                { fullyQualifiedName: f.component, kind: 'module' },
              ],
            },
          ],
          properties: {
            component: f.component,
            ...(f.fails ? { failsOn: f.fails } : {}),
          },
        })),
        properties: { rulesVersion: RULES_VERSION },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
