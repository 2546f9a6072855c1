import {
  BackendFeature,
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { serviceMeshPlugin } from '../plugin';
import { REFRESH_TASK_ID } from '../services/EvaluationRefresher';

/**
 * Shared set-up of the integration tests: a real backend with the real
 * catalog plugin fed `src/__fixtures__/catalog.yaml`, an in-process
 * permission policy, and this plugin, driven over HTTP.
 */

const catalogFile = path.resolve(__dirname, '../__fixtures__/catalog.yaml');

/** user:default/alice owns fraud-scoring (and may read it). */
export const alice = mockCredentials.user.header('user:default/alice');
/** user:default/bob may not read fraud-scoring. */
export const bob = mockCredentials.user.header('user:default/bob');

/**
 * A real permission policy, evaluated in process: entities annotated
 * `test.example/private: 'true'` are readable only by their owner. The real
 * catalog applies its conditional decision in its own queries.
 *
 * (The permission backend itself cannot be used here: the mock auth service's
 * on-behalf-of tokens look like direct user requests to it, which it refuses
 * for conditional decisions.)
 */
export const privateEntitiesPermissions = createTestPermissions();

/**
 * The policy above; `deny` adds one rule: that user is refused that
 * (basic) permission.
 */
export function createTestPermissions(
  options: { deny?: { permission: Permission; user: string } } = {},
) {
  const { deny } = options;
  return createServiceFactory({
    service: coreServices.permissions,
    deps: { auth: coreServices.auth, userInfo: coreServices.userInfo },
    factory({ auth, userInfo }) {
      const decide = async (
        permission: Permission,
        credentials: BackstageCredentials,
      ): Promise<PolicyDecision> => {
        if (!auth.isPrincipal(credentials, 'user')) {
          return { result: AuthorizeResult.ALLOW };
        }
        if (deny && isPermission(permission, deny.permission)) {
          return {
            result:
              credentials.principal.userEntityRef === deny.user
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          };
        }
        if (!isPermission(permission, catalogEntityReadPermission)) {
          return { result: AuthorizeResult.ALLOW };
        }
        const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
        return createCatalogConditionalDecision(permission, {
          anyOf: [
            {
              not: catalogConditions.hasAnnotation({
                annotation: 'test.example/private',
                value: 'true',
              }),
            },
            catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
          ],
        });
      };
      const service: PermissionsService = {
        async authorizeConditional(requests, { credentials }) {
          return Promise.all(
            requests.map(r => decide(r.permission, credentials)),
          ) as any;
        },
        async authorize(requests, { credentials }) {
          // Only unconditional answers here; resource checks go through authorizeConditional.
          return Promise.all(
            requests.map(async r => {
              const decision = await decide(r.permission, credentials);
              return {
                result:
                  decision.result === AuthorizeResult.ALLOW
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              };
            }),
          ) as any;
        },
      };
      return service;
    },
  });
}

/** Polls until probe returns something other than undefined. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  attempts = 100,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The catalog and serviceMesh config every integration test starts from. */
export function baseConfig(
  options: { extraLocations?: string[]; serviceMesh?: JsonObject } = {},
): JsonObject {
  return {
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'Domain',
            'API',
            'Resource',
            'Group',
            'User',
          ],
        },
      ],
      locations: [catalogFile, ...(options.extraLocations ?? [])].map(
        target => ({ type: 'file', target }),
      ),
    },
    serviceMesh: {
      margin: 5,
      // The test triggers the refresh itself; page size 2 makes it page.
      refresh: {
        frequency: { hours: 24 },
        initialDelay: { hours: 24 },
        pageSize: 2,
      },
      ...options.serviceMesh,
    },
  };
}

export interface MeshTestBackend {
  server: Server;
  /** The service-mesh plugin's scheduler, to run the refresh on demand. */
  scheduler: SchedulerService;
  /** Runs the refresh now and resolves when it has finished (or failed). */
  runRefresh(): Promise<void>;
  stop(): Promise<void>;
}

export interface MeshTestBackendOptions {
  /** More catalog files, beside src/__fixtures__/catalog.yaml. */
  extraLocations?: string[];
  /** Merged over the base `serviceMesh` block. */
  serviceMesh?: JsonObject;
  /** More features (modules, service factories). */
  features?: BackendFeature[];
  /**
   * A database per plugin (from TestDatabases, e.g. PostgreSQL); without it
   * every plugin gets an in-memory SQLite database.
   */
  databases?: { catalog: Knex; 'service-mesh': Knex };
}

/** Each plugin its own database, as in production. */
function perPluginDatabases(knexByPlugin: Record<string, Knex>) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => ({
      getClient: async () => knexByPlugin[plugin.getId()],
    }),
  });
}

/**
 * Starts the backend and waits until the catalog has ingested the fixture
 * (entities and relations). The refresh has not run yet.
 */
export async function startMeshTestBackend(
  options: MeshTestBackendOptions = {},
): Promise<MeshTestBackend> {
  let scheduler: SchedulerService | undefined;
  /** Lets the test run the refresh on demand instead of waiting for its schedule. */
  const schedulerHandle = createBackendModule({
    pluginId: 'service-mesh',
    moduleId: 'test-scheduler-handle',
    register(reg) {
      reg.registerInit({
        deps: { s: coreServices.scheduler },
        async init({ s }) {
          scheduler = s;
        },
      });
    },
  });

  const backend = await startTestBackend({
    features: [
      serviceMeshPlugin,
      schedulerHandle,
      catalogPlugin,
      privateEntitiesPermissions,
      mockServices.rootConfig.factory({
        data: baseConfig(options),
      }),
      ...(options.databases ? [perPluginDatabases(options.databases)] : []),
      ...(options.features ?? []),
    ],
  });
  const server = backend.server;

  // The catalog ingests the file asynchronously: wait until the entities
  // and their relations are there.
  await waitFor(async () => {
    const res = await request(server)
      .get('/api/catalog/entities/by-name/component/default/payments')
      .set('Authorization', alice);
    return res.status === 200 &&
      res.body.relations?.some((r: any) => r.type === 'partOf')
      ? true
      : undefined;
  }, 'the catalog to ingest the fixture');
  await waitFor(async () => {
    const res = await request(server)
      .get('/api/catalog/entities/by-name/domain/default/commerce')
      .set('Authorization', alice);
    return res.body.relations?.some((r: any) => r.type === 'hasPart')
      ? true
      : undefined;
  }, 'the domain relations');

  return {
    server,
    scheduler: scheduler!,
    runRefresh: () => scheduler!.triggerTask(REFRESH_TASK_ID),
    stop: () => backend.stop(),
  };
}

/**
 * Runs the refresh and waits until the list (as the given caller) shows
 * `totalItems` evaluations.
 */
export async function refreshAndWaitForList(
  backend: MeshTestBackend,
  totalItems: number,
  authorization = alice,
): Promise<void> {
  await backend.runRefresh();
  let polls = 0;
  await waitFor(
    async () => {
      const res = await request(backend.server)
        .get('/api/service-mesh/v1/evaluations')
        .set('Authorization', authorization);
      if (res.body.totalItems === totalItems) return true;
      // A trigger that arrives while the start-up run is still going is
      // dropped, and that run may have read the catalog before it had
      // ingested everything (seen on a loaded machine): trigger again.
      if (++polls % 25 === 0) await backend.runRefresh().catch(() => {});
      return undefined;
    },
    'the refresh to store every component',
    300,
  );
}
