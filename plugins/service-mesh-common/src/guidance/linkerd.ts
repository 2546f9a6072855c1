import { MESH_DOCS } from '../facts/resources';
import { linkerdGatewayApiRange } from '../facts/versions';
import type { Guidance, Protocol } from '../schema';
import type { Names } from './render';
import {
  buildGuidance,
  GuidanceContext,
  GuidanceEntry,
  GuidanceTable,
  inVersionRange,
  ManifestPart,
  StepPart,
} from './table';
import { gatewayApiInstall, GuidanceInput } from './types';

/*
 * Linkerd guidance as a table (docs/guidance.md). The parts (manifests and
 * steps) come first; LINKERD_GUIDANCE at the end says which capability and
 * release gets which of them. Linkerd runs sidecars only.
 */

const D = MESH_DOCS.linkerd;

/** The Server's proxyProtocol from the workload's protocols. */
function proxyProtocol(protocols: readonly Protocol[]): string {
  const p = new Set(protocols.filter(x => x !== 'udp' && x !== 'http3'));
  if (p.size === 0) return 'unknown';
  if ([...p].every(x => x === 'tcp')) return 'opaque';
  if (p.has('tcp') || p.has('websocket')) return 'unknown';
  if (p.has('grpc')) return p.has('http1') ? 'unknown' : 'gRPC';
  if (p.has('http2')) return p.has('http1') ? 'unknown' : 'HTTP/2';
  return 'HTTP/1';
}

const portNameOf = (c: GuidanceContext) =>
  proxyProtocol(c.input.protocols) === 'opaque' ? 'tcp' : 'http';

const serverRef = (n: Names) => ({
  group: 'policy.linkerd.io',
  kind: 'Server',
  name: n.workload,
});

/**
 * The Gateway API route versions each Linkerd release reads: 2.16/2.17 serve
 * HTTPRoute v1beta1 and GRPCRoute v1alpha2 only; v1 from 2.18
 * (https://linkerd.io/2/features/gateway-api/).
 */
const ROUTE_API_VERSIONS = [
  {
    maxVersion: '2.17',
    HTTPRoute: 'gateway.networking.k8s.io/v1beta1',
    GRPCRoute: 'gateway.networking.k8s.io/v1alpha2',
  },
  {
    minVersion: '2.18',
    HTTPRoute: 'gateway.networking.k8s.io/v1',
    GRPCRoute: 'gateway.networking.k8s.io/v1',
  },
] as const;

/** The apiVersion Linkerd `linkerd` reads for a route kind. */
function linkerdRouteApiVersion(
  kind: 'HTTPRoute' | 'GRPCRoute',
  linkerd: string,
): string {
  const row =
    ROUTE_API_VERSIONS.find(r => inVersionRange(r, linkerd)) ??
    ROUTE_API_VERSIONS[ROUTE_API_VERSIONS.length - 1];
  return row[kind];
}

/** Whether a release's minor line lies in [min, max], compared on major.minor. */
function inMinorRange(v: string, min: string, max: string): boolean {
  return inVersionRange({ minVersion: min, maxVersion: max }, v);
}

// ── Onboarding ──────────────────────────────────────────────────────────

const INSTALL: StepPart = c => {
  const min = c.input.minVersion;
  const tooOld =
    min !== undefined && !inVersionRange({ minVersion: min }, c.version);
  return {
    title: `Install Linkerd ${c.version}`,
    detail: `linkerd install --crds | kubectl apply -f -; linkerd install | kubectl apply -f -; linkerd check.${
      min
        ? ` Its needs require Linkerd ≥ ${min}${
            tooOld ? ` — the target ${c.version} is older: upgrade first` : ''
          }.`
        : ''
    } Open source ships edge releases; stable builds come from Buoyant Enterprise for Linkerd.`,
    docsUrl: D.install,
  };
};

