import { Entity } from '@backstage/catalog-model';
import type {
  Evaluation,
  EvaluationSummary,
  ListClustersResponse,
  ListEvaluationsResponse,
  SystemRollup,
} from '@mesh-advisor/plugin-service-mesh-common';
import type { CapabilitiesResponse } from '../api';

/** The catalog entity behind {@link paymentsEvaluation}. */
export const paymentsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'mesh-advisor.io/needs': 'mtls, retries, traffic-split, external-authz',
      'mesh-advisor.io/protocols': 'grpc, http2',
      'mesh-advisor.io/replicas': '6',
      'mesh-advisor.io/cluster-profile': 'standrd',
      'backstage.io/kubernetes-id': 'payments',
      'backstage.io/kubernetes-namespace': 'checkout',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
    system: 'system:default/checkout',
  },
};

const istioMtlsYaml = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: payments-strict-mtls
  namespace: checkout
spec:
  selector:
    matchLabels:
      app: payments
  mtls:
    mode: STRICT
`;

const istioExtAuthzYaml = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: payments-ext-authz
  namespace: checkout
spec:
  selector:
    matchLabels:
      app: payments
  action: CUSTOM
  provider:
    name: ext-authz
  rules:
    - to:
        - operation:
            paths: ["/*"]
`;

const linkerdServerYaml = `apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata:
  name: payments-grpc
  namespace: checkout
spec:
  podSelector:
    matchLabels:
      app: payments
  port: grpc
  proxyProtocol: gRPC
`;

/**
 * An Istio verdict: the component needs external authorization, which
 * Linkerd cannot provide, so Linkerd is blocked.
 */
