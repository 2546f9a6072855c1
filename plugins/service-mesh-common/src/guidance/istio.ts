import { capabilityFact } from '../facts/capabilities';
import { MESH_DOCS } from '../facts/resources';
import { DEFAULT_TARGETS } from '../facts/versions';
import type { Guidance } from '../schema';
import { ManifestSpec, Names, renderManifest } from './render';
import {
  destinationHost,
  gatewayApiInstall,
  GuidanceInput,
  L7_NEEDS,
} from './types';

const D = MESH_DOCS.istio;

/** Where the ambient egress waypoint and its ServiceEntries live. */
const AMBIENT_EGRESS_NAMESPACE = 'istio-egress';

const host = (n: Names) => `${n.inWorkload}.${n.inNamespace}.svc.cluster.local`;

/** Istio guidance: enrolment, strict mTLS, and the needs as Istio resources. */
export function istioGuidance(
  input: GuidanceInput,
  mode: 'sidecar' | 'ambient',
): Guidance {
  const needs = new Set(input.needs);
  const targets = input.targets ?? DEFAULT_TARGETS;
  const ambient = mode === 'ambient';
  const l7 = input.needs.some(n => L7_NEEDS.has(n));
  const waypoint = ambient && l7;
  const { workload: w, namespace: ns } = input;
  const specs: ManifestSpec[] = [];
  const steps: Guidance['steps'] = [];
  const unsupported: Guidance['unsupported'] = [];
  // Sidecars select pods; ambient L7 policy attaches to the Service (through its waypoint).
  const target = (n: Names) =>
    ambient
      ? { targetRefs: [{ kind: 'Service', group: '', name: n.workload }] }
      : { selector: { matchLabels: { app: n.workload } } };

  steps.push({
    title: ambient ? 'Install Istio with the ambient profile' : 'Install Istio',
    detail: ambient
      ? `istioctl install --set profile=ambient (Istio ≥ 1.24, ambient GA). ${
          input.ambientReason ?? ''
        }`.trim()
      : `istioctl install (or the Helm charts). On upgrades move istiod first: the control plane may run one minor version ahead of the sidecars, never behind.${
          input.minVersion ? ` Needs Istio ≥ ${input.minVersion}.` : ''
        }`,
    docsUrl: ambient ? D.ambient : D.install,
  });
  specs.push({
    key: `ns|${mode}|${waypoint}`,
    title: ambient
      ? `Enrol namespace ${ns} in ambient mode`
      : `Enable sidecar injection in namespace ${ns}`,
    purpose: 'onboarding',
    kind: 'Namespace',
    apiVersion: 'v1',
    docsUrl: ambient ? D.ambient : D.sidecarInjection,
    build: n => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: n.namespace,
        labels: ambient
          ? {
              'istio.io/dataplane-mode': 'ambient',
              ...(waypoint ? { 'istio.io/use-waypoint': 'waypoint' } : {}),
            }
          : { 'istio-injection': 'enabled' },
      },
    }),
  });
  steps.push({
    title: ambient
      ? `Label namespace ${ns} for ambient`
      : `Label namespace ${ns} for injection`,
    detail: ambient
      ? `kubectl label namespace ${ns} istio.io/dataplane-mode=ambient — no restart needed; ztunnel captures the pods.`
      : `kubectl label namespace ${ns} istio-injection=enabled, then kubectl rollout restart deployment/${w} -n ${ns}.`,
    docsUrl: ambient ? D.ambient : D.sidecarInjection,
  });
  if (waypoint) {
    specs.push({
      key: 'waypoint',
      title: `Waypoint for L7 policy in ${ns}`,
      purpose: 'onboarding',
      kind: 'Gateway',
      apiVersion: 'gateway.networking.k8s.io/v1',
      docsUrl: D.waypoint,
      build: n => ({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: {
          name: 'waypoint',
          namespace: n.namespace,
          labels: { 'istio.io/waypoint-for': 'service' },
        },
        spec: {
          gatewayClassName: 'istio-waypoint',
          listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
        },
      }),
    });
    steps.push({
      title: 'Deploy a waypoint',
      detail: `Its needs (${input.needs
        .filter(x => L7_NEEDS.has(x))
        .join(
          ', ',
        )}) are L7: istioctl waypoint apply -n ${ns} --enroll-namespace (or apply the Gateway below).`,
      docsUrl: D.waypoint,
    });
  }
  specs.push({
    key: `mtls|${mode}`,
    title: `Strict mTLS for ${w}`,
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
  steps.push({
    title: 'Enforce strict mTLS',
    detail:
      'Istio encrypts meshed traffic by default (PERMISSIVE); apply the PeerAuthentication once every client is meshed.',
    docsUrl: D.peerAuthentication,
  });

  const routeNeeds = [
    'retries',
    'timeouts',
    'traffic-split',
    'header-routing',
    'mirroring',
    'fault-injection',
  ].filter(x => needs.has(x));
  const subsets =
    needs.has('traffic-split') ||
    needs.has('header-routing') ||
    needs.has('mirroring');
  if (routeNeeds.length > 0) {
    specs.push({
      key: `vs|${routeNeeds.join(',')}`,
      title: `Routing for ${w}: ${routeNeeds.join(', ')}`,
      purpose: routeNeeds.join(', '),
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
                  destination: subsets
                    ? { host: h, subset: 'v1' }
                    : { host: h },
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
    });
    steps.push({
      title: 'Apply the routing rules',
      detail: `The VirtualService expresses ${routeNeeds.join(
        ', ',
      )}; tune the numbers (attempts, timeouts, weights) to the service.${
        ambient
          ? ' In ambient mode VirtualService is served by the waypoint (alpha there); Gateway API HTTPRoute is the preferred API.'
          : ''
      }`,
      docsUrl: needs.has('traffic-split')
        ? D.trafficShifting
        : D.virtualService,
    });
  }
  if (subsets || needs.has('circuit-breaking')) {
    const cb = needs.has('circuit-breaking');
    specs.push({
      key: `dr|${subsets}|${cb}`,
      title: cb ? `Circuit breaking for ${w}` : `Subsets v1/v2 of ${w}`,
      purpose: cb
        ? 'circuit-breaking'
        : routeNeeds
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
    });
  }
  if (needs.has('external-authz')) {
    specs.push({
      key: `extauthz|${mode}`,
      title: `External authorization for ${w}`,
      purpose: 'external-authz',
      kind: 'AuthorizationPolicy',
      apiVersion: 'security.istio.io/v1',
      docsUrl: D.externalAuthz,
      build: n => ({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: `${n.inWorkload}-ext-authz`, namespace: n.namespace },
        spec: {
          ...target(n),
          action: 'CUSTOM',
          provider: { name: 'ext-authz' },
          rules: [{ to: [{ operation: { paths: ['/*'] } }] }],
        },
      }),
    });
    steps.push({
      title: 'Register the external authorizer',
      detail:
        'Add an extensionProviders entry named ext-authz (envoyExtAuthzGrpc or envoyExtAuthzHttp) to meshConfig; the CUSTOM policy refers to it.',
      docsUrl: D.externalAuthz,
    });
  }
  if (needs.has('jwt-auth') || needs.has('identity-federation')) {
    const purpose = ['jwt-auth', 'identity-federation']
      .filter(x => needs.has(x))
      .join(', ');
    specs.push({
      key: `reqauthn|${mode}|${purpose}`,
      title: `Validate end-user JWTs for ${w}`,
      purpose,
      kind: 'RequestAuthentication',
      apiVersion: 'security.istio.io/v1',
      docsUrl: D.requestAuthentication,
      build: n => ({
        apiVersion: 'security.istio.io/v1',
        kind: 'RequestAuthentication',
        metadata: { name: n.workload, namespace: n.namespace },
        spec: {
          ...target(n),
          jwtRules: [
            {
              issuer: 'https://issuer.example.com',
              jwksUri: 'https://issuer.example.com/.well-known/jwks.json',
              forwardOriginalToken: true,
            },
          ],
        },
      }),
    });
    specs.push({
      key: `requirejwt|${mode}|${purpose}`,
      title: `Require a valid JWT for ${w}`,
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
          ...target(n),
          action: 'ALLOW',
          rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }],
        },
      }),
    });
    steps.push({
      title: 'Point the JWT rules at your IdP',
      detail:
        'Replace issuer and jwksUri with your identity provider (OIDC discovery).',
      docsUrl: D.requestAuthentication,
    });
  }
  if (needs.has('rate-limiting')) {
    specs.push({
      key: `ratelimit|${mode}`,
      title: `Local rate limit for ${w}`,
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
    });
  }
  if (needs.has('wasm-extensions')) {
    specs.push({
      key: `wasm|${mode}`,
      title: `Wasm filter for ${w}`,
      purpose: 'wasm-extensions',
      kind: 'WasmPlugin',
      apiVersion: 'extensions.istio.io/v1alpha1',
      docsUrl: D.wasmPlugin,
      build: n => ({
        apiVersion: 'extensions.istio.io/v1alpha1',
        kind: 'WasmPlugin',
        metadata: { name: `${n.inWorkload}-wasm`, namespace: n.namespace },
        spec: {
          ...(ambient
            ? { targetRefs: [{ kind: 'Service', group: '', name: n.workload }] }
            : { selector: { matchLabels: { app: n.workload } } }),
          url: 'oci://registry.example.com/wasm/filter:1.0.0',
          phase: 'AUTHN',
          pluginConfig: {},
        },
      }),
    });
  }
  if (needs.has('egress-control')) {
    if (!ambient) {
      specs.push({
        key: 'sidecar-egress',
        title: `Registry-only egress for ${w}`,
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
    }
    const hosts = input.destinations.map(destinationHost);
    // Ambient has no per-workload Sidecar, and ztunnel ignores
    // outboundTrafficPolicy REGISTRY_ONLY: egress is an egress waypoint the
    // ServiceEntries opt into, with an AuthorizationPolicy on each.
    // https://istio.io/latest/docs/ambient/usage/egress-gateway/
    const egressNs = ambient ? AMBIENT_EGRESS_NAMESPACE : undefined;
    if (ambient) {
      specs.push({
        key: 'egress-waypoint',
        title: `Egress waypoint in namespace ${AMBIENT_EGRESS_NAMESPACE}`,
        purpose: 'egress-control',
        kind: 'Gateway',
        apiVersion: 'gateway.networking.k8s.io/v1',
        docsUrl: D.egress,
        build: () => ({
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
          metadata: {
            name: 'waypoint',
            namespace: AMBIENT_EGRESS_NAMESPACE,
            labels: { 'istio.io/waypoint-for': 'service' },
          },
          spec: {
            gatewayClassName: 'istio-waypoint',
            listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
          },
        }),
      });
    }
    if (hosts.length > 0) {
      specs.push({
        key: `serviceentry|${mode}|${hosts.join(',')}`,
        title: `Allowed egress destinations of ${w}`,
        purpose: 'egress-control',
        kind: 'ServiceEntry',
        apiVersion: 'networking.istio.io/v1',
        docsUrl: D.serviceEntry,
        build: n => ({
          apiVersion: 'networking.istio.io/v1',
          kind: 'ServiceEntry',
          metadata: {
            name: `${n.inWorkload}-egress`,
            namespace: egressNs ?? n.namespace,
            ...(ambient
              ? { labels: { 'istio.io/use-waypoint': 'waypoint' } }
              : {}),
          },
          spec: {
            hosts,
            location: 'MESH_EXTERNAL',
            resolution: 'DNS',
            ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
          },
        }),
      });
      if (ambient) {
        specs.push({
          key: `egress-authz|${hosts.join(',')}`,
          title: `Only ${w} may reach its egress destinations`,
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
        });
      }
    }
    steps.push({
      title: 'Allow only the declared destinations',
      detail: `${
        ambient
          ? `In ambient mode, route external destinations through an egress waypoint: apply the waypoint in namespace ${AMBIENT_EGRESS_NAMESPACE}, a ServiceEntry labelled istio.io/use-waypoint per destination, and an AuthorizationPolicy naming the service accounts allowed to reach it (the policy assumes ${w}'s service account is named ${w}). meshConfig.outboundTrafficPolicy REGISTRY_ONLY is not an outbound firewall, and ztunnel does not apply it. `
          : ''
      }${
        hosts.length > 0
          ? `The ServiceEntry lists placeholders for ${input.destinations.join(
              ', ',
            )}: replace hosts and ports with their real endpoints.`
          : 'Add one ServiceEntry per external destination.'
      } Mesh egress control is not a security boundary: a workload that bypasses its proxy bypasses the policy, so pair it with Kubernetes NetworkPolicies.`,
      docsUrl: D.egress,
    });
  }
  if (needs.has('ingress-gateway')) {
    specs.push({
      key: 'ingress-gw',
      title: `Ingress gateway for ${w}`,
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
    specs.push({
      key: 'ingress-route',
      title: `Route from the ingress gateway to ${w}`,
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
  }
  if (needs.has('vm-workloads')) {
    specs.push({
      key: 'workloadgroup',
      title: `VM workloads joining ${w}`,
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
    steps.push({
      title: 'Onboard the VMs',
      detail:
        'istioctl x workload entry configure for each VM, then install the sidecar on it.',
      docsUrl: D.vm,
    });
  }
  if (needs.has('multi-cluster'))
    steps.push({
      title: 'Join the clusters',
      detail:
        'Install multi-primary (or primary-remote) with a shared root CA and east-west gateways.',
      docsUrl: D.multiCluster,
    });
  if (needs.has('golden-metrics') || needs.has('distributed-tracing'))
    steps.push({
      title: 'Wire up telemetry',
      detail: ambient
        ? 'ztunnel reports TCP metrics only: the HTTP golden metrics (requests, errors, latency) and traces come from the waypoint above. Prometheus scrapes ztunnel and the waypoint; Kiali for dashboards; tracing via an OpenTelemetry provider in meshConfig.'
        : 'Prometheus scrapes the proxies; Kiali for dashboards; tracing via an OpenTelemetry provider in meshConfig.',
      docsUrl: ambient ? D.waypoint : D.observability,
    });

  const outside = input.protocols.filter(p => p === 'udp' || p === 'http3');
  if (outside.length > 0)
    steps.push({
      title: `${outside.join(', ')} stays outside the mesh`,
      detail: `${outside.join(
        ', ',
      )} is not proxied (Istio intercepts TCP only): that traffic gets no mTLS, metrics or policy. Protect it with a NetworkPolicy or in the application.`,
      docsUrl: D.protocolSelection,
    });

  for (const need of input.needs) {
    const f = capabilityFact('istio', need);
    if (f && f.support !== 'native')
      unsupported.push({
        need,
        reason: `${f.support === 'partial' ? 'Partial: ' : ''}${f.note}`,
      });
  }
  // Istio installs no Gateway API CRDs; ambient (waypoints) and any Gateway API resource need them.
  if (
    ambient ||
    specs.some(s => s.apiVersion.startsWith('gateway.networking.k8s.io/'))
  )
    steps.splice(1, 0, {
      title: 'Install the Gateway API CRDs',
      detail: `Istio does not install them and ${
        ambient
          ? 'ambient mode (waypoints are Gateways) needs'
          : 'the Gateway API resources below need'
      } them: ${gatewayApiInstall(
        targets.gatewayApi,
      )} (skip if kubectl get crd gateways.gateway.networking.k8s.io finds them).`,
      docsUrl: D.gatewayApiCrds,
    });
  return {
    mesh: 'istio',
    mode,
    steps,
    manifests: specs.map(s => renderManifest(s, w, ns)),
    unsupported,
  };
}
