export { FACT_SOURCES } from './sources';
export type { FactSource } from './sources';
export { CAPABILITY_IDS } from './capabilityIds';
export type { CapabilityId } from './capabilityIds';
export { MESH_NAME } from './meshes';
export { capabilityFactId, protocolFactId } from './factIds';
export type {
  CapabilityFactId,
  FactId,
  OperationsFactId,
  OverheadFactId,
  ProtocolFactId,
} from './factIds';
export {
  CAPABILITY_FACTS,
  FACT_CLAIMANTS,
  capabilityFact,
  capabilityFactSchema,
  factSourceSchema,
  supportLevelSchema,
} from './capabilities';
export type {
  CapabilityFact,
  SupportLevel,
  TypedCapabilityFact,
} from './capabilities';
export { PROTOCOL_FACTS, protocolFact, protocolFactSchema } from './protocols';
export type { ProtocolFact, TypedProtocolFact } from './protocols';
export { OPERATIONS_FACTS } from './operations';
export type { OperationsFact } from './operations';
export { OVERHEAD_FIGURES } from './overhead';
export type { OverheadFigure, OverheadHarness } from './overhead';
export { publishedFacts } from './published';
export type { PublishedFact, PublishedFactBase } from './published';
export { ALLOWED_API_VERSIONS, MESH_DOCS } from './resources';
export {
  SUPPORTED_VERSIONS,
  DEFAULT_TARGETS,
  compareVersions,
  atLeast,
  resolveTargets,
  linkerdGatewayApiRange,
} from './versions';
export type { MeshTargets } from './versions';
