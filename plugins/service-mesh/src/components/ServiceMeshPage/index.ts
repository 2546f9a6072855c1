export { ServiceMeshPage } from './ServiceMeshPage';
export { ServiceMeshDashboard } from './ServiceMeshDashboard';
