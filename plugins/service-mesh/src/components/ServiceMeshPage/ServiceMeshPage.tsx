import { Content, Header, Page } from '@backstage/core-components';
import { ServiceMeshDashboard } from './ServiceMeshDashboard';

/**
 * The catalog-wide Mesh Advisor page for platform teams, with its header
 * (legacy frontend system).
 */
export function ServiceMeshPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Service Mesh"
        subtitle="Which mesh fits each component: Istio, Linkerd or none"
      />
      <Content>
        <ServiceMeshDashboard />
      </Content>
    </Page>
  );
}
