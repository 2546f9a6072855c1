import { capabilityFact } from '../facts/capabilities';
import { MESH_DOCS } from '../facts/resources';
import {
  atLeast,
  compareVersions,
  DEFAULT_TARGETS,
  linkerdGatewayApiRange,
} from '../facts/versions';
import type { Guidance, Protocol } from '../schema';
import { ManifestSpec, Names, renderManifest } from './render';
import { gatewayApiInstall, GuidanceInput } from './types';

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

const serverRef = (n: Names) => ({
  group: 'policy.linkerd.io',
  kind: 'Server',
  name: n.workload,
});

/**
 * The Gateway API versions Linkerd reads: 2.16/2.17 serve HTTPRoute v1beta1
 * and GRPCRoute v1alpha2 only; v1 from 2.18
 * (https://linkerd.io/2/features/gateway-api/).
 */
export function linkerdRouteApiVersion(
  kind: 'HTTPRoute' | 'GRPCRoute',
  linkerd: string,
): string {
  if (atLeast(linkerd, '2.18')) return 'gateway.networking.k8s.io/v1';
  return kind === 'HTTPRoute'
    ? 'gateway.networking.k8s.io/v1beta1'
    : 'gateway.networking.k8s.io/v1alpha2';
}

const minor = (v: string) => v.split('.').slice(0, 2).join('.');
/** Whether a release's minor line lies in [min, max], compared on major.minor. */
function inMinorRange(v: string, min: string, max: string): boolean {
  return (
    compareVersions(minor(v), minor(min)) >= 0 &&
    compareVersions(minor(v), minor(max)) <= 0
  );
}

