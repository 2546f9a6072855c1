import { MESH_ANNOTATIONS } from '../annotations/constants';
import { protocolFact } from '../facts/protocols';
import type { Diagnostic, Protocol, Requirements } from '../schema';

/**
 * Protocols neither mesh proxies: Istio captures TCP only
 * (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/)
 * and Linkerd's proxy-init iptables rules redirect TCP only, so UDP (and
 * HTTP/3, which runs over UDP) stays outside either mesh.
 */
function outsideMesh(protocols: readonly Protocol[]): Protocol[] {
  return protocols.filter(
    p =>
      protocolFact('istio', p)?.support === 'none' &&
      protocolFact('linkerd', p)?.support === 'none',
  );
}

/**
 * Why a component whose every protocol stays outside the mesh is not a mesh
 * candidate; undefined when some of its traffic can be meshed.
 */
export function unmeshableReason(req: Requirements): string | undefined {
  const ps = req.protocols.value;
  const outside = outsideMesh(ps);
  if (ps.length === 0 || outside.length !== ps.length) return undefined;
  return `Not a mesh candidate: it speaks only ${outside.join(
    ', ',
  )}, which neither Istio nor Linkerd proxies (both intercept TCP only), so a mesh would add proxies but no mTLS, metrics or policy for its traffic. Protect it with NetworkPolicy or in the application (e.g. DTLS); declare ${
    MESH_ANNOTATIONS.protocols
  } if it also speaks TCP.`;
}

/** The warning each unproxied protocol gets, whatever the verdict. */
export function outsideMeshDiagnostics(
  req: Requirements,
  entityRef: string,
): Diagnostic[] {
  return outsideMesh(req.protocols.value).map(protocol => ({
    severity: 'warning' as const,
    annotation: MESH_ANNOTATIONS.protocols,
    entityRef,
    message: `${protocol} traffic is not proxied by Istio or Linkerd: it stays outside the mesh (no mTLS, no metrics). This does not favour either mesh.`,
    value: protocol,
  }));
}
