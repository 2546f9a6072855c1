/**
 * The frontend tests' data, made at test time by the common evaluator from
 * the example catalog (examples/entities.yaml and examples/org.yaml) with
 * the example portal's policy: what the backend returns for the same
 * entities, so it cannot drift from what the evaluator says. Only the inputs
 * the evaluator does not make are written here: what the recorded cluster
 * runs (examples/recorded-cluster) and the backend's paging of the list.
 */
import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  CAPABILITY_FACTS,
  RULES_VERSION,
  evaluateEntity,
  parseMeshPolicy,
  proxyCost,
  rollUpSystem,
  summarizeEvaluation,
} from '@mesh-advisor/plugin-service-mesh-common';
import type {
  ClusterObservation,
  ClusterRollup,
  Evaluation,
  EvaluationSummary,
  ListClustersResponse,
  ListEvaluationsResponse,
  RequirementOverrides,
  SystemRollup,
} from '@mesh-advisor/plugin-service-mesh-common';
// Common's test loader of the example files (not exported: it reads files),
// shared so both packages evaluate the same entities.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  contextFor,
  loadExampleCatalog,
} from '@mesh-advisor/plugin-service-mesh-common/src/__fixtures__/catalog';
import type { CapabilitiesResponse } from '../api';

/** Every entity of the example catalog, by lower-case ref. */
const exampleCatalog: Map<string, Entity> = loadExampleCatalog();

/** The `serviceMesh` block of the example portal's app-config.yaml. */
const examplePolicy = parseMeshPolicy({
  defaults: {
    clusterProfile: 'standard',
    opsCapacity: 'small',
    vendorSupport: 'none',
  },
  allowedMeshes: ['istio', 'linkerd'],
  margin: 5,
});

function refOf(kind: string, name: string) {
  return `${kind}:default/${name}`.toLowerCase();
}

/** An example entity by kind and name; throws when the catalog has none. */
export function exampleEntity(kind: string, name: string): Entity {
  const entity = exampleCatalog.get(refOf(kind, name));
  if (!entity) {
    throw new Error(`examples/ has no ${refOf(kind, name)}`);
  }
  return entity;
}

/**
 * What the evaluator returns for an example entity (or an edited copy of
 * one, as the what-if sends it), with what the clusters run if given.
 */
export function evaluateExample(
  entity: Entity,
  options: {
    overrides?: RequirementOverrides;
    observations?: ClusterObservation[];
  } = {},
): Evaluation {
  const ref = refOf(entity.kind, entity.metadata.name);
  const catalog = new Map(exampleCatalog).set(ref, entity);
  return evaluateEntity(
    { ...contextFor(catalog, ref), observations: options.observations },
    examplePolicy,
    options.overrides,
  );
}

/**
 * Checkout API: Istio, with Linkerd ruled out by the L7 needs only Istio
 * covers (external authz, JWT auth, Wasm), its ops capacity inherited from
 * the Checkout system.
 */
export const checkoutApiEntity = exampleEntity('Component', 'checkout-api');
export const checkoutApiEvaluation = evaluateExample(checkoutApiEntity);

/** Wishlist service: declares the unknown protocol `quic`. */
export const wishlistEntity = exampleEntity('Component', 'wishlist-service');

/** Payments SDK: a library, so not applicable. */
export const libraryEntity = exampleEntity('Component', 'payments-sdk');
export const libraryEvaluation = evaluateExample(libraryEntity);

/** Image resizer: bare, so its verdict is provisional, with deciding questions. */
export const provisionalEntity = exampleEntity('Component', 'image-resizer');
export const provisionalEvaluation = evaluateExample(provisionalEntity);

/** The Checkout system and its roll-up over its components. */
export const checkoutSystem = exampleEntity('System', 'checkout');

/**
 * A system's roll-up, as the backend computes it from its components, with
 * `extra` components as if they were part of it too.
 */
export function rollUpExample(
  system: Entity,
  extra: Entity[] = [],
): SystemRollup {
  const systemRef = refOf(system.kind, system.metadata.name);
  const components = [...exampleCatalog.values()].filter(
    entity =>
      entity.kind === 'Component' &&
      refOf('system', String(entity.spec?.system ?? '')) === systemRef,
  );
  return rollUpSystem(
    system,
    [...components, ...extra].map(entity => evaluateExample(entity)),
    examplePolicy,
  );
}
/** Checkout: checkout-api and order-service rule Linkerd out; no conflicts. */
export const checkoutRollup = rollUpExample(checkoutSystem);