export const paymentsEvaluation: Evaluation = {
  entityRef: 'component:default/payments',
  applicable: true,
  verdict: 'istio',
  scores: { istio: 78, linkerd: 41 },
  blockers: {
    istio: [],
    linkerd: [
      {
        id: 'need:external-authz',
        summary:
          'Linkerd has no external authorization (ext_authz): its policy covers mesh identity and networks only.',
        evidence: [
          {
            kind: 'annotation',
            ref: 'component:default/payments',
            annotation: 'mesh-advisor.io/needs',
          },
        ],
        facts: ['external-authz/linkerd'],
      },
    ],
  },
  factors: [
    {
      id: 'need:traffic-split',
      mesh: 'istio',
      points: 6,
      axis: 'feature-depth',
      summary:
        'Weighted canaries are native in Istio (VirtualService weights).',
      evidence: [
        {
          kind: 'annotation',
          ref: 'component:default/payments',
          annotation: 'mesh-advisor.io/needs',
        },
      ],
      facts: ['traffic-split/istio'],
    },
    {
      id: 'ops-capacity',
      mesh: 'istio',
      points: -8,
      axis: 'ops-capacity',
      summary:
        'A small platform squad owns mesh policy: Istio’s larger CRD surface costs more to run.',
      evidence: [
        {
          kind: 'inherited',
          ref: 'group:default/payments-team',
          annotation: 'mesh-advisor.io/ops-capacity',
        },
      ],
      facts: [],
    },
    {
      id: 'resource-budget',
      mesh: 'linkerd',
      points: 4,
      axis: 'resource-budget',
      summary: 'Linkerd’s Rust proxy uses less memory per replica.',
      evidence: [
        { kind: 'default', detail: 'serviceMesh.defaults.clusterProfile' },
      ],
      facts: [],
    },
  ],
  confidence: 0.71,
  diagnostics: [
    {
      severity: 'warning',
      annotation: 'mesh-advisor.io/cluster-profile',
      entityRef: 'component:default/payments',
      message:
        'Unknown cluster profile "standrd" for mesh-advisor.io/cluster-profile; accepted: edge, standard, large. Did you mean "standard"? The value is ignored.',
      value: 'standrd',
      suggestion: 'standard',
      fix: 'mesh-advisor.io/cluster-profile: standard',
    },
  ],
  advice: [
    {
      annotation: 'mesh-advisor.io/latency-budget-ms',
      why: 'A latency budget lets the advisor weigh the proxies’ added p99 latency.',
      example: 'mesh-advisor.io/latency-budget-ms: "50"',
    },
  ],
  requirements: {
    protocols: {
      value: ['grpc', 'http2'],
      sources: [
        {
          kind: 'annotation',
          ref: 'component:default/payments',
          annotation: 'mesh-advisor.io/protocols',
        },
      ],
    },
    needs: {
      value: ['mtls', 'retries', 'traffic-split', 'external-authz'],
      sources: [
        {
          kind: 'annotation',
          ref: 'component:default/payments',
          annotation: 'mesh-advisor.io/needs',
        },
      ],
    },
    clusterProfile: { value: 'standard', sources: [{ kind: 'default' }] },
    replicas: {
      value: 6,
      sources: [
        {
          kind: 'annotation',
          ref: 'component:default/payments',
          annotation: 'mesh-advisor.io/replicas',
        },
      ],
    },
    latencyBudgetMs: { value: undefined, sources: [{ kind: 'default' }] },
    opsCapacity: {
      value: 'small',
      sources: [
        {
          kind: 'inherited',
          ref: 'group:default/payments-team',
          annotation: 'mesh-advisor.io/ops-capacity',
        },
      ],
    },
    currentMesh: { value: 'none', sources: [{ kind: 'default' }] },
    existingEnvoy: { value: false, sources: [{ kind: 'default' }] },
    cni: { value: undefined, sources: [{ kind: 'default' }] },
    vendorSupport: { value: 'none', sources: [{ kind: 'default' }] },
    egressDestinations: {
      value: ['resource:default/payments-db'],
      sources: [{ kind: 'inferred', ref: 'resource:default/payments-db' }],
    },
  },
  guidance: {
    istio: {
      mesh: 'istio',
      mode: 'sidecar',
      steps: [
        {
          title: 'Enable sidecar injection',
          detail:
            'Label the namespace checkout with istio-injection=enabled and restart the payments pods.',
          docsUrl:
            'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/',
        },
        {
          title: 'Enforce strict mTLS',
          detail: 'Apply the PeerAuthentication below.',
        },
      ],
      manifests: [
        {
          title: 'Strict mTLS for payments',
          purpose: 'mtls',
          kind: 'PeerAuthentication',
          apiVersion: 'security.istio.io/v1',
          yaml: istioMtlsYaml,
          docsUrl:
            'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
        },
        {
          title: 'External authorization for payments',
          purpose: 'external-authz',
          kind: 'AuthorizationPolicy',
          apiVersion: 'security.istio.io/v1',
          yaml: istioExtAuthzYaml,
          docsUrl:
            'https://istio.io/latest/docs/tasks/security/authorization/authz-custom/',
        },
      ],
      unsupported: [],
    },
    linkerd: {
      mesh: 'linkerd',
      mode: 'sidecar',
      steps: [
        {
          title: 'Inject the proxy',
          detail:
            'Annotate the namespace checkout with linkerd.io/inject: enabled.',
          docsUrl: 'https://linkerd.io/2/tasks/adding-your-service/',
        },
      ],
      manifests: [
        {
          title: 'Server for the gRPC port',
          purpose: 'onboarding',
          kind: 'Server',
          apiVersion: 'policy.linkerd.io/v1beta3',
          yaml: linkerdServerYaml,
          docsUrl: 'https://linkerd.io/2/reference/authorization-policy/',
        },
      ],
      unsupported: [
        {
          need: 'external-authz',
          reason:
            'Linkerd authorization covers mesh identities and networks only; no ext_authz.',
        },
      ],
    },
  },
  overhead: {
    istio: {
      mesh: 'istio',
      mode: 'sidecar',
      replicas: 6,
      proxyCpuVcpu: 1.2,
      proxyMemoryMiB: 360,
      addedLatencyMs: { low: 2.65, high: 2.88 },
      label: 'Estimate at 1000 rps of 1 KB HTTP per replica',
      sources: [
        {
          title: 'Istio 1.24 performance and scalability',
          url: 'https://istio.io/latest/docs/ops/deployment/performance-and-scalability/',
          date: '2024-11-07',
        },
      ],
    },
    linkerd: {
      mesh: 'linkerd',
      mode: 'sidecar',
      replicas: 6,
      proxyCpuVcpu: 0.22,
      proxyMemoryMiB: 158,
      addedLatencyMs: { low: 0.5, high: 6 },
      label: 'Estimate at 2000 rps (vendor-run benchmark)',
      sources: [
        {
          title: 'Linkerd vs Istio benchmarks, 2021 Redux',
          url: 'https://linkerd.io/2021/11/29/linkerd-vs-istio-benchmarks-2021/',
          date: '2021-11-29',
        },
      ],
    },
  },
  rulesVersion: '2025.06-1',
};

