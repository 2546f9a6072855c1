import { cpuMillicores, memoryMiB, observeResponse } from './readObjects';

const at = '2026-12-01T10:00:00.000Z';

const pod = (name: string, spec: object, metadata: object = {}) => ({
  metadata: { name, namespace: 'shop', ...metadata },
  spec,
});

function response(resources: Array<{ type: string; resources: object[] }>) {
  return {
    items: [{ cluster: { name: 'prod-eu' }, resources, errors: [] }],
  };
}

describe('reading what a component runs from Kubernetes objects', () => {
  it('tells the data plane: classic sidecar, native sidecar, ambient, Linkerd, none', () => {
    const cases: Array<[object, object, string[], string]> = [
      [
        { containers: [{ name: 'cart' }, { name: 'istio-proxy' }] },
        {},
        ['istio-sidecar'],
        'istio',
      ],
      [
        {
          initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always' }],
          containers: [{ name: 'cart' }],
        },
        {},
        ['istio-native-sidecar'],
        'istio',
      ],
      [
        { containers: [{ name: 'cart' }] },
        { annotations: { 'ambient.istio.io/redirection': 'enabled' } },
        ['istio-ambient'],
        'istio',
      ],
      [
        { containers: [{ name: 'cart' }] },
        { labels: { 'istio.io/dataplane-mode': 'ambient' } },
        ['istio-ambient'],
        'istio',
      ],
      [
        { containers: [{ name: 'linkerd-proxy' }, { name: 'cart' }] },
        {},
        ['linkerd'],
        'linkerd',
      ],
      // istio-init alone (a finished init container) is no proxy.
      [
        {
          initContainers: [{ name: 'istio-init' }],
          containers: [{ name: 'cart' }],
        },
        {},
        [],
        'none',
      ],
    ];
    for (const [spec, metadata, planes, mesh] of cases) {
      const [o] = observeResponse(
        response([
          { type: 'pods', resources: [pod('cart-1', spec, metadata)] },
        ]),
        at,
      );
      expect([o.dataPlanes, o.currentMesh]).toEqual([planes, mesh]);
      expect(o.currentMeshFrom).toBe('Pod shop/cart-1');
    }
  });

  it('reads replicas from the HPA before the Deployment, and protocols from Service ports', () => {
    const [o] = observeResponse(
      response([
        {
          type: 'deployments',
          resources: [
            {
              metadata: { name: 'cart', namespace: 'shop' },
              spec: { replicas: 3 },
            },
          ],
        },
        {
          type: 'horizontalpodautoscalers',
          resources: [
            {
              metadata: { name: 'cart', namespace: 'shop' },
              spec: { maxReplicas: 12 },
            },
          ],
        },
        {
          type: 'services',
          resources: [
            {
              metadata: { name: 'cart', namespace: 'shop' },
              spec: {
                ports: [
                  { name: 'grpc-cart', port: 7070 },
                  { name: 'web', port: 80, appProtocol: 'kubernetes.io/h2c' },
                  { name: 'http-admin', port: 8081 },
                  { name: 'mongo', port: 27017 },
                  { name: 'statsd', port: 8125, protocol: 'UDP' },
                  { port: 9999 },
                ],
              },
            },
          ],
        },
      ]),
      at,
    );
    expect(o.replicas).toEqual({
      value: 12,
      from: 'HorizontalPodAutoscaler shop/cart (maxReplicas)',
    });
    expect(o.protocols.map(p => [p.protocol, p.via])).toEqual([
      ['grpc', 'port name'],
      ['http2', 'appProtocol'],
      ['http1', 'port name'],
      ['tcp', 'port name'],
      ['udp', 'protocol'],
    ]);
    expect(o.protocols[4].from).toBe('Service shop/cart port statsd 8125/UDP');
    // No pod: the data plane is unknown (sidecars are injected into pods, not templates).
    expect(o.currentMesh).toBeUndefined();
  });

  it('sums resource requests of one pod, proxies apart', () => {
    const [o] = observeResponse(
      response([
        {
          type: 'pods',
          resources: [
            pod('cart-1', {
              containers: [
                {
                  name: 'cart',
                  resources: { requests: { cpu: '250m', memory: '256Mi' } },
                },
                {
                  name: 'istio-proxy',
                  resources: { requests: { cpu: '100m', memory: '128Mi' } },
                },
              ],
            }),
          ],
        },
      ]),
      at,
    );
    expect(o.requests).toEqual({
      cpuMillicores: 250,
      memoryMiB: 256,
      proxyCpuMillicores: 100,
      proxyMemoryMiB: 128,
      from: 'Pod shop/cart-1',
    });
    expect(cpuMillicores('2')).toBe(2000);
    expect(cpuMillicores('0.5')).toBe(500);
    expect(memoryMiB('1Gi')).toBe(1024);
    expect(memoryMiB('nonsense')).toBeUndefined();
  });

  it('turns a cluster that only failed into an error observation', () => {
    const [o] = observeResponse(
      {
        items: [
          {
            cluster: { name: 'prod-eu' },
            resources: [],
            errors: [
              {
                errorType: 'SYSTEM_ERROR',
                statusCode: 500,
                resourcePath: '/api/v1/pods',
              },
            ],
          },
        ],
      },
      at,
    );
    expect(o).toMatchObject({
      cluster: 'prod-eu',
      status: 'error',
      error: 'SYSTEM_ERROR 500 on /api/v1/pods',
    });
  });
});
