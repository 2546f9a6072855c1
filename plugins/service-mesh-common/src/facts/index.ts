export { FACT_SOURCES } from './sources';
export type { FactSource } from './sources';
export { CAPABILITY_IDS } from './capabilityIds';
export type { CapabilityId } from './capabilityIds';
export {
  CAPABILITY_FACTS,
  FACT_CLAIMANTS,
  capabilityFact,
  capabilityFactSchema,
  factSourceSchema,
  supportLevelSchema,
} from './capabilities';
export type { CapabilityFact, SupportLevel } from './capabilities';
export {
  PROTOCOL_FACTS,
  OPERATIONS_FACTS,
  protocolFact,
  protocolFactSchema,
} from './protocols';
export type { ProtocolFact } from './protocols';
export { OVERHEAD_FIGURES } from './overhead';
export type { OverheadFigure } from './overhead';
export { ALLOWED_API_VERSIONS, MESH_DOCS } from './resources';
export { RULES_VERSION } from './rulesVersion';
export {
  SUPPORTED_VERSIONS,
  DEFAULT_TARGETS,
  compareVersions,
  atLeast,
  resolveTargets,
  linkerdGatewayApiRange,
} from './versions';
export type { MeshTargets } from './versions';
