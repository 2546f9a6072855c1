import {
  evaluateEntity,
  MESH_ANNOTATION_PREFIX,
  MESH_ANNOTATIONS,
  parseMeshPolicy,
  type Diagnostic,
  type Evaluation,
  type EvaluationContext,
  type Finding,
  type MeshId,
} from '@mesh-advisor/plugin-service-mesh-common';
import { buildContexts, type CatalogClient } from './catalog';
import { displayPath, type Located } from './load';

export const FAIL_ON = [
  'error',
  'warning',
  'blocker-against-current-mesh',
  'provisional',
] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** One thing to show at a file and line (text, GitHub annotation, SARIF result). */
export interface LintFinding {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: string;
  file: string;
  line: number;
  /** The component whose evaluation produced it. */
  component: string;
  /** Why it fails the run under the chosen --fail-on, if it does. */
  fails?: FailOn;
}

interface ComponentReport {
  ref: string;
  file: string;
  line: number;
  evaluation: Evaluation;
  /** Whether the evaluation counts as provisional (low confidence). */
  provisional: boolean;
  findings: LintFinding[];
}

export interface LintResult {
  components: ComponentReport[];
  failOn: FailOn[];
  exitCode: 0 | 1;
}

const KNOWN_KEYS = new Set<string>(Object.values(MESH_ANNOTATIONS));

/** A stable rule id per kind of diagnostic: the annotation it is about. */
function diagnosticRuleId(d: Diagnostic): string {
  if (
    d.annotation.startsWith(MESH_ANNOTATION_PREFIX) &&
    !KNOWN_KEYS.has(d.annotation)
  )
    return 'annotation/unknown-key';
  return `annotation/${d.annotation.replace(MESH_ANNOTATION_PREFIX, '')}`;
}

function blockerRuleId(b: Finding): string {
  return `blocker/${b.id}`;
}

export const PROVISIONAL_RULE_ID = 'provisional-verdict';

/** The evaluation's own provisional flag, else its confidence under one half. */
function isProvisional(e: Evaluation): boolean {
  if (!e.applicable) return false;
  return typeof e.provisional === 'boolean'
    ? e.provisional
    : e.confidence < 0.5;
}

function severityLevel(s: Diagnostic['severity']): LintFinding['level'] {
  return s === 'info' ? 'note' : s;
}

/**
 * Evaluates every Component of the given entities, with relations resolved
 * among them (and from the catalog when given), and places each diagnostic
 * and blocker at the file and line it comes from.
 */
export async function lint(
  all: Located[],
  failOn: FailOn[],
  catalog?: CatalogClient,
): Promise<LintResult> {
  const components = all.filter(
    l => l.entity.kind.toLowerCase() === 'component',
  );
  const contexts = await buildContexts(components, all, catalog);
  const byRef = new Map<string, Located>();
  for (const l of all) if (!byRef.has(l.ref)) byRef.set(l.ref, l);
  const policy = parseMeshPolicy(undefined);

  // Where a value read from entity `ref` (annotation `key`) lives; remote or
  // unknown entities fall back to the component itself.
  const locate = (c: Located, ref?: string, key?: string) => {
    const at = ref ? byRef.get(ref.toLowerCase()) : undefined;
    if (!at) return { file: displayPath(c.file), line: c.line };
    const line = (key && at.annotationLines[key]) || at.line;
    return { file: displayPath(at.file), line };
  };

  const reports: ComponentReport[] = [];
  for (const c of components) {
    const context = contexts.get(c) as EvaluationContext;
    const evaluation = evaluateEntity(context, policy);
    const findings: LintFinding[] = [];
    for (const d of evaluation.diagnostics) {
      const where = locate(c, d.entityRef, d.annotation);
      const foreign = d.entityRef.toLowerCase() !== c.ref;
      const remote = foreign && !byRef.has(d.entityRef.toLowerCase());
      // `warning` is a threshold: it fails on errors too.
      let fails: FailOn | undefined;
      if (d.severity === 'error' && failOn.includes('error')) fails = 'error';
      else if (d.severity !== 'info' && failOn.includes('warning'))
        fails = 'warning';
      findings.push({
        ruleId: diagnosticRuleId(d),
        level: severityLevel(d.severity),
        message: `${remote ? `${d.entityRef}: ` : ''}${d.message}${
          d.fix ? ` Fix: ${d.fix}` : ''
        }`,
        ...where,
        component: c.ref,
        ...(fails ? { fails } : {}),
      });
    }
    const current = evaluation.requirements.currentMesh.value;
    for (const mesh of ['istio', 'linkerd'] as MeshId[]) {
      for (const b of evaluation.blockers[mesh]) {
        const against = current === mesh;
        const ev = b.evidence.find(
          s => s.ref && byRef.has(s.ref.toLowerCase()),
        );
        const where = locate(c, ev?.ref, ev?.annotation);
        findings.push({
          ruleId: blockerRuleId(b),
          // A blocker against the mesh it runs today is a problem now; one
          // against another mesh only narrows the choice.
          level: against ? 'error' : 'note',
          message: `${mesh} blocked${
            against ? ` (the mesh ${c.ref} runs today)` : ''
          }: ${b.summary}`,
          ...where,
          component: c.ref,
          ...(against && failOn.includes('blocker-against-current-mesh')
            ? { fails: 'blocker-against-current-mesh' as const }
            : {}),
        });
      }
    }
    const provisional = isProvisional(evaluation);
    if (provisional) {
      findings.push({
        ruleId: PROVISIONAL_RULE_ID,
        level: 'note',
        message: `Provisional verdict "${evaluation.verdict}" for ${
          c.ref
        }: confidence ${evaluation.confidence.toFixed(
          2,
        )}, it rests mostly on defaults. Declare ${
          evaluation.advice.map(a => a.annotation).join(', ') ||
          'more mesh-advisor.io annotations'
        } to sharpen it.`,
        ...locate(c),
        component: c.ref,
        ...(failOn.includes('provisional')
          ? { fails: 'provisional' as const }
          : {}),
      });
    }
    reports.push({
      ref: c.ref,
      file: displayPath(c.file),
      line: c.line,
      evaluation,
      provisional,
      findings,
    });
  }
  const failed = reports.some(r => r.findings.some(f => f.fails));
  return { components: reports, failOn, exitCode: failed ? 1 : 0 };
}

/**
 * Each finding once: a value inherited by several components (a group's
 * bad annotation) is one problem at one line, not one per component.
 */
export function uniqueFindings(result: LintResult): LintFinding[] {
  const seen = new Map<string, LintFinding>();
  for (const r of result.components) {
    for (const f of r.findings) {
      const key = `${f.file}\0${f.line}\0${f.ruleId}\0${f.message}`;
      if (!seen.has(key)) seen.set(key, f);
    }
  }
  return [...seen.values()];
}