/** Linkerd guidance: injection, identity-based policy, and the needs as Linkerd resources. */
export function linkerdGuidance(input: GuidanceInput): Guidance {
  const needs = new Set(input.needs);
  const { workload: w, namespace: ns } = input;
  const targets = input.targets ?? DEFAULT_TARGETS;
  const version = targets.linkerd;
  const specs: ManifestSpec[] = [];
  const steps: Guidance['steps'] = [];
  const unsupported: Guidance['unsupported'] = [];
  const pp = proxyProtocol(input.protocols);
  const portName = pp === 'opaque' ? 'tcp' : 'http';
  const tooOld =
    input.minVersion !== undefined && !atLeast(version, input.minVersion);

  steps.push({
    title: `Install Linkerd ${version}`,
    detail: `linkerd install --crds | kubectl apply -f -; linkerd install | kubectl apply -f -; linkerd check.${
      input.minVersion
        ? ` Its needs require Linkerd ≥ ${input.minVersion}${
            tooOld ? ` — the target ${version} is older: upgrade first` : ''
          }.`
        : ''
    } Open source ships edge releases; stable builds come from Buoyant Enterprise for Linkerd.`,
    docsUrl: D.install,
  });
  // From 2.19 linkerd-crds no longer installs the Gateway API CRDs (installGatewayAPI: false).
  const gw = linkerdGatewayApiRange(version);
  const egressRoutes = needs.has('egress-control');
  steps.push(
    atLeast(version, '2.19')
      ? {
          title: 'Install the Gateway API CRDs first',
          detail: `Linkerd ${version} installs no Gateway API CRDs and its policy, routes and authorization need them: ${gatewayApiInstall(
            targets.gatewayApi,
            egressRoutes ? 'experimental' : 'standard',
          )}${
            egressRoutes
              ? ' (the experimental channel, for the TLSRoute/TCPRoute egress routes)'
              : ''
          }. Linkerd ${version} reads Gateway API ${gw.min}–${gw.max}${
            inMinorRange(targets.gatewayApi, gw.min, gw.max)
              ? ''
              : `; the target Gateway API ${targets.gatewayApi} is outside that range: install a release inside it`
          }. Check an existing install with kubectl get crd httproutes.gateway.networking.k8s.io -o jsonpath='{.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version}'.`,
          docsUrl: D.gatewayApi,
        }
      : {
          title: 'Gateway API CRDs',
          detail: `linkerd install --crds installs the Gateway API CRDs Linkerd ${version} reads (Gateway API ${gw.min}–${gw.max}; HTTPRoute v1beta1, GRPCRoute v1alpha2). If another tool manages them, install with --set installGatewayAPI=false and keep them in that range.`,
          docsUrl: D.gatewayApi,
        },
  );
  specs.push({
    key: 'l5d-ns',
    title: `Enable proxy injection in namespace ${ns}`,
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
  steps.push({
    title: `Annotate namespace ${ns} and restart ${w}`,
    detail: `kubectl annotate namespace ${ns} linkerd.io/inject=enabled; kubectl rollout restart deployment/${w} -n ${ns}; linkerd check --proxy -n ${ns}. mTLS between meshed pods is then automatic.`,
    docsUrl: D.inject,
  });
  specs.push({
    key: `l5d-server|${pp}`,
    title: `Server for ${w}'s ${portName} port`,
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
  });
  specs.push({
    key: 'l5d-meshtls',
    title: `Meshed clients of namespace ${ns}`,
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
  specs.push({
    key: 'l5d-authz',
    title: `Only mTLS-authenticated clients may call ${w}`,
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
  const callers = input.callers ?? [];
  steps.push({
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
  });

  const routeNeeds = [
    'retries',
    'timeouts',
    'traffic-split',
    'header-routing',
  ].filter(x => needs.has(x));
  if (routeNeeds.length > 0) {
    let routeDocsUrl: string = D.httpRoute;
    if (needs.has('retries')) routeDocsUrl = D.retries;
    else if (needs.has('timeouts')) routeDocsUrl = D.timeouts;
    // A gRPC-only workload gets a GRPCRoute (retry.linkerd.io/grpc); anything else an HTTPRoute.
    const kind = pp === 'gRPC' ? 'GRPCRoute' : 'HTTPRoute';
    const apiVersion = linkerdRouteApiVersion(kind, version);
    specs.push({
      key: `l5d-route|${routeNeeds.join(',')}|${kind}|${apiVersion}`,
      title: `Route for ${w}: ${routeNeeds.join(', ')}`,
      purpose: routeNeeds.join(', '),
      kind,
      apiVersion,
      docsUrl: kind === 'GRPCRoute' ? D.grpcRoute : routeDocsUrl,
      build: n => {
        const annotations: Record<string, string> = {
          ...(needs.has('retries')
            ? kind === 'GRPCRoute'
              ? {
                  'retry.linkerd.io/grpc': 'unavailable',
                  'retry.linkerd.io/limit': '2',
                  'retry.linkerd.io/timeout': '300ms',
                }
              : {
                  'retry.linkerd.io/http': '5xx',
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
    });
    steps.push({
      title: 'Apply the route',
      detail: `The ${kind} expresses ${routeNeeds.join(
        ', ',
      )}. Written for Linkerd ${version} as ${apiVersion}: Linkerd 2.16/2.17 read HTTPRoute v1beta1 and GRPCRoute v1alpha2 only, v1 from 2.18; retry/timeout annotations need Linkerd ≥ 2.16.${
        needs.has('traffic-split') || needs.has('header-routing')
          ? ` Create a ${w}-v2 Service for the canary.`
          : ''
      }`,
      docsUrl: needs.has('header-routing') ? D.requestRouting : D.httpRoute,
    });
  }
  if (needs.has('circuit-breaking')) {
    specs.push({
      key: `l5d-cb|${portName}`,
      title: `Circuit breaking for ${w} (merge into its Service)`,
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
            'balancer.linkerd.io/failure-accrual-consecutive-max-penalty':
              '60s',
          },
        },
        spec: {
          selector: { app: n.workload },
          ports: [{ name: portName, port: 80, targetPort: portName }],
        },
      }),
    });
  }
  if (needs.has('rate-limiting')) {
    specs.push({
      key: 'l5d-ratelimit',
      title: `Local rate limit for ${w}`,
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
  }
  if (needs.has('egress-control')) {
    specs.push({
      key: 'l5d-egress',
      title: `Deny undeclared egress from namespace ${ns}`,
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
    steps.push({
      title: 'Allow only the declared destinations',
      detail: `EgressNetwork needs Linkerd ≥ 2.17. Attach a route (TLSRoute/TCPRoute/HTTPRoute with the EgressNetwork as parentRef) per allowed destination${
        input.destinations.length > 0
          ? `: ${input.destinations.join(', ')}`
          : ''
      }. Mesh egress control is not a security boundary: a workload that bypasses its proxy bypasses the policy, so pair it with Kubernetes NetworkPolicies.`,
      docsUrl: D.egress,
    });
  }
  if (needs.has('vm-workloads')) {
    specs.push({
      key: `l5d-extwl|${portName}`,
      title: `A VM joining ${w}`,
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
    });
    steps.push({
      title: 'Run the proxy on the VM',
      detail:
        'Mesh expansion (2.15+): run linkerd-proxy with a SPIFFE identity on the VM; replace the placeholder IP.',
      docsUrl: D.externalWorkload,
    });
  }
  if (needs.has('multi-cluster'))
    steps.push({
      title: 'Link the clusters',
      detail:
        'linkerd multicluster install and link (federated services 2.17+, GitOps links 2.18+); label the Service mirror.linkerd.io/exported=true.',
      docsUrl: D.multiCluster,
    });
  if (needs.has('tap'))
    steps.push({
      title: 'Watch live requests',
      detail: `linkerd viz tap deploy/${w} -n ${ns}`,
      docsUrl: D.tap,
    });
  if (needs.has('golden-metrics') || needs.has('distributed-tracing'))
    steps.push({
      title: 'Wire up telemetry',
      detail:
        'linkerd viz install for golden metrics; OpenTelemetry tracing (2.17+).',
      docsUrl: D.observability,
    });

  const outside = input.protocols.filter(p => p === 'udp' || p === 'http3');
  if (outside.length > 0)
    steps.push({
      title: `${outside.join(', ')} stays outside the mesh`,
      detail: `${outside.join(
        ', ',
      )} is not proxied (Linkerd intercepts TCP only): that traffic gets no mTLS, metrics or policy. Protect it with a NetworkPolicy or in the application.`,
      docsUrl: D.protocolDetection,
    });

  for (const need of input.needs) {
    const f = capabilityFact('linkerd', need);
    if (f && f.support !== 'native')
      unsupported.push({
        need,
        reason: `${f.support === 'partial' ? 'Partial: ' : ''}${f.note}`,
      });
  }
  if (needs.has('fault-injection'))
    steps.push({
      title: 'Approximate fault injection',
      detail:
        'Aborts only: split a share of traffic (HTTPRoute backendRefs weight) to a deployment that returns errors; delays cannot be injected.',
      docsUrl: D.httpRoute,
    });
  return {
    mesh: 'linkerd',
    mode: 'sidecar',
    steps,
    manifests: specs.map(s => renderManifest(s, w, ns)),
    unsupported,
  };
}