/** Up to 2.18 linkerd-crds installs the Gateway API CRDs itself. */
const GATEWAY_API_BUNDLED: StepPart = c => {
  const gw = linkerdGatewayApiRange(c.version);
  return {
    title: 'Gateway API CRDs',
    detail: `linkerd install --crds installs the Gateway API CRDs Linkerd ${c.version} reads (Gateway API ${gw.min}–${gw.max}; HTTPRoute v1beta1, GRPCRoute v1alpha2). If another tool manages them, install with --set installGatewayAPI=false and keep them in that range.`,
    docsUrl: D.gatewayApi,
  };
};

/** From 2.19 linkerd-crds installs no Gateway API CRDs (installGatewayAPI: false). */
const GATEWAY_API_INSTALL_FIRST: StepPart = c => {
  const gw = linkerdGatewayApiRange(c.version);
  const egressRoutes = c.needs.has('egress-control');
  const gatewayApi = c.targets.gatewayApi;
  return {
    title: 'Install the Gateway API CRDs first',
    detail: `Linkerd ${
      c.version
    } installs no Gateway API CRDs and its policy, routes and authorization need them: ${gatewayApiInstall(
      gatewayApi,
      egressRoutes ? 'experimental' : 'standard',
    )}${
      egressRoutes
        ? ' (the experimental channel, for the TLSRoute/TCPRoute egress routes)'
        : ''
    }. Linkerd ${c.version} reads Gateway API ${gw.min}–${gw.max}${
      inMinorRange(gatewayApi, gw.min, gw.max)
        ? ''
        : `; the target Gateway API ${gatewayApi} is outside that range: install a release inside it`
    }. Check an existing install with kubectl get crd httproutes.gateway.networking.k8s.io -o jsonpath='{.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version}'.`,
    docsUrl: D.gatewayApi,
  };
};

const NAMESPACE: ManifestPart = c => ({
  key: 'l5d-ns',
  title: `Enable proxy injection in namespace ${c.namespace}`,
  purpose: 'onboarding',
  kind: 'Namespace',
  apiVersion: 'v1',
  docsUrl: D.inject,
  build: n => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: n.namespace,
      annotations: { 'linkerd.io/inject': 'enabled' },
    },
  }),
});

const ANNOTATE_NAMESPACE: StepPart = c => ({
  title: `Annotate namespace ${c.namespace} and restart ${c.workload}`,
  detail: `kubectl annotate namespace ${c.namespace} linkerd.io/inject=enabled; kubectl rollout restart deployment/${c.workload} -n ${c.namespace}; linkerd check --proxy -n ${c.namespace}. mTLS between meshed pods is then automatic.`,
  docsUrl: D.inject,
});

const SERVER: ManifestPart = c => {
  const pp = proxyProtocol(c.input.protocols);
  const portName = portNameOf(c);
  return {
    key: `l5d-server|${pp}`,
    title: `Server for ${c.workload}'s ${portName} port`,
    purpose: 'mtls',
    kind: 'Server',
    apiVersion: 'policy.linkerd.io/v1beta3',
    docsUrl: D.authorizationPolicy,
    build: n => ({
      apiVersion: 'policy.linkerd.io/v1beta3',
      kind: 'Server',
      metadata: { name: n.workload, namespace: n.namespace },
      spec: {
        podSelector: { matchLabels: { app: n.workload } },
        port: portName,
        proxyProtocol: pp,
        // Once a Server exists its port denies every caller no policy
        // authorizes; audit admits them and records who would be denied, so
        // onboarding cannot refuse the ingress or an unmeshed client.
        accessPolicy: 'audit',
      },
    }),
  };
};

const MESH_TLS_AUTHENTICATION: ManifestPart = c => ({
  key: 'l5d-meshtls',
  title: `Meshed clients of namespace ${c.namespace}`,
  purpose: 'mtls',
  kind: 'MeshTLSAuthentication',
  apiVersion: 'policy.linkerd.io/v1alpha1',
  docsUrl: D.authorizationPolicy,
  build: n => ({
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'MeshTLSAuthentication',
    metadata: { name: `${n.inWorkload}-clients`, namespace: n.namespace },
    spec: {
      identities: [
        `*.${n.inNamespace}.serviceaccount.identity.linkerd.cluster.local`,
      ],
    },
  }),
});

