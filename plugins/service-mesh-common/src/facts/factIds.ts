import type { PROTOCOLS } from '../schema/values';
import type { CapabilityId } from './capabilityIds';
import type { OperationsFactId } from './operations';
import type { OverheadFactId } from './overhead';

/**
 * Fact ids as types, derived from the fact tables: a factor or finding that
 * cites an id no table defines does not compile (docs/facts.md).
 */

type Mesh = 'istio' | 'linkerd';
type Protocol = (typeof PROTOCOLS)[number];

/** `capability:<mesh>:<capability>`: one per capability and mesh. @public */
export type CapabilityFactId = `capability:${Mesh}:${CapabilityId}`;

/** `protocol:<mesh>:<protocol>`: one per protocol and mesh. @public */
export type ProtocolFactId = `protocol:${Mesh}:${Protocol}`;

export type { OperationsFactId, OverheadFactId };

/** Any fact the evaluator may cite. @public */
export type FactId =
  | CapabilityFactId
  | ProtocolFactId
  | OperationsFactId
  | OverheadFactId;

/** @public */
export function capabilityFactId(
  mesh: Mesh,
  capability: CapabilityId,
): CapabilityFactId {
  return `capability:${mesh}:${capability}`;
}

/** @public */
export function protocolFactId(mesh: Mesh, protocol: Protocol): ProtocolFactId {
  return `protocol:${mesh}:${protocol}`;
}
