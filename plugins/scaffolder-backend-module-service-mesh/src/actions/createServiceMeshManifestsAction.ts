import {
  AuthService,
  DiscoveryService,
  resolveSafeChildPath,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  capabilityFact,
  compareVersions,
  Evaluation,
  MeshId,
  MeshTargets,
  RequirementOverrides,
  resolveTargets,
  SUPPORTED_VERSIONS,
} from '@mesh-advisor/plugin-service-mesh-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  createServiceMeshApi,
  notFoundMessage,
  ServiceMeshApi,
} from './serviceMeshApi';

/** @public */
export interface ServiceMeshManifestsActionOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  /** Its `serviceMesh.targets` are the versions the portal's guidance is for. */
  config: RootConfigService;
  catalog: CatalogService;
}

const MESH_CHOICES = ['auto', 'istio', 'linkerd'] as const;
type MeshChoice = (typeof MESH_CHOICES)[number];

const VERSION = /^\d+\.\d+(\.\d+)?$/;
const MESH_NAMES: Record<MeshId, string> = {
  istio: 'Istio',
  linkerd: 'Linkerd',
};
const WINDOWS = `Istio ${SUPPORTED_VERSIONS.istio.min} to ${SUPPORTED_VERSIONS.istio.max}, Linkerd ${SUPPORTED_VERSIONS.linkerd.min} to ${SUPPORTED_VERSIONS.linkerd.max}`;

const catalogRules = makeValidator();

interface ParsedInput {
  ref: CompoundEntityRef;
  mesh: MeshChoice;
  targetVersion?: string;
  outputDir: string;
}

/** Checks what needs no evaluation, each error naming the input and what it accepts. */
function parseInput(input: {
  entityRef: string;
  mesh?: string;
  targetVersion?: string;
  outputDir?: string;
}): ParsedInput {
  let ref: CompoundEntityRef | undefined;
  try {
    ref = parseEntityRef(input.entityRef.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    ref = undefined;
  }
  // The catalog's own rules, so a ref no entity could have never reaches it.
  if (
    !ref ||
    !catalogRules.isValidKind(ref.kind) ||
    !catalogRules.isValidNamespace(ref.namespace) ||
    !catalogRules.isValidEntityName(ref.name)
  ) {
    throw new InputError(
      `entityRef: ${JSON.stringify(
        input.entityRef,
      )} is not an entity ref; expected [kind:][namespace/]name, e.g. component:default/payments`,
    );
  }
  const mesh = (input.mesh?.trim().toLowerCase() || 'auto') as MeshChoice;
  if (!MESH_CHOICES.includes(mesh)) {
    throw new InputError(
      `mesh: ${JSON.stringify(
        input.mesh,
      )} is not accepted; use auto (the component's verdict), istio or linkerd`,
    );
  }
  const targetVersion = input.targetVersion?.trim() || undefined;
  if (targetVersion !== undefined && !VERSION.test(targetVersion)) {
    throw new InputError(
      `targetVersion: ${JSON.stringify(
        input.targetVersion,
      )} is not a version; give a release such as 1.26 or 2.18 (supported: ${WINDOWS})`,
    );
  }
  return {
    ref,
    mesh,
    targetVersion,
    outputDir: input.outputDir?.trim() || 'mesh',
  };
}

/** The mesh to write: the one asked for, else the verdict's. */
function chooseMesh(evaluation: Evaluation, asked: MeshChoice): MeshId {
  if (asked !== 'auto') return asked;
  const { verdict, scores, entityRef } = evaluation;
  if (verdict === 'istio' || verdict === 'linkerd') return verdict;
  if (verdict === 'either' && scores.istio !== scores.linkerd) {
    return scores.istio > scores.linkerd ? 'istio' : 'linkerd';
  }
  throw new InputError(
    verdict === 'either'
      ? `mesh: auto cannot choose for ${entityRef}: the verdict is "either" with equal scores; choose istio or linkerd`
      : `mesh: auto cannot choose for ${entityRef}: the verdict is "none" (both meshes are blocked); choose istio or linkerd to write that mesh's manifests anyway`,
  );
}

/** Refuses a release outside the window, or older than the component's needs. */
function checkTarget(
  evaluation: Evaluation,
  mesh: MeshId,
  version: string,
): void {
  const { min, max } = SUPPORTED_VERSIONS[mesh];
  const minor = version.split('.').slice(0, 2).join('.');
  if (compareVersions(minor, min) < 0 || compareVersions(minor, max) > 0) {
    throw new InputError(
      `targetVersion: ${version} is outside the ${MESH_NAMES[mesh]} releases Mesh Advisor supports: ${min} to ${max}`,
    );
  }
  const newest = evaluation.requirements.needs.value
    .map(need => ({ need, min: capabilityFact(mesh, need)?.minVersion }))
    .filter((n): n is { need: string; min: string } => n.min !== undefined)
    .sort((a, b) => compareVersions(b.min, a.min))[0];
  if (newest && compareVersions(minor, newest.min) < 0) {
    throw new InputError(
      `targetVersion: ${version} is too old for ${evaluation.entityRef}: it needs ${newest.need}, which ${MESH_NAMES[mesh]} supports from ${newest.min}`,
    );
  }
}

/** Every requirement as the card's evaluation resolved it (observed values included). */
function overridesOf(evaluation: Evaluation): RequirementOverrides {
  const r = evaluation.requirements;
  return {
    protocols: r.protocols.value,
    needs: r.needs.value,
    clusterProfile: r.clusterProfile.value,
    replicas: r.replicas.value,
    ...(r.latencyBudgetMs.value === undefined
      ? {}
      : { latencyBudgetMs: r.latencyBudgetMs.value }),
    opsCapacity: r.opsCapacity.value,
    currentMesh: r.currentMesh.value,
    existingEnvoy: r.existingEnvoy.value,
    vendorSupport: r.vendorSupport.value,
  };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'manifest'
  );
}

