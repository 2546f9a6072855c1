import { z } from 'zod';
import { factSourceSchema, supportLevelSchema } from './capabilities';
import { FACT_SOURCES as S } from './sources';

/**
 * What each mesh does with each wire protocol (MESH-FACTS.md "Protocols").
 *
 * @public
 */
export const protocolFactSchema = z.object({
  /** e.g. `protocol:istio:udp`. */
  id: z.string(),
  protocol: z.string(),
  mesh: z.enum(['istio', 'linkerd']),
  support: supportLevelSchema,
  minVersion: z.string().optional(),
  note: z.string(),
  sources: z.array(factSourceSchema).min(1),
  verified: z.boolean(),
});
/** @public */
export type ProtocolFact = z.infer<typeof protocolFactSchema>;

type Row = Pick<ProtocolFact, 'support' | 'note' | 'sources'> & {
  minVersion?: string;
  verified?: boolean;
};

function pair(protocol: string, istio: Row, linkerd: Row): ProtocolFact[] {
  return [
    {
      id: `protocol:istio:${protocol}`,
      protocol,
      mesh: 'istio',
      ...istio,
      verified: istio.verified ?? true,
    },
    {
      id: `protocol:linkerd:${protocol}`,
      protocol,
      mesh: 'linkerd',
      ...linkerd,
      verified: linkerd.verified ?? true,
    },
  ];
}

const http = (p: string) =>
  pair(
    p,
    { support: 'native', note: `${p} is proxied natively.`, sources: [S.seed] },
    { support: 'native', note: `${p} is proxied natively.`, sources: [S.seed] },
  );

/**
 * Protocol facts, two per protocol.
 *
 * @public
 */
export const PROTOCOL_FACTS: ProtocolFact[] = [
  ...http('http1'),
  ...http('http2'),
  ...http('grpc'),
  ...pair(
    'tcp',
    {
      support: 'native',
      note: 'Any TCP protocol is proxied (mTLS, L4 policy).',
      sources: [S.seed, S.istioProtocolSelection],
    },
    { support: 'native', note: 'mTLS for all TCP traffic.', sources: [S.seed] },
  ),
  ...pair(
    'websocket',
    { support: 'native', note: 'WebSockets are proxied.', sources: [S.seed] },
    {
      support: 'native',
      minVersion: '2.18',
      note: 'All TCP including TLS and WebSockets; appProtocol read since 2.18.',
      sources: [S.linkerdProtocolDetection],
    },
  ),
  ...pair(
    'udp',
    {
      support: 'none',
      note: 'Istio supports any TCP protocol; UDP is not proxied (Envoy handling raw UDP is Envoy, not the mesh). UDP traffic stays outside the mesh.',
      sources: [S.istioProtocolSelection],
    },
    {
      support: 'none',
      note: 'UDP is not proxied; it stays outside the mesh.',
      sources: [S.linkerdProtocolDetection],
    },
  ),
  ...pair(
    'http3',
    {
      support: 'none',
      note: 'No in-mesh HTTP/3 support found; at most experimental at the ingress gateway. Verify against current docs.',
      sources: [S.seed],
      verified: false,
    },
    {
      support: 'none',
      note: 'No HTTP/3 support found. Verify against current docs.',
      sources: [S.seed],
      verified: false,
    },
  ),
];

const byKey = new Map<string, ProtocolFact>(
  PROTOCOL_FACTS.map(f => [`${f.mesh}:${f.protocol}`, f]),
);

/** @public */
export function protocolFact(
  mesh: 'istio' | 'linkerd',
  protocol: string,
): ProtocolFact | undefined {
  return byKey.get(`${mesh}:${protocol}`);
}

/**
 * Operational facts (MESH-FACTS.md "Operations and ecosystem") the scoring
 * cites: proxy, CRD surface, support model.
 *
 * @public
 */
export const OPERATIONS_FACTS = [
  {
    id: 'ops:istio:proxy',
    mesh: 'istio' as const,
    note: 'Envoy (C++) proxy with an extensible filter chain and Wasm; dozens of CRDs; sidecar and control-plane versions must stay in sync.',
    sources: [S.seed],
    verified: true,
  },
  {
    id: 'ops:linkerd:proxy',
    mesh: 'linkerd' as const,
    note: 'linkerd2-proxy (Rust), built only for the mesh; a handful of CRDs; one-command install, two-phase upgrades with linkerd check.',
    sources: [S.seed],
    verified: true,
  },
  {
    id: 'ops:istio:support',
    mesh: 'istio' as const,
    note: 'Quarterly releases; many vendor distributions with commercial support (Solo.io, Tetrate, Red Hat, Google, …). CNCF graduated 2023.',
    sources: [S.seed],
    verified: true,
  },
  {
    id: 'ops:linkerd:support',
    mesh: 'linkerd' as const,
    note: 'Open source publishes edge releases only; stable releases only as Buoyant Enterprise for Linkerd since 2.15 (Feb 2024), a single vendor. CNCF graduated 2021.',
    sources: [S.seed, S.buoyant215Stable],
    verified: true,
  },
];
