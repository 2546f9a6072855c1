import { capabilityFact } from '../facts/capabilities';
import { MESH_DOCS } from '../facts/resources';
import type { Guidance } from '../schema';
import type { Names } from './render';
import {
  buildGuidance,
  DataPlaneMode,
  GuidanceContext,
  GuidanceEntry,
  GuidanceTable,
  ManifestPart,
  StepPart,
} from './table';
import { destinationHost, gatewayApiInstall, GuidanceInput } from './types';

/*
 * Istio guidance as a table (docs/guidance.md). The parts (manifests and
 * steps) come first; ISTIO_GUIDANCE at the end says which capability, mode
 * and release gets which of them.
 */

const D = MESH_DOCS.istio;

/** Where the ambient egress waypoint and its ServiceEntries live. */
const AMBIENT_EGRESS_NAMESPACE = 'istio-egress';

const host = (n: Names) => `${n.inWorkload}.${n.inNamespace}.svc.cluster.local`;

/** Sidecars select pods; ambient L7 policy attaches to the Service (through its waypoint). */
const policyTarget = (mode: DataPlaneMode, n: Names) =>
  mode === 'ambient'
    ? { targetRefs: [{ kind: 'Service', group: '', name: n.workload }] }
    : { selector: { matchLabels: { app: n.workload } } };

/** The Gateway that is a waypoint, in a namespace. */
const waypointGateway = (namespace: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: {
    name: 'waypoint',
    namespace,
    labels: { 'istio.io/waypoint-for': 'service' },
  },
  spec: {
    gatewayClassName: 'istio-waypoint',
    listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
  },
});

/** What ambient mode lacks or has only in part: the capability fact's ambient note. */
const ambientCaveat = (capability: string) => (): string =>
  capabilityFact('istio', capability)?.ambient?.note ??
  `${capability} differs in ambient mode.`;

// ── Onboarding ──────────────────────────────────────────────────────────

const INSTALL_SIDECAR: StepPart = c => ({
  title: 'Install Istio',
  detail: `istioctl install (or the Helm charts). On upgrades move istiod first: the control plane may run one minor version ahead of the sidecars, never behind.${
    c.input.minVersion ? ` Needs Istio ≥ ${c.input.minVersion}.` : ''
  }`,
  docsUrl: D.install,
});

const INSTALL_AMBIENT: StepPart = c => ({
  title: 'Install Istio with the ambient profile',
  detail: `istioctl install --set profile=ambient (Istio ≥ 1.24, ambient GA). ${
    c.input.ambientReason ?? ''
  }`.trim(),
  docsUrl: D.ambient,
});

const usesGatewayApi = (c: GuidanceContext) =>
  c.fromNeeds.some(s => s.apiVersion.startsWith('gateway.networking.k8s.io/'));

/** Why the Gateway API CRDs are needed, in the step that installs them. */
function gatewayApiReason(c: GuidanceContext): string {
  if (c.mode === 'ambient')
    return 'ambient mode (waypoints are Gateways) needs';
  return usesGatewayApi(c)
    ? 'the Gateway API resources below need'
    : 'the Gateway API resources it needs (gateway-api) need';
}

const GATEWAY_API_CRDS: StepPart = c => ({
  title: 'Install the Gateway API CRDs',
  detail: `Istio does not install them and ${gatewayApiReason(
    c,
  )} them: ${gatewayApiInstall(
    c.targets.gatewayApi,
  )} (skip if kubectl get crd gateways.gateway.networking.k8s.io finds them).`,
  docsUrl: D.gatewayApiCrds,
});

const NAMESPACE: ManifestPart = c => ({
  key: `ns|${c.mode}|${c.waypoint}`,
  title:
    c.mode === 'ambient'
      ? `Enrol namespace ${c.namespace} in ambient mode`
      : `Enable sidecar injection in namespace ${c.namespace}`,
  purpose: 'onboarding',
  kind: 'Namespace',
  apiVersion: 'v1',
  docsUrl: c.mode === 'ambient' ? D.ambient : D.sidecarInjection,
  build: n => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: n.namespace,
      labels:
        c.mode === 'ambient'
          ? {
              'istio.io/dataplane-mode': 'ambient',
              ...(c.waypoint ? { 'istio.io/use-waypoint': 'waypoint' } : {}),
            }
          : { 'istio-injection': 'enabled' },
    },
  }),
});