/**
 * Checkout with the Linkerd-leaning product-catalog moved into it: a
 * component that alone would pick Linkerd, in a system forced to Istio.
 */
export const checkoutRollupWithConflict = rollUpExample(checkoutSystem, [
  exampleEntity('Component', 'product-catalog'),
]);

/**
 * What the recorded cluster runs for some example components
 * (examples/recorded-cluster/clusters), as the backend's observer reads it.
 */
export const OBSERVED_AT = '2026-12-01T10:00:00.000Z';
const recordedObservations: Record<string, ClusterObservation[]> = {
  'checkout-api': [
    {
      cluster: 'prod-eu',
      observedAt: OBSERVED_AT,
      status: 'ok',
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'checkout',
          name: 'checkout-api',
          replicas: 12,
        },
      ],
      pods: 1,
      dataPlanes: ['istio-sidecar'],
      currentMesh: 'istio',
      currentMeshFrom: 'Pod checkout/checkout-api-6c6b5d7f4d-x2kq8',
      injection: ['sidecar.istio.io/inject=true'],
      replicas: { value: 12, from: 'Deployment checkout/checkout-api' },
      protocols: [],
    },
  ],
  // Its system declares current-mesh none: the cluster contradicts it.
  'payment-gateway': [
    {
      cluster: 'prod-eu',
      observedAt: OBSERVED_AT,
      status: 'ok',
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'payments',
          name: 'payment-gw',
          replicas: 10,
        },
      ],
      pods: 1,
      dataPlanes: ['istio-sidecar'],
      currentMesh: 'istio',
      currentMeshFrom: 'Pod payments/payment-gw-7b9f6d8c5-m2x9z',
      injection: ['istio.io/rev=1-24'],
      replicas: {
        value: 10,
        from: 'HorizontalPodAutoscaler payments/payment-gw (maxReplicas)',
      },
      protocols: [],
    },
  ],
  'fleet-analytics': [
    {
      cluster: 'prod-eu',
      observedAt: '2026-12-01T09:58:00.000Z',
      status: 'ok',
      workloads: [
        {
          kind: 'StatefulSet',
          namespace: 'analytics',
          name: 'fleet-analytics',
          replicas: 3,
        },
      ],
      pods: 1,
      dataPlanes: [],
      currentMesh: 'none',
      currentMeshFrom: 'Pod analytics/fleet-analytics-0',
      injection: [],
      replicas: { value: 3, from: 'StatefulSet analytics/fleet-analytics' },
      protocols: [],
    },
  ],
  'search-service': [
    {
      cluster: 'branch-01',
      observedAt: '2026-12-01T09:30:00.000Z',
      status: 'ok',
      workloads: [
        { kind: 'Deployment', namespace: 'catalog', name: 'search-api' },
      ],
      pods: 1,
      dataPlanes: ['linkerd'],
      currentMesh: 'linkerd',
      currentMeshFrom: 'Pod catalog/search-api-5c8d7b7f9d-8hx2v',
      injection: ['linkerd.io/inject=enabled'],
      protocols: [],
    },
  ],
};

/** An example component's evaluation with what the recorded cluster runs. */
export function observedExample(name: string): Evaluation {
  return evaluateExample(exampleEntity('Component', name), {
    observations: recordedObservations[name],
  });
}

/**
 * `GET /v1/clusters` over {@link recordedObservations}: per cluster the
 * verdicts, what runs, conflicts and proxy cost by common's `proxyCost`
 * (the backend's roll-up, src/clustersRoute.ts, without its store).
 */
