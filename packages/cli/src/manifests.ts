import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  capabilityFact,
  evaluateEntity,
  parseMeshPolicy,
  type Evaluation,
  type EvaluationContext,
  type Guidance,
  type MeshId,
} from '@mesh-advisor/plugin-service-mesh-common';
import { buildContexts, type CatalogClient } from './catalog';
import { InputError, UsageError } from './errors';
import { displayPath, type Located } from './load';

export interface ManifestsOptions {
  entity?: string;
  mesh?: MeshId;
  target?: string;
  out: string;
}

export interface WrittenManifest {
  file: string;
  kind: string;
  name: string;
  apiVersion: string;
  title: string;
}

/** The component the user means: a full ref, `component:name`, or a name. */
function pickComponent(all: Located[], wanted?: string): Located {
  const components = all.filter(
    l => l.entity.kind.toLowerCase() === 'component',
  );
  const list = components.map(c => c.ref).join(', ');
  if (components.length === 0)
    throw new InputError(['no Component entity in the given file(s)']);
  if (!wanted) {
    if (components.length === 1) return components[0];
    throw new UsageError(
      `the file holds ${components.length} components; choose one with --entity <ref or name> (${list})`,
    );
  }
  const w = wanted.toLowerCase();
  const hit = components.filter(
    c =>
      c.ref === w ||
      c.ref === `component:default/${w}` ||
      c.ref.replace(/^component:/, '') === w ||
      c.entity.metadata.name.toLowerCase() === w,
  );
  if (hit.length === 1) return hit[0];
  if (hit.length > 1)
    throw new UsageError(
      `--entity ${wanted} matches several components (${hit
        .map(h => h.ref)
        .join(', ')}); give the full ref`,
    );
  throw new UsageError(
    `--entity ${wanted}: no such component (components: ${list})`,
  );
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function mesh(evaluation: Evaluation, chosen?: MeshId): MeshId {
  if (chosen) return chosen;
  const v = evaluation.verdict;
  if (v === 'istio' || v === 'linkerd') return v;
  if (v === 'either') {
    const { istio, linkerd } = evaluation.scores;
    if (istio !== linkerd) return istio > linkerd ? 'istio' : 'linkerd';
    throw new UsageError(
      `${evaluation.entityRef}: the verdict is "either" with equal scores; choose one with --mesh istio|linkerd`,
    );
  }
  throw new UsageError(
    `${evaluation.entityRef}: the verdict is "none" (both meshes are blocked); pass --mesh istio|linkerd to write that mesh's manifests anyway`,
  );
}

function fileName(
  index: number,
  count: number,
  kind: string,
  name: string,
): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x';
  // Numbered in the guidance's order (Namespace first), which is apply order.
  // Zero-padded to the widest number so `ls` and `kubectl apply -f dir` keep the order.
  const width = String(count * 10).length;
  return `${String((index + 1) * 10).padStart(width, '0')}-${slug(kind)}-${slug(
    name,
  )}.yaml`;
}

/**
 * Evaluates the chosen component and writes its guidance manifests for one
 * mesh, one file each; returns what it wrote and notes for the user.
 */
export async function writeManifests(
  all: Located[],
  options: ManifestsOptions,
  catalog?: CatalogClient,
): Promise<{
  component: Located;
  evaluation: Evaluation;
  mesh: MeshId;
  guidance: Guidance;
  written: WrittenManifest[];
  notes: string[];
}> {
  const component = pickComponent(all, options.entity);
  const context = (await buildContexts([component], all, catalog)).get(
    component,
  ) as EvaluationContext;
  const policy = parseMeshPolicy(undefined);
  const notes: string[] = [];
  const evaluation = evaluateEntity(context, policy);
  if (!evaluation.applicable)
    throw new InputError([
      `${displayPath(component.file)}:${component.line}: ${
        component.ref
      } is not evaluated for a mesh: ${evaluation.notApplicableReason}`,
    ]);
  const chosen = mesh(evaluation, options.mesh);
  if (!options.mesh && evaluation.verdict === 'either')
    notes.push(
      `verdict is "either"; writing ${chosen} (the higher score; pass --mesh to choose)`,
    );
  for (const b of evaluation.blockers[chosen])
    notes.push(
      `warning: ${chosen} is blocked for ${component.ref}: ${b.summary}`,
    );

  if (options.target !== undefined) {
    // The lowest version the component's needs work on, from the facts.
    const required = evaluation.requirements.needs.value
      .map(n => ({ need: n, min: capabilityFact(chosen, n)?.minVersion }))
      .filter((x): x is { need: string; min: string } => !!x.min)
      .sort((a, b) => compareVersions(b.min, a.min))[0];
    if (required && compareVersions(options.target, required.min) < 0)
      throw new UsageError(
        `--target ${options.target}: ${component.ref} needs ${required.need}, which ${chosen} supports from ${required.min}`,
      );
    // The guidance generator takes no target version (yet): say so rather
    // than pretend the manifests were tailored.
    notes.push(
      `--target ${options.target} checked against the needs' minimum versions; the guidance itself is for the default (latest documented) ${chosen} version`,
    );
  }

  const guidance = evaluation.guidance[chosen];
  fs.mkdirSync(options.out, { recursive: true });
  const written: WrittenManifest[] = [];
  guidance.manifests.forEach((m, i) => {
    const doc = parseYaml(m.yaml) as { metadata?: { name?: string } } | null;
    const name = doc?.metadata?.name ?? m.purpose;
    const file = path.join(
      options.out,
      fileName(i, guidance.manifests.length, m.kind, name),
    );
    const header = `# ${m.title}\n# ${m.docsUrl}\n`;
    fs.writeFileSync(
      file,
      `${header}${m.yaml.endsWith('\n') ? m.yaml : `${m.yaml}\n`}`,
    );
    written.push({
      file: displayPath(file),
      kind: m.kind,
      name,
      apiVersion: m.apiVersion,
      title: m.title,
    });
  });
  return { component, evaluation, mesh: chosen, guidance, written, notes };
}