const LABEL_NAMESPACE: StepPart = c =>
  c.mode === 'ambient'
    ? {
        title: `Label namespace ${c.namespace} for ambient`,
        detail: `kubectl label namespace ${c.namespace} istio.io/dataplane-mode=ambient — no restart needed; ztunnel captures the pods.`,
        docsUrl: D.ambient,
      }
    : {
        title: `Label namespace ${c.namespace} for injection`,
        detail: `kubectl label namespace ${c.namespace} istio-injection=enabled, then kubectl rollout restart deployment/${c.workload} -n ${c.namespace}.`,
        docsUrl: D.sidecarInjection,
      };

const WAYPOINT: ManifestPart = c => ({
  key: 'waypoint',
  title: `Waypoint for L7 policy in ${c.namespace}`,
  purpose: 'onboarding',
  kind: 'Gateway',
  apiVersion: 'gateway.networking.k8s.io/v1',
  docsUrl: D.waypoint,
  build: n => waypointGateway(n.namespace),
});

const DEPLOY_WAYPOINT: StepPart = c => ({
  title: 'Deploy a waypoint',
  detail: `Its needs (${c.l7Needs.join(
    ', ',
  )}) are L7: istioctl waypoint apply -n ${
    c.namespace
  } --enroll-namespace (or apply the Gateway below).`,
  docsUrl: D.waypoint,
});

const PEER_AUTHENTICATION: ManifestPart = c => ({
  key: `mtls|${c.mode}`,
  title: `Strict mTLS for ${c.workload}`,
  purpose: 'mtls',
  kind: 'PeerAuthentication',
  apiVersion: 'security.istio.io/v1',
  docsUrl: D.peerAuthentication,
  build: n => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: n.workload, namespace: n.namespace },
    spec: {
      selector: { matchLabels: { app: n.workload } },
      mtls: { mode: 'STRICT' },
    },
  }),
});

const STRICT_MTLS: StepPart = () => ({
  title: 'Enforce strict mTLS',
  detail:
    'Istio encrypts meshed traffic by default (PERMISSIVE); apply the PeerAuthentication once every client is meshed.',
  docsUrl: D.peerAuthentication,
});

// ── Routing: one VirtualService (and DestinationRule) for all route needs ──

const ROUTE_NEEDS = [
  'retries',
  'timeouts',
  'traffic-split',
  'header-routing',
  'mirroring',
  'fault-injection',
];
const routeNeeds = (c: GuidanceContext) =>
  ROUTE_NEEDS.filter(x => c.needs.has(x));
/** Traffic split, header routing and mirroring route to subsets v1/v2. */
const usesSubsets = (c: GuidanceContext) =>
  c.needs.has('traffic-split') ||
  c.needs.has('header-routing') ||
  c.needs.has('mirroring');

