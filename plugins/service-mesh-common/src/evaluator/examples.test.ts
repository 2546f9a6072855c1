import { contextFor, loadExampleCatalog } from '../__fixtures__/catalog';
import {
  evaluateEntity,
  parseMeshPolicy,
  rollUpSystem,
  summarizeEvaluation,
} from '..';
import {
  evaluationSchema,
  evaluationSummarySchema,
  Evaluation,
  systemRollupSchema,
} from '../schema';

/** Every entity of examples/entities.yaml, resolved from the same files as the backend would. */
const catalog = loadExampleCatalog();
const policy = parseMeshPolicy({ margin: 5 });
const evaluations = new Map<string, Evaluation>();
for (const [ref, entity] of catalog) {
  if (
    ['Component', 'API', 'Resource', 'System', 'Domain'].includes(entity.kind)
  )
    evaluations.set(ref, evaluateEntity(contextFor(catalog, ref), policy));
}
const ev = (name: string) => evaluations.get(`component:default/${name}`)!;

describe('the example catalog', () => {
  it('evaluates every entity into a valid Evaluation and summary', () => {
    expect(evaluations.size).toBeGreaterThan(50);
    for (const [ref, e] of evaluations) {
      const parsed = evaluationSchema.safeParse(e);
      if (!parsed.success) throw new Error(`${ref}: ${parsed.error.message}`);
      expect(
        evaluationSummarySchema.safeParse(
          summarizeEvaluation(e, catalog.get(ref)!),
        ).success,
      ).toBe(true);
    }
  });

  it.each([
    ['edge-router', 'linkerd'],
    ['checkout-api', 'istio'],
    ['order-service', 'istio'],
    ['search-service', 'linkerd'],
    ['product-catalog', 'linkerd'],
    ['mqtt-broker', 'linkerd'],
    ['checkout-web', 'none'],
    ['storefront-web', 'none'],
    ['payments-sdk', 'none'],
    ['payments-runbook', 'none'],
    ['device-sdk', 'none'],
    ['legacy-modem-bridge', 'none'],
  ])('%s → %s', (name, verdict) => {
    expect(ev(name).verdict).toBe(verdict);
  });

  it('explains the classic cases', () => {
    expect(ev('checkout-api').blockers.linkerd.map(b => b.id)).toEqual(
      expect.arrayContaining([
        'need:external-authz',
        'need:jwt-auth',
        'need:wasm-extensions',
      ]),
    );
    expect(
      ev('checkout-api').requirements.opsCapacity.sources[0],
    ).toMatchObject({ kind: 'inherited', ref: 'system:default/checkout' });
    expect(ev('order-service').blockers.linkerd.map(b => b.id)).toEqual([
      'need:mirroring',
    ]);
    expect(ev('search-service').blockers.istio.map(b => b.id)).toEqual([
      'need:tap',
    ]);
    expect(ev('cart-service').requirements.protocols.value).toEqual([
      'http2',
      'grpc',
      'tcp',
    ]);
    expect(ev('edge-router').requirements.clusterProfile.sources[0].ref).toBe(
      'domain:default/connected-devices',
    );
    expect(ev('fleet-analytics').requirements.clusterProfile.value).toBe(
      'large',
    );
    expect(
      ev('syslog-ingest').diagnostics.some(d => d.message.includes('udp')),
    ).toBe(true);
    expect(ev('ledger-service').requirements.egressDestinations.value).toEqual([
      'resource:default/ledger-db',
      'resource:default/settlement-queue',
    ]);
    expect(
      ev('product-catalog').requirements.opsCapacity.sources[0],
    ).toMatchObject({
      kind: 'inferred',
      detail: expect.stringContaining('group size 5'),
    });
    expect(ev('recommendations').requirements.currentMesh.value).toBe('istio');
    expect(ev('image-resizer').confidence).toBeLessThan(
      ev('edge-router').confidence,
    );
    expect(ev('device-sdk').notApplicableReason).toMatch(/library/);
  });

  it('uses the kubernetes id and namespace annotations for manifests', () => {
    const names = (n: string) => {
      const m = ev(n).guidance.linkerd.manifests.find(
        x => x.kind === 'Server',
      )!;
      return m.yaml.match(/name: (\S+)\n\s+namespace: (\S+)/)!.slice(1);
    };
    expect(names('search-service')).toEqual(['search-api', 'catalog']);
    expect(names('payment-gateway')).toEqual(['payment-gw', 'payments']);
    expect(names('mqtt-broker')).toEqual(['emqx', 'edge-system']);
    expect(names('device-registry')).toEqual(['device-registry', 'default']);
    expect(names('image-resizer')).toEqual(['image-resizer', 'default']);
  });

  it.each([
    [
      'component:default/currency-converter',
      'mesh-advisor.io/needs',
      '"retires"',
      'retries',
    ],
    [
      'component:default/wishlist-service',
      'mesh-advisor.io/protocols',
      '"quic"',
      'http3',
    ],
    [
      'component:default/firmware-updater',
      'mesh-advisor.io/replicas',
      '"-3"',
      '3',
    ],
    [
      'component:default/notification-service',
      'mesh-advisor.io/latency-budget-ms',
      '"fast"',
      undefined,
    ],
    [
      'component:default/telemetry-aggregator',
      'mesh-advisor.io/current-mesh',
      '"consul"',
      'none',
    ],
    ['group:default/data', 'mesh-advisor.io/ops-capacity', '"smal"', 'small'],
  ])(
    'deliberate bad value on %s (%s) gives a diagnostic',
    (ref, annotation, shown, suggestion) => {
      const all = [...evaluations.values()]
        .flatMap(e => e.diagnostics)
        .filter(d => d.entityRef === ref && d.annotation === annotation);
      expect(all.length).toBeGreaterThan(0);
      expect(all[0].message).toContain(shown);
      expect(all[0].message).toMatch(/accepted/);
      expect(all[0].suggestion).toBe(suggestion);
    },
  );

  it('ignores the bad values and keeps going', () => {
    expect(ev('currency-converter').requirements.needs.value).toEqual([
      'mtls',
      'circuit-breaking',
    ]);
    expect(ev('wishlist-service').requirements.protocols.value).toEqual([
      'http1',
    ]);
    expect(ev('firmware-updater').requirements.replicas).toMatchObject({
      value: 2,
      sources: [{ kind: 'default' }],
    });
    expect(
      ev('notification-service').requirements.latencyBudgetMs.value,
    ).toBeUndefined();
    expect(ev('telemetry-aggregator').requirements.currentMesh.value).toBe(
      'none',
    );
    expect(
      ev('telemetry-backfill').requirements.opsCapacity.sources[0].kind,
    ).toBe('inferred');
  });

  it('rolls up every system', () => {
    for (const name of [
      'checkout',
      'catalog-browse',
      'payments-core',
      'fleet-telemetry',
      'device-gateway',
    ]) {
      const sys = catalog.get(`system:default/${name}`)!;
      const members = [...evaluations.values()].filter(e => {
        const ent = catalog.get(e.entityRef)!;
        return (
          ent.kind === 'Component' &&
          (ent.spec as { system?: string }).system === name
        );
      });
      const r = rollUpSystem(sys, members, policy);
      expect(systemRollupSchema.safeParse(r).success).toBe(true);
      expect(r.components.length).toBe(members.length);
    }
    const checkout = rollUpSystem(
      catalog.get('system:default/checkout')!,
      [
        'checkout-api',
        'cart-service',
        'order-service',
        'promo-engine',
        'notification-service',
        'checkout-web',
      ].map(ev),
      policy,
    );
    expect(checkout.verdict).toBe('istio');
    expect(checkout.forcing.map(f => f.entityRef)).toEqual([
      'component:default/checkout-api',
      'component:default/order-service',
    ]);
    expect(
      checkout.components.find(
        c => c.entityRef === 'component:default/checkout-web',
      )!.applicable,
    ).toBe(false);
    expect(checkout.cost.mesh).toBe('istio');
    expect(checkout.cost.proxyMemoryMiB).toBeGreaterThan(0);
  });
});
