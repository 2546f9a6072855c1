/**
 * The scaffolder action `service-mesh:manifests`: writes a component's Mesh
 * Advisor guidance manifests into the scaffolder workspace, evaluated on
 * behalf of the user who runs the template.
 *
 * @packageDocumentation
 */

export { scaffolderModuleServiceMesh as default } from './module';