const VIRTUAL_SERVICE: ManifestPart = c => {
  const needs = c.needs;
  const route = routeNeeds(c);
  const subsets = usesSubsets(c);
  return {
    key: `vs|${route.join(',')}`,
    title: `Routing for ${c.workload}: ${route.join(', ')}`,
    purpose: route.join(', '),
    kind: 'VirtualService',
    apiVersion: 'networking.istio.io/v1',
    docsUrl: D.virtualService,
    build: n => {
      const h = host(n);
      const http: object[] = [];
      if (needs.has('header-routing'))
        http.push({
          name: 'canary-header',
          match: [{ headers: { 'x-canary': { exact: 'true' } } }],
          route: [{ destination: { host: h, subset: 'v2' } }],
        });
      http.push({
        name: 'default',
        route: needs.has('traffic-split')
          ? [
              { destination: { host: h, subset: 'v1' }, weight: 90 },
              { destination: { host: h, subset: 'v2' }, weight: 10 },
            ]
          : [
              {
                destination: subsets ? { host: h, subset: 'v1' } : { host: h },
              },
            ],
        ...(needs.has('timeouts') ? { timeout: '10s' } : {}),
        ...(needs.has('retries')
          ? {
              retries: {
                attempts: 3,
                perTryTimeout: '2s',
                retryOn: '5xx,reset,connect-failure,retriable-4xx',
              },
            }
          : {}),
        ...(needs.has('mirroring')
          ? {
              mirror: { host: h, subset: 'v2' },
              mirrorPercentage: { value: 10 },
            }
          : {}),
        ...(needs.has('fault-injection')
          ? {
              fault: {
                delay: { percentage: { value: 1 }, fixedDelay: '2s' },
                abort: { percentage: { value: 1 }, httpStatus: 503 },
              },
            }
          : {}),
      });
      return {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: n.workload, namespace: n.namespace },
        spec: { hosts: [h], http },
      };
    },
  };
};

const APPLY_ROUTING: StepPart = c => ({
  title: 'Apply the routing rules',
  detail: `The VirtualService expresses ${routeNeeds(c).join(
    ', ',
  )}; tune the numbers (attempts, timeouts, weights) to the service.${
    c.mode === 'ambient'
      ? ' In ambient mode VirtualService is served by the waypoint (alpha there); Gateway API HTTPRoute is the preferred API.'
      : ''
  }`,
  docsUrl: c.needs.has('traffic-split') ? D.trafficShifting : D.virtualService,
});

/** Subsets v1/v2 for the routes, and the circuit breaker: one DestinationRule. */
const DESTINATION_RULE: ManifestPart = c => {
  const subsets = usesSubsets(c);
  const cb = c.needs.has('circuit-breaking');
  return {
    key: `dr|${subsets}|${cb}`,
    title: cb
      ? `Circuit breaking for ${c.workload}`
      : `Subsets v1/v2 of ${c.workload}`,
    purpose: cb
      ? 'circuit-breaking'
      : routeNeeds(c)
          .filter(x => x !== 'retries' && x !== 'timeouts')
          .join(', '),
    kind: 'DestinationRule',
    apiVersion: 'networking.istio.io/v1',
    docsUrl: D.destinationRule,
    build: n => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: n.workload, namespace: n.namespace },
      spec: {
        host: host(n),
        ...(cb
          ? {
              trafficPolicy: {
                connectionPool: {
                  tcp: { maxConnections: 100 },
                  http: {
                    http1MaxPendingRequests: 100,
                    maxRequestsPerConnection: 10,
                  },
                },
                outlierDetection: {
                  consecutive5xxErrors: 5,
                  interval: '10s',
                  baseEjectionTime: '30s',
                  maxEjectionPercent: 50,
                },
              },
            }
          : {}),
        ...(subsets
          ? {
              subsets: [
                { name: 'v1', labels: { version: 'v1' } },
                { name: 'v2', labels: { version: 'v2' } },
              ],
            }
          : {}),
      },
    }),
  };
};

// ── Security ────────────────────────────────────────────────────────────

const EXT_AUTHZ_POLICY: ManifestPart = c => ({
  key: `extauthz|${c.mode}`,
  title: `External authorization for ${c.workload}`,
  purpose: 'external-authz',
  kind: 'AuthorizationPolicy',
  apiVersion: 'security.istio.io/v1',
  docsUrl: D.externalAuthz,
  build: n => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: `${n.inWorkload}-ext-authz`, namespace: n.namespace },
    spec: {
      ...policyTarget(c.mode, n),
      action: 'CUSTOM',
      provider: { name: 'ext-authz' },
      rules: [{ to: [{ operation: { paths: ['/*'] } }] }],
    },
  }),
});

const REGISTER_AUTHORIZER: StepPart = () => ({
  title: 'Register the external authorizer',
  detail:
    'Add an extensionProviders entry named ext-authz (envoyExtAuthzGrpc or envoyExtAuthzHttp) to meshConfig; the CUSTOM policy refers to it.',
  docsUrl: D.externalAuthz,
});

