export { ServiceMeshPage } from './ServiceMeshPage';
export { ServiceMeshDashboard } from './ServiceMeshDashboard';
export { csvField, evaluationsToCsv, fetchAllEvaluations } from './csv';