const AUTHORIZATION_POLICY: ManifestPart = c => ({
  key: 'l5d-authz',
  title: `Only mTLS-authenticated clients may call ${c.workload}`,
  purpose: 'mtls',
  kind: 'AuthorizationPolicy',
  apiVersion: 'policy.linkerd.io/v1alpha1',
  docsUrl: D.restrictingAccess,
  build: n => ({
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    metadata: {
      name: `${n.inWorkload}-mesh-clients`,
      namespace: n.namespace,
    },
    spec: {
      targetRef: serverRef(n),
      requiredAuthenticationRefs: [
        {
          group: 'policy.linkerd.io',
          kind: 'MeshTLSAuthentication',
          name: `${n.inWorkload}-clients`,
        },
      ],
    },
  }),
});

const RESTRICT_IN_AUDIT: StepPart = c => {
  const callers = c.input.callers ?? [];
  return {
    title: 'Restrict who may call it, in audit first',
    detail:
      `Apply the Server (accessPolicy: audit), the MeshTLSAuthentication and the AuthorizationPolicy. In audit, every caller still gets through and the proxy records which requests the policy would deny. ` +
      `Add the service-account identities of every caller to the MeshTLSAuthentication: ${
        callers.length > 0
          ? `the catalog says ${callers.join(', ')} call${
              callers.length === 1 ? 's' : ''
            } it (consumers of its APIs); `
          : ''
      }also the ingress controller and callers in other namespaces. Unmeshed clients (health checks from outside the mesh, jobs without a proxy) need a NetworkAuthentication of their own. ` +
      `When a full traffic cycle shows no request the policy would deny, set the Server's accessPolicy to deny. ` +
      `(config.linkerd.io/default-inbound-policy does not apply to a port that has a Server.)`,
    docsUrl: D.restrictingAccess,
  };
};

// ── Routes: one HTTPRoute (GRPCRoute for gRPC) for all route needs ──────

const ROUTE_NEEDS = ['retries', 'timeouts', 'traffic-split', 'header-routing'];
const routeNeeds = (c: GuidanceContext) =>
  ROUTE_NEEDS.filter(x => c.needs.has(x));
/** A gRPC-only workload gets a GRPCRoute (retry.linkerd.io/grpc); anything else an HTTPRoute. */
const routeKind = (c: GuidanceContext) =>
  proxyProtocol(c.input.protocols) === 'gRPC' ? 'GRPCRoute' : 'HTTPRoute';

/** The route, at the apiVersions one range of releases reads. */
function routePart(apiVersions: {
  HTTPRoute: string;
  GRPCRoute: string;
}): ManifestPart {
  return c => {
    const needs = c.needs;
    const route = routeNeeds(c);
    const kind = routeKind(c);
    const apiVersion = apiVersions[kind];
    let routeDocsUrl: string = D.httpRoute;
    if (needs.has('retries')) routeDocsUrl = D.retries;
    else if (needs.has('timeouts')) routeDocsUrl = D.timeouts;
    return {
      key: `l5d-route|${route.join(',')}|${kind}|${apiVersion}`,
      title: `Route for ${c.workload}: ${route.join(', ')}`,
      purpose: route.join(', '),
      kind,
      apiVersion,
      docsUrl: kind === 'GRPCRoute' ? D.grpcRoute : routeDocsUrl,
      build: n => {
        const retryOn: Record<string, string> =
          kind === 'GRPCRoute'
            ? { 'retry.linkerd.io/grpc': 'unavailable' }
            : { 'retry.linkerd.io/http': '5xx' };
        const annotations: Record<string, string> = {
          ...(needs.has('retries')
            ? {
                ...retryOn,
                'retry.linkerd.io/limit': '2',
                'retry.linkerd.io/timeout': '300ms',
              }
            : {}),
          ...(needs.has('timeouts')
            ? { 'timeout.linkerd.io/request': '10s' }
            : {}),
        };
        const rules: object[] = [];
        if (needs.has('header-routing'))
          rules.push({
            matches: [{ headers: [{ name: 'x-canary', value: 'true' }] }],
            backendRefs: [{ name: `${n.inWorkload}-v2`, port: 80 }],
          });
        rules.push({
          backendRefs: needs.has('traffic-split')
            ? [
                { name: n.workload, port: 80, weight: 90 },
                { name: `${n.inWorkload}-v2`, port: 80, weight: 10 },
              ]
            : [{ name: n.workload, port: 80 }],
        });
        return {
          apiVersion,
          kind,
          metadata: {
            name: n.workload,
            namespace: n.namespace,
            ...(Object.keys(annotations).length ? { annotations } : {}),
          },
          spec: {
            parentRefs: [
              { name: n.workload, kind: 'Service', group: '', port: 80 },
            ],
            rules,
          },
        };
      },
    };
  };
}