/** JWT validation serves both end-user JWTs and federated identities. */
const jwtPurpose = (c: GuidanceContext) =>
  ['jwt-auth', 'identity-federation'].filter(x => c.needs.has(x)).join(', ');

const REQUEST_AUTHENTICATION: ManifestPart = c => {
  const purpose = jwtPurpose(c);
  return {
    key: `reqauthn|${c.mode}|${purpose}`,
    title: `Validate end-user JWTs for ${c.workload}`,
    purpose,
    kind: 'RequestAuthentication',
    apiVersion: 'security.istio.io/v1',
    docsUrl: D.requestAuthentication,
    build: n => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: { name: n.workload, namespace: n.namespace },
      spec: {
        ...policyTarget(c.mode, n),
        jwtRules: [
          {
            issuer: 'https://issuer.example.com',
            jwksUri: 'https://issuer.example.com/.well-known/jwks.json',
            forwardOriginalToken: true,
          },
        ],
      },
    }),
  };
};

const REQUIRE_JWT: ManifestPart = c => {
  const purpose = jwtPurpose(c);
  return {
    key: `requirejwt|${c.mode}|${purpose}`,
    title: `Require a valid JWT for ${c.workload}`,
    purpose,
    kind: 'AuthorizationPolicy',
    apiVersion: 'security.istio.io/v1',
    docsUrl: D.authorizationPolicy,
    build: n => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: {
        name: `${n.inWorkload}-require-jwt`,
        namespace: n.namespace,
      },
      spec: {
        ...policyTarget(c.mode, n),
        action: 'ALLOW',
        rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }],
      },
    }),
  };
};

const POINT_AT_IDP: StepPart = () => ({
  title: 'Point the JWT rules at your IdP',
  detail:
    'Replace issuer and jwksUri with your identity provider (OIDC discovery).',
  docsUrl: D.requestAuthentication,
});

// ── Extensions ──────────────────────────────────────────────────────────