function rollUpClusters(): ListClustersResponse {
  const byCluster = new Map<string, ClusterRollup>();
  for (const name of Object.keys(recordedObservations).sort()) {
    const evaluation = observedExample(name);
    for (const o of recordedObservations[name]) {
      const cluster = byCluster.get(o.cluster) ?? {
        name: o.cluster,
        observedAt: o.observedAt,
        errors: [],
        components: [],
        pointsTo: {},
        runs: {},
        proxyCost: {
          running: { proxyCpuVcpu: 0, proxyMemoryMiB: 0 },
          recommended: { proxyCpuVcpu: 0, proxyMemoryMiB: 0 },
        },
      };
      const runs = o.currentMesh ?? 'unknown';
      const replicas = o.replicas?.value ?? 1;
      cluster.components.push({
        entityRef: evaluation.entityRef,
        verdict: evaluation.verdict,
        runs,
        dataPlanes: o.dataPlanes,
        replicas,
        observedAt: o.observedAt,
      });
      cluster.observedAt = [cluster.observedAt, o.observedAt].sort()[1];
      cluster.pointsTo[evaluation.verdict] =
        (cluster.pointsTo[evaluation.verdict] ?? 0) + 1;
      cluster.runs[runs] = (cluster.runs[runs] ?? 0) + 1;
      for (const [key, mesh] of [
        ['running', runs],
        ['recommended', evaluation.verdict],
      ] as const) {
        const cost = proxyCost(mesh, o.dataPlanes, replicas);
        cluster.proxyCost[key].proxyCpuVcpu += cost.proxyCpuVcpu;
        cluster.proxyCost[key].proxyMemoryMiB += cost.proxyMemoryMiB;
      }
      byCluster.set(o.cluster, cluster);
    }
  }
  for (const cluster of byCluster.values()) {
    const byMesh: Record<string, string[]> = {};
    for (const c of cluster.components) {
      if (c.verdict === 'istio' || c.verdict === 'linkerd') {
        (byMesh[c.verdict] ??= []).push(c.entityRef);
      }
    }
    if (Object.keys(byMesh).length > 1) {
      cluster.conflict = {
        summary: `Components of ${cluster.name} point to different meshes.`,
        byMesh,
      };
    }
  }
  // By name, as the backend lists them.
  return {
    clusters: [...byCluster.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    ),
  };
}
export const clusters = rollUpClusters();

/** The dashboard rows of every example component, as the backend lists them. */
const summaries: EvaluationSummary[] = [...exampleCatalog.values()]
  .filter(entity => entity.kind === 'Component')
  .map(entity => summarizeEvaluation(evaluateExample(entity), entity))
  .sort((a, b) => a.entityRef.localeCompare(b.entityRef));

/** The dashboard row of one example component. */
export function summaryOf(name: string): EvaluationSummary {
  const row = summaries.find(s => s.entityRef === refOf('component', name));
  if (!row) {
    throw new Error(`examples/ has no component ${name}`);
  }
  return row;
}

function facet(values: Array<string | undefined>) {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** A list response over some rows, with the facets of all of them. */
export function listOf(
  items: EvaluationSummary[],
  of: EvaluationSummary[] = items,
  nextCursor?: string,
): ListEvaluationsResponse {
  return {
    items,
    totalItems: of.length,
    nextCursor,
    facets: {
      verdict: facet(of.map(s => s.verdict)),
      owner: facet(of.map(s => s.owner)),
      system: facet(of.map(s => s.system)),
      lifecycle: facet(of.map(s => s.lifecycle)),
      coverage: {
        mean:
          of.reduce((sum, s) => sum + s.annotationCoverage, 0) /
          Math.max(of.length, 1),
        bare: of.filter(s => s.annotationCoverage === 0).length,
      },
      drift: of.filter(s => s.drift).length,
    },
  };
}

/** The rows of the Checkout system, on two pages (the last one has one row). */
const checkoutRows = summaries.filter(
  s => s.system === 'system:default/checkout',
);
export const firstPage = listOf(
  checkoutRows.slice(0, -1),
  checkoutRows,
  'cursor-2',
);
export const secondPage = listOf(checkoutRows.slice(-1), checkoutRows);

/** `GET /v1/capabilities`. */
export const capabilities: CapabilitiesResponse = {
  rulesVersion: RULES_VERSION,
  capabilities: CAPABILITY_FACTS,
};

/** Answers `getEntityEvaluation` as the backend would: 404 for an unknown entity. */
export async function evaluationOf(
  ref: CompoundEntityRef,
): Promise<Evaluation> {
  const entity = exampleCatalog.get(refOf(ref.kind, ref.name));
  if (!entity) {
    throw new NotFoundError(
      `No entity ${ref.kind}:${ref.namespace}/${ref.name}`,
    );
  }
  return evaluateExample(entity);
}