const [ROUTE_API_BEFORE_2_18, ROUTE_API_FROM_2_18] = ROUTE_API_VERSIONS;
const ROUTE_BEFORE_V1 = routePart(ROUTE_API_BEFORE_2_18);
const ROUTE_V1 = routePart(ROUTE_API_FROM_2_18);

const APPLY_ROUTE: StepPart = c => {
  const kind = routeKind(c);
  return {
    title: 'Apply the route',
    detail: `The ${kind} expresses ${routeNeeds(c).join(
      ', ',
    )}. Written for Linkerd ${c.version} as ${linkerdRouteApiVersion(
      kind,
      c.version,
    )}: Linkerd 2.16/2.17 read HTTPRoute v1beta1 and GRPCRoute v1alpha2 only, v1 from 2.18; retry/timeout annotations need Linkerd ≥ 2.16.${
      c.needs.has('traffic-split') || c.needs.has('header-routing')
        ? ` Create a ${c.workload}-v2 Service for the canary.`
        : ''
    }`,
    docsUrl: c.needs.has('header-routing') ? D.requestRouting : D.httpRoute,
  };
};

// ── Resilience, egress, VMs, clusters, telemetry ────────────────────────

const FAILURE_ACCRUAL: ManifestPart = c => {
  const portName = portNameOf(c);
  return {
    key: `l5d-cb|${portName}`,
    title: `Circuit breaking for ${c.workload} (merge into its Service)`,
    purpose: 'circuit-breaking',
    kind: 'Service',
    apiVersion: 'v1',
    docsUrl: D.circuitBreaking,
    build: n => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: n.workload,
        namespace: n.namespace,
        annotations: {
          'balancer.linkerd.io/failure-accrual': 'consecutive',
          'balancer.linkerd.io/failure-accrual-consecutive-max-failures': '7',
          'balancer.linkerd.io/failure-accrual-consecutive-min-penalty': '1s',
          'balancer.linkerd.io/failure-accrual-consecutive-max-penalty': '60s',
        },
      },
      spec: {
        selector: { app: n.workload },
        ports: [{ name: portName, port: 80, targetPort: portName }],
      },
    }),
  };
};

const LOCAL_RATE_LIMIT: ManifestPart = c => ({
  key: 'l5d-ratelimit',
  title: `Local rate limit for ${c.workload}`,
  purpose: 'rate-limiting',
  kind: 'HTTPLocalRateLimitPolicy',
  apiVersion: 'policy.linkerd.io/v1alpha1',
  docsUrl: D.rateLimiting,
  build: n => ({
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'HTTPLocalRateLimitPolicy',
    metadata: { name: n.workload, namespace: n.namespace },
    spec: {
      targetRef: serverRef(n),
      total: { requestsPerSecond: 100 },
      identity: { requestsPerSecond: 20 },
    },
  }),
});

