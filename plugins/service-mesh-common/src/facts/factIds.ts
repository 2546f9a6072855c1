import type { MeshId, Protocol } from '../schema/evaluation';
import type { CapabilityId } from './capabilityIds';
import type { OperationsFactId } from './operations';
import type { OverheadFactId } from './overhead';

/**
 * Fact ids as types, derived from the fact tables: a factor or finding that
 * cites an id no table defines does not compile (docs/facts.md).
 */

/** `capability:<mesh>:<capability>`: one per capability and mesh. @public */
export type CapabilityFactId = `capability:${MeshId}:${CapabilityId}`;

/** `protocol:<mesh>:<protocol>`: one per protocol and mesh. @public */
export type ProtocolFactId = `protocol:${MeshId}:${Protocol}`;

export type { OperationsFactId, OverheadFactId };

/** Any fact the evaluator may cite. @public */
export type FactId =
  | CapabilityFactId
  | ProtocolFactId
  | OperationsFactId
  | OverheadFactId;

/**
 * The id of the capability fact of one mesh, e.g.
 * `capability:linkerd:rate-limiting`.
 *
 * @public
 */
export function capabilityFactId(
  mesh: MeshId,
  capability: CapabilityId,
): CapabilityFactId {
  return `capability:${mesh}:${capability}`;
}

/**
 * The id of the protocol fact of one mesh, e.g. `protocol:istio:udp`.
 *
 * @public
 */
export function protocolFactId(
  mesh: MeshId,
  protocol: Protocol,
): ProtocolFactId {
  return `protocol:${mesh}:${protocol}`;
}
