/**
 * Onboarding resources (docs/facts.md): the apiVersions
 * the guidance may emit per mesh, and the docs each manifest links to.
 */

/**
 * apiVersions the generated manifests may use, per mesh. A test checks every
 * manifest against this list.
 *
 * @public
 */
export const ALLOWED_API_VERSIONS = {
  istio: [
    'v1',
    'security.istio.io/v1',
    'networking.istio.io/v1',
    // EnvoyFilter has no v1; the local rate limit still goes through it.
    'networking.istio.io/v1alpha3',
    'extensions.istio.io/v1alpha1',
    'gateway.networking.k8s.io/v1',
  ],
  linkerd: [
    'v1',
    'policy.linkerd.io/v1beta3',
    'policy.linkerd.io/v1alpha1',
    'gateway.networking.k8s.io/v1',
    // Linkerd 2.16/2.17 read HTTPRoute v1beta1 and GRPCRoute v1alpha2 only.
    'gateway.networking.k8s.io/v1beta1',
    'gateway.networking.k8s.io/v1alpha2',
    'workload.linkerd.io/v1beta1',
  ],
} as const;

/** Docs pages the guidance links to. @public */
export const MESH_DOCS = {
  istio: {
    install: 'https://istio.io/latest/docs/setup/getting-started/',
    sidecarInjection:
      'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/',
    ambient: 'https://istio.io/latest/docs/ambient/getting-started/',
    waypoint: 'https://istio.io/latest/docs/ambient/usage/waypoint/',
    peerAuthentication:
      'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    virtualService:
      'https://istio.io/latest/docs/reference/config/networking/virtual-service/',
    destinationRule:
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/',
    serviceEntry:
      'https://istio.io/latest/docs/reference/config/networking/service-entry/',
    sidecar:
      'https://istio.io/latest/docs/reference/config/networking/sidecar/',
    workloadGroup:
      'https://istio.io/latest/docs/reference/config/networking/workload-group/',
    authorizationPolicy:
      'https://istio.io/latest/docs/reference/config/security/authorization-policy/',
    externalAuthz:
      'https://istio.io/latest/docs/tasks/security/authorization/authz-custom/',
    requestAuthentication:
      'https://istio.io/latest/docs/reference/config/security/request_authentication/',
    wasmPlugin:
      'https://istio.io/latest/docs/reference/config/proxy_extensions/wasm-plugin/',
    rateLimit:
      'https://istio.io/latest/docs/tasks/policy-enforcement/rate-limit/',
    envoyFilter:
      'https://istio.io/latest/docs/reference/config/networking/envoy-filter/',
    ingressGateway:
      'https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/',
    egress: 'https://istio.io/latest/docs/tasks/traffic-management/egress/',
    multiCluster: 'https://istio.io/latest/docs/setup/install/multicluster/',
    vm: 'https://istio.io/latest/docs/setup/install/virtual-machine/',
    mirroring:
      'https://istio.io/latest/docs/tasks/traffic-management/mirroring/',
    faultInjection:
      'https://istio.io/latest/docs/tasks/traffic-management/fault-injection/',
    trafficShifting:
      'https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/',
    observability: 'https://istio.io/latest/docs/tasks/observability/',
    protocolSelection:
      'https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/',
    gatewayApiCrds:
      'https://istio.io/latest/docs/ambient/getting-started/#download-and-install',
    trafficExtension:
      'https://istio.io/latest/docs/reference/config/proxy_extensions/traffic_extension/',
    ambientEgress: 'https://istio.io/latest/docs/ambient/usage/egress-gateway/',
    egressSecurity:
      'https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/#additional-security-considerations',
    supportedReleases:
      'https://istio.io/latest/docs/releases/supported-releases/',
  },
  linkerd: {
    install: 'https://linkerd.io/2/getting-started/',
    inject: 'https://linkerd.io/2/tasks/adding-your-service/',
    authorizationPolicy: 'https://linkerd.io/2/reference/authorization-policy/',
    restrictingAccess: 'https://linkerd.io/2/tasks/restricting-access/',
    httpRoute: 'https://linkerd.io/2/reference/httproute/',
    retries: 'https://linkerd.io/2/reference/retries/',
    timeouts: 'https://linkerd.io/2/reference/timeouts/',
    trafficSplit: 'https://linkerd.io/2/tasks/flagger/',
    requestRouting:
      'https://linkerd.io/2/tasks/configuring-dynamic-request-routing/',
    circuitBreaking: 'https://linkerd.io/2/reference/circuit-breaking/',
    rateLimiting: 'https://linkerd.io/2/reference/rate-limiting/',
    egress: 'https://linkerd.io/2/reference/egress-network/',
    multiCluster: 'https://linkerd.io/2/features/multicluster/',
    externalWorkload: 'https://linkerd.io/2/reference/external-workload/',
    tap: 'https://linkerd.io/2/reference/cli/viz/',
    observability: 'https://linkerd.io/2/features/dashboard/',
    protocolDetection: 'https://linkerd.io/2/features/protocol-detection/',
    gatewayApi: 'https://linkerd.io/2/features/gateway-api/',
    grpcRoute: 'https://linkerd.io/2/reference/grpcroute/',
  },
} as const;
