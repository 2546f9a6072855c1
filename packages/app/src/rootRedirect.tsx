import { ErrorPage } from '@backstage/core-components';
import {
  PageBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { Navigate, useLocation } from 'react-router-dom';

/**
 * `/` opens the catalog. Mounted at `/`, this page also receives every path
 * no other page claims, and those stay a 404 rather than a silent redirect.
 */
function RootRedirect() {
  const { pathname } = useLocation();
  if (pathname === '/' || pathname === '') {
    return <Navigate to="/catalog" replace />;
  }
  return <ErrorPage status="404" statusMessage="PAGE NOT FOUND" />;
}

export const rootRedirectModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    PageBlueprint.make({
      name: 'root-redirect',
      params: {
        path: '/',
        noHeader: true,
        loader: async () => <RootRedirect />,
      },
    }),
  ],
});