const EGRESS_NETWORK: ManifestPart = c => ({
  key: 'l5d-egress',
  title: `Deny undeclared egress from namespace ${c.namespace}`,
  purpose: 'egress-control',
  kind: 'EgressNetwork',
  apiVersion: 'policy.linkerd.io/v1alpha1',
  docsUrl: D.egress,
  build: n => ({
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'EgressNetwork',
    metadata: { name: `${n.inWorkload}-egress`, namespace: n.namespace },
    spec: { trafficPolicy: 'Deny' },
  }),
});

const ALLOW_DECLARED_DESTINATIONS: StepPart = c => ({
  title: 'Allow only the declared destinations',
  detail: `EgressNetwork needs Linkerd ≥ 2.17. Attach a route (TLSRoute/TCPRoute/HTTPRoute with the EgressNetwork as parentRef) per allowed destination${
    c.input.destinations.length > 0
      ? `: ${c.input.destinations.join(', ')}`
      : ''
  }. Mesh egress control is not a security boundary: a workload that bypasses its proxy bypasses the policy, so pair it with Kubernetes NetworkPolicies.`,
  docsUrl: D.egress,
});

const EXTERNAL_WORKLOAD: ManifestPart = c => {
  const portName = portNameOf(c);
  return {
    key: `l5d-extwl|${portName}`,
    title: `A VM joining ${c.workload}`,
    purpose: 'vm-workloads',
    kind: 'ExternalWorkload',
    apiVersion: 'workload.linkerd.io/v1beta1',
    docsUrl: D.externalWorkload,
    build: n => ({
      apiVersion: 'workload.linkerd.io/v1beta1',
      kind: 'ExternalWorkload',
      metadata: {
        name: `${n.inWorkload}-vm-1`,
        namespace: n.namespace,
        labels: { app: n.workload },
      },
      spec: {
        meshTLS: {
          identity: `spiffe://root.linkerd.cluster.local/${n.inWorkload}-vm`,
          serverName: `${n.inWorkload}-vm.${n.inNamespace}.cluster.local`,
        },
        workloadIPs: [{ ip: '192.0.2.10' }],
        ports: [{ port: 80, name: portName }],
      },
    }),
  };
};

const RUN_PROXY_ON_VM: StepPart = () => ({
  title: 'Run the proxy on the VM',
  detail:
    'Mesh expansion (2.15+): run linkerd-proxy with a SPIFFE identity on the VM; replace the placeholder IP.',
  docsUrl: D.externalWorkload,
});

const LINK_CLUSTERS: StepPart = () => ({
  title: 'Link the clusters',
  detail:
    'linkerd multicluster install and link (federated services 2.17+, GitOps links 2.18+); label the Service mirror.linkerd.io/exported=true.',
  docsUrl: D.multiCluster,
});

const TAP: StepPart = c => ({
  title: 'Watch live requests',
  detail: `linkerd viz tap deploy/${c.workload} -n ${c.namespace}`,
  docsUrl: D.tap,
});

const TELEMETRY: StepPart = () => ({
  title: 'Wire up telemetry',
  detail:
    'linkerd viz install for golden metrics; OpenTelemetry tracing (2.17+).',
  docsUrl: D.observability,
});

const APPROXIMATE_FAULTS: StepPart = () => ({
  title: 'Approximate fault injection',
  detail:
    'Aborts only: split a share of traffic (HTTPRoute backendRefs weight) to a deployment that returns errors; delays cannot be injected.',
  docsUrl: D.httpRoute,
});

const OUTSIDE_THE_MESH: StepPart = c => {
  const outside = c.input.protocols.filter(p => p === 'udp' || p === 'http3');
  if (outside.length === 0) return undefined;
  return {
    title: `${outside.join(', ')} stays outside the mesh`,
    detail: `${outside.join(
      ', ',
    )} is not proxied (Linkerd intercepts TCP only): that traffic gets no mTLS, metrics or policy. Protect it with a NetworkPolicy or in the application.`,
    docsUrl: D.protocolDetection,
  };
};