/**
 * `10-namespace-onboarding.yaml`, … : numbered in the guidance's order,
 * which is apply order, zero-padded so `kubectl apply -f dir` keeps it; made
 * of [a-z0-9-] only, so no name can leave the directory.
 */
function fileName(index: number, count: number, kind: string, purpose: string) {
  const width = String(count * 10).length;
  const number = String((index + 1) * 10).padStart(width, '0');
  return `${number}-${slug(kind)}-${slug(purpose)}.yaml`;
}

/**
 * `service-mesh:manifests`: evaluates a component as the user running the
 * template and writes the chosen mesh's guidance manifests into the
 * workspace, one file per resource.
 *
 * @public
 */
export function createServiceMeshManifestsAction(
  options: ServiceMeshManifestsActionOptions,
) {
  const { config, catalog } = options;
  const api: ServiceMeshApi = createServiceMeshApi(options);

  return createTemplateAction({
    id: 'service-mesh:manifests',
    description:
      "Writes a component's Mesh Advisor manifests (mTLS, authorization, routes, onboarding) for its mesh into the workspace, evaluated as the user running the template.",
    supportsDryRun: true,
    examples: [
      {
        description: 'The manifests for the mesh of the verdict',
        example: [
          'steps:',
          '  - id: manifests',
          '    action: service-mesh:manifests',
          '    input:',
          '      entityRef: component:default/payments',
        ].join('\n'),
      },
      {
        description: 'Linkerd 2.18 manifests into deploy/mesh',
        example: [
          'steps:',
          '  - id: manifests',
          '    action: service-mesh:manifests',
          '    input:',
          '      entityRef: component:default/cart',
          '      mesh: linkerd',
          "      targetVersion: '2.18'",
          '      outputDir: deploy/mesh',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The component, as [kind:][namespace/]name (e.g. component:default/payments)',
            ),
        mesh: z =>
          z
            .string()
            .optional()
            .describe(
              "auto (the default: the component's verdict), istio or linkerd",
            ),
        targetVersion: z =>
          z
            .string()
            .optional()
            .describe(
              `The mesh release to write for (${WINDOWS}); default: the portal's serviceMesh.targets, else the newest`,
            ),
        outputDir: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory inside the workspace for the files (default: mesh)',
            ),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('The files written, relative to the workspace'),
        manifests: z =>
          z
            .array(
              z.object({
                file: z.string(),
                title: z.string(),
                kind: z.string(),
                apiVersion: z.string(),
                content: z.string(),
              }),
            )
            .describe(
              'Each file with what it holds, for a run that shows them rather than publishing them',
            ),
        mesh: z => z.string().describe('The mesh the manifests are for'),
        verdict: z =>
          z
            .string()
            .describe(
              "The component's verdict: istio, linkerd, either or none",
            ),
        mode: z =>
          z.string().describe('Data-plane mode assumed: sidecar or ambient'),
        targets: z =>
          z
            .object({
              istio: z.string(),
              linkerd: z.string(),
              gatewayApi: z.string(),
            })
            .describe('The releases the guidance is written for'),
      },
    },
    async handler(ctx) {
      const input = parseInput(ctx.input);
      const entityRef = stringifyEntityRef(input.ref);
      let outDir: string;
      try {
        outDir = resolveSafeChildPath(ctx.workspacePath, input.outputDir);
      } catch {
        throw new InputError(
          `outputDir: ${JSON.stringify(
            input.outputDir,
          )} points outside the workspace; give a relative path inside it, such as mesh`,
        );
      }

      const credentials = await ctx.getInitiatorCredentials();
      const evaluation = await api.getEvaluation(input.ref, credentials);
      if (!evaluation.applicable) {
        throw new InputError(
          `entityRef: ${entityRef} is not a mesh candidate: ${evaluation.notApplicableReason}`,
        );
      }
      const mesh = chooseMesh(evaluation, input.mesh);
      for (const blocker of evaluation.blockers[mesh]) {
        ctx.logger.warn(
          `${MESH_NAMES[mesh]} is blocked for ${entityRef}: ${blocker.summary}`,
        );
      }

      const portalTargets = resolveTargets(
        config.getOptional<Partial<MeshTargets>>('serviceMesh.targets'),
      );
      let targets = portalTargets;
      let guidance = evaluation.guidance[mesh];
      if (input.targetVersion !== undefined) {
        checkTarget(evaluation, mesh, input.targetVersion);
        targets = { ...portalTargets, [mesh]: input.targetVersion };
        if (compareVersions(input.targetVersion, portalTargets[mesh]) !== 0) {
          // The card's evaluation is for the portal's targets; the same
          // entity and inputs go through the what-if route for this one.
          const entity = await catalog.getEntityByRef(input.ref, {
            credentials,
          });
          if (!entity) throw new NotFoundError(notFoundMessage(entityRef));
          const draft = await api.evaluateDraft(
            {
              entity: entity as any,
              overrides: overridesOf(evaluation),
              targets: { [mesh]: input.targetVersion },
            },
            credentials,
          );
          guidance = draft.guidance[mesh];
        }
      }

      await fs.mkdir(outDir, { recursive: true });
      const written: {
        file: string;
        title: string;
        kind: string;
        apiVersion: string;
        content: string;
      }[] = [];
      const { manifests } = guidance;
      for (const [index, manifest] of manifests.entries()) {
        const name = fileName(
          index,
          manifests.length,
          manifest.kind,
          manifest.purpose,
        );
        const yaml = manifest.yaml.endsWith('\n')
          ? manifest.yaml
          : `${manifest.yaml}\n`;
        const content = `# ${manifest.title}\n# ${manifest.docsUrl}\n${yaml}`;
        await fs.writeFile(path.join(outDir, name), content);
        written.push({
          file: path
            .relative(ctx.workspacePath, path.join(outDir, name))
            .split(path.sep)
            .join('/'),
          title: manifest.title,
          kind: manifest.kind,
          apiVersion: manifest.apiVersion,
          content,
        });
      }
      const files = written.map(w => w.file);
      ctx.logger.info(
        `${entityRef}: verdict ${evaluation.verdict}; wrote ${files.length} ${
          MESH_NAMES[mesh]
        } ${targets[mesh]} manifests (${guidance.mode}) to ${
          path.relative(ctx.workspacePath, outDir) || '.'
        }`,
      );
      for (const u of guidance.unsupported) {
        ctx.logger.warn(
          `${MESH_NAMES[mesh]} cannot express ${u.need}: ${u.reason}`,
        );
      }

      ctx.output('files', files);
      ctx.output('manifests', written);
      ctx.output('mesh', mesh);
      ctx.output('verdict', evaluation.verdict);
      ctx.output('mode', guidance.mode);
      ctx.output('targets', targets);
    },
  });
}