/** Istio has no rate-limit API: an EnvoyFilter inserts Envoy's local rate limit. */
const LOCAL_RATE_LIMIT: ManifestPart = c => {
  const ambient = c.mode === 'ambient';
  return {
    key: `ratelimit|${c.mode}`,
    title: `Local rate limit for ${c.workload}`,
    purpose: 'rate-limiting',
    kind: 'EnvoyFilter',
    apiVersion: 'networking.istio.io/v1alpha3',
    docsUrl: D.rateLimit,
    build: n => ({
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: {
        name: `${n.inWorkload}-local-ratelimit`,
        namespace: n.namespace,
      },
      spec: {
        ...(ambient
          ? {
              targetRefs: [
                {
                  kind: 'Gateway',
                  group: 'gateway.networking.k8s.io',
                  name: 'waypoint',
                },
              ],
            }
          : { workloadSelector: { labels: { app: n.workload } } }),
        configPatches: [
          {
            applyTo: 'HTTP_FILTER',
            match: {
              context: ambient ? 'ANY' : 'SIDECAR_INBOUND',
              listener: {
                filterChain: {
                  filter: {
                    name: 'envoy.filters.network.http_connection_manager',
                  },
                },
              },
            },
            patch: {
              operation: 'INSERT_BEFORE',
              value: {
                name: 'envoy.filters.http.local_ratelimit',
                typed_config: {
                  '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
                  type_url:
                    'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
                  value: {
                    stat_prefix: 'http_local_rate_limiter',
                    token_bucket: {
                      max_tokens: 100,
                      tokens_per_fill: 100,
                      fill_interval: '1s',
                    },
                    filter_enabled: {
                      runtime_key: 'local_rate_limit_enabled',
                      default_value: {
                        numerator: 100,
                        denominator: 'HUNDRED',
                      },
                    },
                    filter_enforced: {
                      runtime_key: 'local_rate_limit_enforced',
                      default_value: {
                        numerator: 100,
                        denominator: 'HUNDRED',
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    }),
  };
};

const WASM_PLUGIN: ManifestPart = c => ({
  key: `wasm|${c.mode}`,
  title: `Wasm filter for ${c.workload}`,
  purpose: 'wasm-extensions',
  kind: 'WasmPlugin',
  apiVersion: 'extensions.istio.io/v1alpha1',
  docsUrl: D.wasmPlugin,
  build: n => ({
    apiVersion: 'extensions.istio.io/v1alpha1',
    kind: 'WasmPlugin',
    metadata: { name: `${n.inWorkload}-wasm`, namespace: n.namespace },
    spec: {
      ...policyTarget(c.mode, n),
      url: 'oci://registry.example.com/wasm/filter:1.0.0',
      phase: 'AUTHN',
      pluginConfig: {},
    },
  }),
});

/** Istio 1.30's extension API: it supersedes WasmPlugin, in sidecars and waypoints alike. */
const TRAFFIC_EXTENSION: ManifestPart = c => ({
  key: `trafficext|${c.mode}`,
  title: `Wasm filter for ${c.workload}`,
  purpose: 'wasm-extensions',
  kind: 'TrafficExtension',
  apiVersion: 'extensions.istio.io/v1alpha1',
  docsUrl: D.trafficExtension,
  build: n => ({
    apiVersion: 'extensions.istio.io/v1alpha1',
    kind: 'TrafficExtension',
    metadata: { name: `${n.inWorkload}-wasm`, namespace: n.namespace },
    spec: {
      ...policyTarget(c.mode, n),
      phase: 'AUTHN',
      wasm: {
        url: 'oci://registry.example.com/wasm/filter:1.0.0',
        pluginConfig: {},
      },
    },
  }),
});

const APPLY_TRAFFIC_EXTENSION: StepPart = c => ({
  title: 'Load the Wasm filter',
  detail: `Istio ${c.version} configures proxy extensions with TrafficExtension, which supersedes WasmPlugin (still served): point wasm.url at your module and pin it with wasm.sha256; move existing WasmPlugins over.`,
  docsUrl: D.trafficExtension,
});

// ── Egress ──────────────────────────────────────────────────────────────

const egressHosts = (c: GuidanceContext) =>
  c.input.destinations.map(destinationHost);

const SIDECAR_REGISTRY_ONLY: ManifestPart = c => ({
  key: 'sidecar-egress',
  title: `Registry-only egress for ${c.workload}`,
  purpose: 'egress-control',
  kind: 'Sidecar',
  apiVersion: 'networking.istio.io/v1',
  docsUrl: D.sidecar,
  build: n => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'Sidecar',
    metadata: { name: n.workload, namespace: n.namespace },
    spec: {
      workloadSelector: { labels: { app: n.workload } },
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      egress: [{ hosts: ['./*', 'istio-system/*'] }],
    },
  }),
});

// Ambient has no per-workload Sidecar, and ztunnel ignores
// outboundTrafficPolicy REGISTRY_ONLY: egress is an egress waypoint the
// ServiceEntries opt into, with an AuthorizationPolicy on each.
// https://istio.io/latest/docs/ambient/usage/egress-gateway/
const EGRESS_WAYPOINT: ManifestPart = () => ({
  key: 'egress-waypoint',
  title: `Egress waypoint in namespace ${AMBIENT_EGRESS_NAMESPACE}`,
  purpose: 'egress-control',
  kind: 'Gateway',
  apiVersion: 'gateway.networking.k8s.io/v1',
  docsUrl: D.egress,
  build: () => waypointGateway(AMBIENT_EGRESS_NAMESPACE),
});

/** The declared destinations; in ambient mode they live with the egress waypoint and use it. */
const SERVICE_ENTRY: ManifestPart = c => {
  const hosts = egressHosts(c);
  if (hosts.length === 0) return undefined;
  const ambient = c.mode === 'ambient';
  return {
    key: `serviceentry|${c.mode}|${hosts.join(',')}`,
    title: `Allowed egress destinations of ${c.workload}`,
    purpose: 'egress-control',
    kind: 'ServiceEntry',
    apiVersion: 'networking.istio.io/v1',
    docsUrl: D.serviceEntry,
    build: n => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: {
        name: `${n.inWorkload}-egress`,
        namespace: ambient ? AMBIENT_EGRESS_NAMESPACE : n.namespace,
        ...(ambient ? { labels: { 'istio.io/use-waypoint': 'waypoint' } } : {}),
      },
      spec: {
        hosts,
        location: 'MESH_EXTERNAL',
        resolution: 'DNS',
        ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
      },
    }),
  };
};

const EGRESS_AUTHORIZATION: ManifestPart = c => {
  const hosts = egressHosts(c);
  if (hosts.length === 0) return undefined;
  return {
    key: `egress-authz|${hosts.join(',')}`,
    title: `Only ${c.workload} may reach its egress destinations`,
    purpose: 'egress-control',
    kind: 'AuthorizationPolicy',
    apiVersion: 'security.istio.io/v1',
    docsUrl: D.egress,
    build: n => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: {
        name: `${n.inWorkload}-egress`,
        namespace: AMBIENT_EGRESS_NAMESPACE,
      },
      spec: {
        targetRefs: [
          {
            kind: 'ServiceEntry',
            group: 'networking.istio.io',
            name: `${n.inWorkload}-egress`,
          },
        ],
        action: 'ALLOW',
        rules: [
          {
            from: [
              {
                source: {
                  principals: [
                    `cluster.local/ns/${n.namespace}/sa/${n.workload}`,
                  ],
                },
              },
            ],
          },
        ],
      },
    }),
  };
};

const ALLOW_DECLARED_DESTINATIONS: StepPart = c => ({
  title: 'Allow only the declared destinations',
  detail: `${
    c.mode === 'ambient'
      ? `In ambient mode, route external destinations through an egress waypoint: apply the waypoint in namespace ${AMBIENT_EGRESS_NAMESPACE}, a ServiceEntry labelled istio.io/use-waypoint per destination, and an AuthorizationPolicy naming the service accounts allowed to reach it (the policy assumes ${c.workload}'s service account is named ${c.workload}). meshConfig.outboundTrafficPolicy REGISTRY_ONLY is not an outbound firewall, and ztunnel does not apply it. `
      : ''
  }${
    c.input.destinations.length > 0
      ? `The ServiceEntry lists placeholders for ${c.input.destinations.join(
          ', ',
        )}: replace hosts and ports with their real endpoints.`
      : 'Add one ServiceEntry per external destination.'
  } Mesh egress control is not a security boundary: a workload that bypasses its proxy bypasses the policy, so pair it with Kubernetes NetworkPolicies.`,
  docsUrl: D.egress,
});

// ── Ingress, VMs, clusters, telemetry ───────────────────────────────────

const INGRESS_GATEWAY: ManifestPart = c => ({
  key: 'ingress-gw',
  title: `Ingress gateway for ${c.workload}`,
  purpose: 'ingress-gateway',
  kind: 'Gateway',
  apiVersion: 'gateway.networking.k8s.io/v1',
  docsUrl: D.ingressGateway,
  build: n => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: `${n.inWorkload}-ingress`, namespace: n.namespace },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        {
          name: 'http',
          hostname: `${n.inWorkload}.example.com`,
          port: 80,
          protocol: 'HTTP',
        },
      ],
    },
  }),
});

const INGRESS_ROUTE: ManifestPart = c => ({
  key: 'ingress-route',
  title: `Route from the ingress gateway to ${c.workload}`,
  purpose: 'ingress-gateway',
  kind: 'HTTPRoute',
  apiVersion: 'gateway.networking.k8s.io/v1',
  docsUrl: D.ingressGateway,
  build: n => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: `${n.inWorkload}-ingress`, namespace: n.namespace },
    spec: {
      parentRefs: [{ name: `${n.inWorkload}-ingress` }],
      hostnames: [`${n.inWorkload}.example.com`],
      rules: [{ backendRefs: [{ name: n.workload, port: 80 }] }],
    },
  }),
});

const WORKLOAD_GROUP: ManifestPart = c => ({
  key: 'workloadgroup',
  title: `VM workloads joining ${c.workload}`,
  purpose: 'vm-workloads',
  kind: 'WorkloadGroup',
  apiVersion: 'networking.istio.io/v1',
  docsUrl: D.vm,
  build: n => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'WorkloadGroup',
    metadata: { name: `${n.inWorkload}-vms`, namespace: n.namespace },
    spec: {
      metadata: { labels: { app: n.workload } },
      template: { serviceAccount: n.workload },
    },
  }),
});

const ONBOARD_VMS: StepPart = () => ({
  title: 'Onboard the VMs',
  detail:
    'istioctl x workload entry configure for each VM, then install the sidecar on it.',
  docsUrl: D.vm,
});

const JOIN_CLUSTERS: StepPart = () => ({
  title: 'Join the clusters',
  detail:
    'Install multi-primary (or primary-remote) with a shared root CA and east-west gateways.',
  docsUrl: D.multiCluster,
});

const TELEMETRY_SIDECAR: StepPart = () => ({
  title: 'Wire up telemetry',
  detail:
    'Prometheus scrapes the proxies; Kiali for dashboards; tracing via an OpenTelemetry provider in meshConfig.',
  docsUrl: D.observability,
});

// ztunnel reports TCP telemetry only: the waypoint (onboarding) serves HTTP metrics and traces.
const TELEMETRY_AMBIENT: StepPart = () => ({
  title: 'Wire up telemetry',
  detail:
    'ztunnel reports TCP metrics only: the HTTP golden metrics (requests, errors, latency) and traces come from the waypoint above. Prometheus scrapes ztunnel and the waypoint; Kiali for dashboards; tracing via an OpenTelemetry provider in meshConfig.',
  docsUrl: D.waypoint,
});

const OUTSIDE_THE_MESH: StepPart = c => {
  const outside = c.input.protocols.filter(p => p === 'udp' || p === 'http3');
  if (outside.length === 0) return undefined;
  return {
    title: `${outside.join(', ')} stays outside the mesh`,
    detail: `${outside.join(
      ', ',
    )} is not proxied (Istio intercepts TCP only): that traffic gets no mTLS, metrics or policy. Protect it with a NetworkPolicy or in the application.`,
    docsUrl: D.protocolSelection,
  };
};

// ── The table ───────────────────────────────────────────────────────────

const SIDECAR = ['sidecar'] as const;
const AMBIENT = ['ambient'] as const;

/** Every route need gets the one VirtualService and its step. */
const ROUTING: readonly GuidanceEntry[] = [
  { manifests: [VIRTUAL_SERVICE], steps: [APPLY_ROUTING] },
];
/** Needs that route to subsets v1/v2 also get the DestinationRule that defines them. */
const ROUTING_TO_SUBSETS: readonly GuidanceEntry[] = [
  { manifests: [VIRTUAL_SERVICE, DESTINATION_RULE], steps: [APPLY_ROUTING] },
];
const JWT: readonly GuidanceEntry[] = [
  {
    manifests: [REQUEST_AUTHENTICATION, REQUIRE_JWT],
    steps: [POINT_AT_IDP],
  },
];
const TELEMETRY: readonly GuidanceEntry[] = [
  { modes: SIDECAR, steps: [TELEMETRY_SIDECAR] },
  { modes: AMBIENT, steps: [TELEMETRY_AMBIENT] },
];

/**
 * What a team gets from Istio, per capability, data-plane mode and release
 * (the whole supported window, 1.24–1.30, unless a row says otherwise). Rows
 * are applied in this order; a part named by several rows is written once.
 * A capability the table leaves out (tap) has no Istio guidance: the facts
 * list it as unsupported.
 */
export const ISTIO_GUIDANCE: GuidanceTable = {
  mesh: 'istio',
  version: targets => targets.istio,
  onboarding: [
    { modes: SIDECAR, steps: [INSTALL_SIDECAR] },
    { modes: AMBIENT, steps: [INSTALL_AMBIENT] },
    // Istio installs no Gateway API CRDs; waypoints and any Gateway API resource need them.
    { modes: AMBIENT, steps: [GATEWAY_API_CRDS] },
    {
      modes: SIDECAR,
      when: c => usesGatewayApi(c) || c.needs.has('gateway-api'),
      steps: [GATEWAY_API_CRDS],
    },
    { manifests: [NAMESPACE], steps: [LABEL_NAMESPACE] },
    {
      modes: AMBIENT,
      when: c => c.waypoint,
      manifests: [WAYPOINT],
      steps: [DEPLOY_WAYPOINT],
    },
    { manifests: [PEER_AUTHENTICATION], steps: [STRICT_MTLS] },
  ],
  capabilities: {
    mtls: [{ manifests: [PEER_AUTHENTICATION], steps: [STRICT_MTLS] }],
    retries: ROUTING,
    timeouts: ROUTING,
    'traffic-split': ROUTING_TO_SUBSETS,
    'header-routing': ROUTING_TO_SUBSETS,
    mirroring: ROUTING_TO_SUBSETS,
    'fault-injection': ROUTING,
    'circuit-breaking': [{ manifests: [DESTINATION_RULE] }],
    'external-authz': [
      { manifests: [EXT_AUTHZ_POLICY], steps: [REGISTER_AUTHORIZER] },
    ],
    'jwt-auth': JWT,
    'identity-federation': JWT,
    // The fact marks it partial (EnvoyFilter only; alpha on waypoints).
    'rate-limiting': [{ manifests: [LOCAL_RATE_LIMIT] }],
    'wasm-extensions': [
      { maxVersion: '1.29', manifests: [WASM_PLUGIN] },
      {
        minVersion: '1.30',
        manifests: [TRAFFIC_EXTENSION],
        steps: [APPLY_TRAFFIC_EXTENSION],
      },
      { modes: AMBIENT, unsupported: ambientCaveat('wasm-extensions') },
    ],
    'egress-control': [
      {
        modes: SIDECAR,
        manifests: [SIDECAR_REGISTRY_ONLY, SERVICE_ENTRY],
        steps: [ALLOW_DECLARED_DESTINATIONS],
      },
      {
        modes: AMBIENT,
        manifests: [EGRESS_WAYPOINT, SERVICE_ENTRY, EGRESS_AUTHORIZATION],
        steps: [ALLOW_DECLARED_DESTINATIONS],
      },
    ],
    'ingress-gateway': [{ manifests: [INGRESS_GATEWAY, INGRESS_ROUTE] }],
    'vm-workloads': [
      { modes: SIDECAR, manifests: [WORKLOAD_GROUP], steps: [ONBOARD_VMS] },
      // VMs join in sidecar mode only: nothing to apply in an ambient namespace.
      { modes: AMBIENT, unsupported: ambientCaveat('vm-workloads') },
    ],
    'multi-cluster': [
      { steps: [JOIN_CLUSTERS] },
      { modes: AMBIENT, unsupported: ambientCaveat('multi-cluster') },
    ],
    'golden-metrics': TELEMETRY,
    'distributed-tracing': TELEMETRY,
    // Ambient is chosen for it (docs/decision-model.md): the ambient install and enrolment.
    sidecarless: [
      { modes: AMBIENT, steps: [INSTALL_AMBIENT] },
      {
        modes: SIDECAR,
        unsupported: () =>
          'Sidecar mode runs an Envoy in every pod: the sidecarless data plane is ambient mode.',
      },
    ],
    'gateway-api': [{ steps: [GATEWAY_API_CRDS] }],
  },
  closing: [{ steps: [OUTSIDE_THE_MESH] }],
};

/** Istio guidance: enrolment, strict mTLS, and the needs as Istio resources. */
export function istioGuidance(
  input: GuidanceInput,
  mode: DataPlaneMode,
): Guidance {
  return buildGuidance(ISTIO_GUIDANCE, input, mode);
}