/** What a release older than a feature lacks, listed under `unsupported`. */
const needsRelease =
  (what: string, min: string) =>
  (c: GuidanceContext): string =>
    `${what} needs Linkerd ≥ ${min}; the target ${c.version} does not have it: upgrade first.`;

// ── The table ───────────────────────────────────────────────────────────

/** Every route need gets the one route, at the apiVersion the release reads. */
const ROUTES: readonly GuidanceEntry[] = [
  { maxVersion: '2.17', manifests: [ROUTE_BEFORE_V1], steps: [APPLY_ROUTE] },
  { minVersion: '2.18', manifests: [ROUTE_V1], steps: [APPLY_ROUTE] },
];

/**
 * What a team gets from Linkerd, per capability and release (the whole
 * supported window, 2.16–2.20, unless a row says otherwise). Rows are applied
 * in this order; a part named by several rows is written once. Capabilities
 * the table leaves out (mirroring, ingress-gateway, wasm-extensions,
 * external-authz, jwt-auth, identity-federation, sidecarless) have no
 * Linkerd guidance: the facts list them as unsupported.
 */
export const LINKERD_GUIDANCE: GuidanceTable = {
  mesh: 'linkerd',
  version: targets => targets.linkerd,
  onboarding: [
    { steps: [INSTALL] },
    { maxVersion: '2.18', steps: [GATEWAY_API_BUNDLED] },
    { minVersion: '2.19', steps: [GATEWAY_API_INSTALL_FIRST] },
    { manifests: [NAMESPACE], steps: [ANNOTATE_NAMESPACE] },
    {
      manifests: [SERVER, MESH_TLS_AUTHENTICATION, AUTHORIZATION_POLICY],
      steps: [RESTRICT_IN_AUDIT],
    },
  ],
  capabilities: {
    mtls: [
      {
        manifests: [SERVER, MESH_TLS_AUTHENTICATION, AUTHORIZATION_POLICY],
        steps: [RESTRICT_IN_AUDIT],
      },
    ],
    retries: ROUTES,
    timeouts: ROUTES,
    'traffic-split': ROUTES,
    'header-routing': ROUTES,
    'circuit-breaking': [{ manifests: [FAILURE_ACCRUAL] }],
    'rate-limiting': [
      { minVersion: '2.17', manifests: [LOCAL_RATE_LIMIT] },
      {
        maxVersion: '2.16',
        unsupported: needsRelease('HTTPLocalRateLimitPolicy', '2.17'),
      },
    ],
    'egress-control': [
      {
        minVersion: '2.17',
        manifests: [EGRESS_NETWORK],
        steps: [ALLOW_DECLARED_DESTINATIONS],
      },
      {
        maxVersion: '2.16',
        unsupported: needsRelease('EgressNetwork', '2.17'),
      },
    ],
    'vm-workloads': [
      { manifests: [EXTERNAL_WORKLOAD], steps: [RUN_PROXY_ON_VM] },
    ],
    'multi-cluster': [{ steps: [LINK_CLUSTERS] }],
    tap: [{ steps: [TAP] }],
    'golden-metrics': [{ steps: [TELEMETRY] }],
    'distributed-tracing': [
      { minVersion: '2.17', steps: [TELEMETRY] },
      {
        maxVersion: '2.16',
        steps: [TELEMETRY],
        unsupported: needsRelease('OpenTelemetry tracing', '2.17'),
      },
    ],
    // Partial: the fact says what it lacks (delays).
    'fault-injection': [{ steps: [APPROXIMATE_FAULTS] }],
    'gateway-api': [
      { maxVersion: '2.18', steps: [GATEWAY_API_BUNDLED] },
      { minVersion: '2.19', steps: [GATEWAY_API_INSTALL_FIRST] },
    ],
  },
  closing: [{ steps: [OUTSIDE_THE_MESH] }],
};

/** Linkerd guidance: injection, identity-based policy, and the needs as Linkerd resources. */
export function linkerdGuidance(input: GuidanceInput): Guidance {
  return buildGuidance(LINKERD_GUIDANCE, input, 'sidecar');
}