/** The same component, re-evaluated without the external-authz need. */
export const paymentsWithoutExtAuthz: Evaluation = {
  ...paymentsEvaluation,
  verdict: 'linkerd',
  scores: { istio: 70, linkerd: 76 },
  blockers: { istio: [], linkerd: [] },
  requirements: {
    ...paymentsEvaluation.requirements,
    needs: {
      value: ['mtls', 'retries', 'traffic-split'],
      sources: [{ kind: 'override' }],
    },
  },
};

/** A library: not networked, so not applicable. */
export const libraryEvaluation: Evaluation = {
  ...paymentsEvaluation,
  entityRef: 'component:default/money-utils',
  applicable: false,
  notApplicableReason:
    'spec.type "library" is not a networked workload: a mesh has nothing to proxy.',
  verdict: 'none',
  scores: { istio: 0, linkerd: 0 },
  blockers: { istio: [], linkerd: [] },
  factors: [],
  diagnostics: [],
  advice: [],
};

/** The catalog entity of a system. */
export const checkoutSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { owner: 'group:default/payments-team' },
};

/** The roll-up of the checkout system: payments forces Istio. */
export const checkoutRollup: SystemRollup = {
  systemRef: 'system:default/checkout',
  verdict: 'istio',
  scores: { istio: 74, linkerd: 52 },
  forcing: [
    {
      entityRef: 'component:default/payments',
      mesh: 'linkerd',
      blockers: paymentsEvaluation.blockers.linkerd,
    },
  ],
  conflicts: [
    {
      entityRef: 'component:default/cart',
      verdict: 'linkerd',
      reason:
        'cart alone would prefer Linkerd (lighter proxy), but payments rules Linkerd out.',
    },
  ],
  components: [
    {
      entityRef: 'component:default/payments',
      applicable: true,
      verdict: 'istio',
      scores: { istio: 78, linkerd: 41 },
    },
    {
      entityRef: 'component:default/cart',
      applicable: true,
      verdict: 'linkerd',
      scores: { istio: 60, linkerd: 81 },
    },
  ],
  cost: { mesh: 'istio', proxyCpuVcpu: 2.4, proxyMemoryMiB: 720 },
  rulesVersion: '2025.06-1',
};

function summary(
  name: string,
  overrides: Partial<EvaluationSummary> = {},
): EvaluationSummary {
  return {
    entityRef: `component:default/${name}`,
    kind: 'component',
    namespace: 'default',
    name,
    type: 'service',
    owner: 'group:default/payments-team',
    system: 'system:default/checkout',
    lifecycle: 'production',
    applicable: true,
    verdict: 'istio',
    scores: { istio: 78, linkerd: 41 },
    blockerCount: { istio: 0, linkerd: 1 },
    confidence: 0.71,
    diagnosticCount: 1,
    currentMesh: 'none',
    drift: false,
    annotationCoverage: 0.6,
    rulesVersion: '2025.06-1',
    ...overrides,
  };
}

/** First page of the dashboard list. */
export const firstPage: ListEvaluationsResponse = {
  items: [
    summary('payments'),
    summary('cart', {
      verdict: 'linkerd',
      scores: { istio: 60, linkerd: 81 },
      blockerCount: { istio: 0, linkerd: 0 },
      currentMesh: 'istio',
      drift: true,
      diagnosticCount: 0,
    }),
  ],
  totalItems: 3,
  nextCursor: 'cursor-2',
  facets: {
    verdict: [
      { value: 'istio', count: 2 },
      { value: 'linkerd', count: 1 },
    ],
    owner: [{ value: 'group:default/payments-team', count: 3 }],
    system: [{ value: 'system:default/checkout', count: 3 }],
    lifecycle: [{ value: 'production', count: 3 }],
    coverage: { mean: 0.6, bare: 1 },
    drift: 1,
  },
};

