import { z } from 'zod';
import {
  FACT_CLAIMANTS,
  factSourceSchema,
  provenance,
  supportLevelSchema,
} from './capabilities';
import { FACT_SOURCES as S } from './sources';
import type { ProtocolFactId } from './factIds';
import type { PROTOCOLS } from '../schema/values';

/**
 * What each mesh does with each wire protocol.
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
  /** Set when only this claimant makes the claim: not verified. */
  claimedBy: z.enum(FACT_CLAIMANTS).optional(),
});
/** How one mesh handles one protocol (see {@link protocolFactSchema}). @public */
export type ProtocolFact = z.infer<typeof protocolFactSchema>;

type Row = Pick<ProtocolFact, 'support' | 'note' | 'sources'> & {
  minVersion?: string;
  verified?: boolean;
};

/** A protocol fact whose id is typed (`protocol:<mesh>:<protocol>`). @public */
export type TypedProtocolFact = ProtocolFact & { id: ProtocolFactId };

function pair(
  protocol: (typeof PROTOCOLS)[number],
  istio: Row,
  linkerd: Row,
): TypedProtocolFact[] {
  return [
    {
      id: `protocol:istio:${protocol}`,
      protocol,
      mesh: 'istio',
      ...istio,
      ...provenance(istio.sources, istio.verified),
    },
    {
      id: `protocol:linkerd:${protocol}`,
      protocol,
      mesh: 'linkerd',
      ...linkerd,
      ...provenance(linkerd.sources, linkerd.verified),
    },
  ];
}

const http = (p: 'http1' | 'http2' | 'grpc') =>
  pair(
    p,
    {
      support: 'native',
      note: `${p} is proxied natively.`,
      sources: [S.seed, S.istioProtocolSelection],
    },
    {
      support: 'native',
      note: `${p} is proxied natively.`,
      sources: [S.seed, S.linkerdProtocolDetection],
    },
  );

/**
 * Protocol facts, two per protocol.
 *
 * @public
 */
export const PROTOCOL_FACTS: TypedProtocolFact[] = [
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
    {
      support: 'native',
      note: 'mTLS for all TCP traffic.',
      sources: [S.seed, S.linkerdProtocolDetection],
    },
  ),
  ...pair(
    'websocket',
    {
      support: 'native',
      note: 'WebSockets are proxied (seed article only).',
      sources: [S.seed],
    },
    {
      support: 'native',
      minVersion: '2.10',
      note: 'WebSockets are proxied (since 2.10 at the latest); 2.18 only adds reading the Service appProtocol, which is not needed for them.',
      sources: [S.linkerdWebsocket210],
    },
  ),
  ...pair(
    'udp',
    {
      support: 'none',
      note: 'Istio proxies TCP-based protocols only; UDP is not captured or proxied (sidecar or ambient). UDP traffic stays outside the mesh.',
      sources: [S.istioProtocolSelection],
    },
    {
      support: 'none',
      note: 'UDP is not proxied: the proxy-init iptables rules redirect TCP only, so UDP stays outside the mesh.',
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

// Looked up for every protocol of every evaluation: by mesh, then protocol,
// with no key string to build.
const byMesh = new Map<string, Map<string, TypedProtocolFact>>();
for (const f of PROTOCOL_FACTS) {
  let facts = byMesh.get(f.mesh);
  if (!facts) byMesh.set(f.mesh, (facts = new Map()));
  facts.set(f.protocol, f);
}

/**
 * The fact for one protocol of one mesh, or undefined for a protocol the
 * tables do not know.
 *
 * @public
 */
export function protocolFact(
  mesh: 'istio' | 'linkerd',
  protocol: string,
): TypedProtocolFact | undefined {
  return byMesh.get(mesh)?.get(protocol);
}
