/*
 * The example portal's backend: only what Mesh Advisor needs to show itself
 * on a real catalog (app, guest auth, catalog, permissions with a real
 * policy, Kubernetes, the service-mesh plugin, and the scaffolder with its
 * service-mesh action).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicyModule'));

// Kubernetes objects per entity, from the clusters in app-config (the
// example's recorded cluster, examples/recorded-cluster): Mesh Advisor reads
// what runs there through this plugin's API.
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@mesh-advisor/plugin-service-mesh-backend'));

// The scaffolder, with the service-mesh:manifests action behind the example
// template "Onboard a component to its mesh" (examples/templates).
backend.add(import('@backstage/plugin-scaffolder-backend'));
// Lets the catalog accept kind Template, so /create lists the template.
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(
  import('@mesh-advisor/plugin-scaffolder-backend-module-service-mesh'),
);

backend.start();