/** Second (last) page of the dashboard list. */
export const secondPage: ListEvaluationsResponse = {
  ...firstPage,
  items: [
    summary('ledger, "legacy"', {
      title: 'Ledger',
      owner: undefined,
      system: undefined,
    }),
  ],
  nextCursor: undefined,
};

/** A small capability table. */
export const capabilities: CapabilitiesResponse = {
  rulesVersion: '2025.06-1',
  capabilities: [
    'mtls',
    'retries',
    'traffic-split',
    'external-authz',
    'tap',
  ].flatMap(capability =>
    (['istio', 'linkerd'] as const).map(mesh => ({
      id: `capability:${mesh}:${capability}`,
      capability,
      mesh,
      support: 'native' as const,
      note: '',
      sources: [],
      verified: true,
    })),
  ),
};

/** A sparse component: the verdict rests on defaults, with the questions that would decide it. */
export const provisionalEvaluation: Evaluation = {
  ...paymentsEvaluation,
  confidence: 0.3,
  provisional: true,
  blockers: { istio: [], linkerd: [] },
  decidingQuestions: [
    {
      input: 'opsCapacity',
      annotation: 'mesh-advisor.io/ops-capacity',
      question: 'Who would run the mesh?',
      changesVerdict: true,
      swing: 18,
      outcomes: [
        { value: 'dedicated', verdict: 'istio' },
        { value: 'minimal', verdict: 'linkerd' },
      ],
    },
    {
      input: 'needs',
      annotation: 'mesh-advisor.io/needs',
      question: 'Which mesh features does it need?',
      changesVerdict: true,
      swing: 12,
      outcomes: [
        { value: 'external-authz', verdict: 'istio' },
        { value: 'mtls', verdict: 'linkerd' },
      ],
    },
    {
      input: 'latencyBudgetMs',
      annotation: 'mesh-advisor.io/latency-budget-ms',
      question: 'How much added latency can it take?',
      changesVerdict: false,
      swing: 4,
      outcomes: [
        { value: '2', verdict: 'istio' },
        { value: '20', verdict: 'istio' },
      ],
    },
  ],
};

/** Two clusters: one running Istio with a conflict, one with nothing running a mesh. */
export const clusters: ListClustersResponse = {
  clusters: [
    {
      name: 'prod-eu',
      observedAt: '2026-12-01T10:00:00.000Z',
      errors: [],
      components: [
        {
          entityRef: 'component:default/payments',
          verdict: 'istio',
          runs: 'istio',
          dataPlanes: ['istio-sidecar'],
          replicas: 6,
          observedAt: '2026-12-01T10:00:00.000Z',
        },
        {
          entityRef: 'component:default/cart',
          verdict: 'linkerd',
          runs: 'istio',
          dataPlanes: ['istio-sidecar'],
          replicas: 3,
          observedAt: '2026-12-01T09:58:00.000Z',
        },
      ],
      pointsTo: { istio: 1, linkerd: 1 },
      runs: { istio: 2 },
      conflict: {
        summary: 'payments points to Istio, cart to Linkerd.',
        byMesh: {
          istio: ['component:default/payments'],
          linkerd: ['component:default/cart'],
        },
      },
      proxyCost: {
        running: { proxyCpuVcpu: 1.8, proxyMemoryMiB: 540 },
        recommended: { proxyCpuVcpu: 1.35, proxyMemoryMiB: 420 },
      },
    },
    {
      name: 'staging',
      observedAt: '2026-12-01T08:30:00.000Z',
      errors: [],
      components: [
        {
          entityRef: 'component:default/payments',
          verdict: 'istio',
          runs: 'none',
          dataPlanes: [],
          replicas: 1,
          observedAt: '2026-12-01T08:30:00.000Z',
        },
      ],
      pointsTo: { istio: 1 },
      runs: { none: 1 },
      proxyCost: {
        running: { proxyCpuVcpu: 0, proxyMemoryMiB: 0 },
        recommended: { proxyCpuVcpu: 0.2, proxyMemoryMiB: 60 },
      },
    },
  ],
};
