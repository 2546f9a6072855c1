/*
 * An adopter's backend, as `npx @backstage/create-app` writes it, with Mesh
 * Advisor added by package name the way the README says.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@mesh-advisor/plugin-service-mesh-backend'));

backend.start();
