/*
 * The example portal's backend: only what Mesh Advisor needs to show itself
 * on a real catalog (app, guest auth, catalog, permissions with a real
 * policy, and the service-mesh plugin).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicyModule'));

backend.add(import('@mesh-advisor/plugin-service-mesh-backend'));

backend.start();
