import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  RootLoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { Knex } from 'knex';
import { Server } from 'node:http';
import request from 'supertest';
import { serviceMeshPlugin } from './plugin';
import { alice, baseConfig, waitFor } from './__testUtils__/testBackend';
import {
  EvaluationRefresher,
  REFRESH_TASK_ID,
} from './services/EvaluationRefresher';

jest.setTimeout(120_000);

/** A root logger that keeps every message, shared by a replica's plugins. */
function recordingRootLogger(messages: string[]) {
  const logger: RootLoggerService = {
    info: message => void messages.push(message),
    warn: message => void messages.push(message),
    error: message => void messages.push(message),
    debug: () => {},
    child: () => logger,
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger,
  });
}

/** Each plugin its own database, as in production; replicas share them. */
function perPluginDatabases(knexByPlugin: Record<string, Knex>) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => ({
      getClient: async () => knexByPlugin[plugin.getId()],
    }),
  });
}

/** Hands the test the service-mesh plugin's scheduler of one replica. */
function schedulerHandle(onScheduler: (scheduler: SchedulerService) => void) {
  return createBackendModule({
    pluginId: 'service-mesh',
    moduleId: 'test-scheduler-handle',
    register(reg) {
      reg.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          onScheduler(scheduler);
        },
      });
    },
  });
}

async function startReplica(
  knexByPlugin: Record<string, Knex>,
  messages: string[],
) {
  let scheduler: SchedulerService | undefined;
  const backend = await startTestBackend({
    features: [
      serviceMeshPlugin,
      schedulerHandle(s => (scheduler = s)),
      catalogPlugin,
      // The real, database-backed scheduler: replicas coordinate through it.
      schedulerServiceFactory,
      perPluginDatabases(knexByPlugin),
      recordingRootLogger(messages),
      mockServices.rootConfig.factory({
        data: baseConfig({
          // One run soon after start, the next one far away.
          serviceMesh: {
            refresh: { frequency: { hours: 1 }, initialDelay: { seconds: 1 } },
          },
        }),
      }),
    ],
  });
  return {
    server: backend.server,
    stop: () => backend.stop(),
    scheduler: scheduler!,
  };
}

/**
 * Clients that keep both replicas busy (the list and an entity route, in
 * turn) until stopped; every answer must be a 200.
 */
function keepBusy(servers: Server[], clients = 20) {
  const paths = [
    '/api/service-mesh/v1/evaluations',
    '/api/service-mesh/v1/entities/component/default/payments/evaluation',
  ];
  let stopped = false;
  let requests = 0;
  const failures: string[] = [];
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let i = client; !stopped; i += clients) {
      const path = paths[i % paths.length];
      const res = await request(servers[i % servers.length])
        .get(path)
        .set('Authorization', alice);
      requests++;
      if (res.status !== 200) failures.push(`${res.status} ${path}`);
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return { requests, failures };
    },
  };
}

describe('two backend replicas on one database', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'refresh once per interval and store each entity once, under load, on %p',
    async id => {
      const knexByPlugin = {
        catalog: await databases.init(id),
        'service-mesh': await databases.init(id),
      };
      const knex = knexByPlugin['service-mesh'];
      const logs = [[], []] as string[][];
      const replicas = [
        await startReplica(knexByPlugin, logs[0]),
        await startReplica(knexByPlugin, logs[1]),
      ];
      try {
        const refreshed = () =>
          logs
            .flat()
            .filter(m => m.startsWith('Refreshed service-mesh evaluations'));
        const settle = async (runs: number) => {
          for (let i = 0; i < 150 && refreshed().length < runs; i++) {
            await new Promise(r => setTimeout(r, 200));
          }
          // Give the other replica every chance to run it too, if it wrongly would.
          await new Promise(r => setTimeout(r, 3000));
        };

        // The run after start happens once across both replicas ...
        await settle(1);
        expect(refreshed()).toHaveLength(1);
        await waitFor(async () => {
          const res = await request(replicas[1].server)
            .get(
              '/api/service-mesh/v1/entities/component/default/payments/evaluation',
            )
            .set('Authorization', alice);
          return res.status === 200 || undefined;
        }, 'the catalog to serve component:default/payments');

        // ... and so does a refresh both replicas ask for at the same
        // moment, while clients keep both of them busy.
        const load = keepBusy(replicas.map(r => r.server));
        await Promise.all(
          replicas.map(r => r.scheduler.triggerTask(REFRESH_TASK_ID)),
        );
        await settle(2);
        const { requests, failures } = await load.stop();
        expect(refreshed()).toHaveLength(2);
        expect(requests).toBeGreaterThan(0);
        expect(failures).toEqual([]);

        // Every component of the catalog once: none duplicated, none lost.
        const rows = await knex('service_mesh_evaluations').select(
          'entity_ref',
        );
        const refs = rows.map(r => r.entity_ref);
        expect(refs.sort()).toEqual([
          'component:default/cart',
          'component:default/fraud-scoring',
          'component:default/payments',
          'component:default/payments-sdk',
        ]);

        // Both replicas serve the same stored list.
        const [a, b] = await Promise.all(
          replicas.map(r =>
            request(r.server)
              .get('/api/service-mesh/v1/evaluations')
              .set('Authorization', alice),
          ),
        );
        expect(a.status).toBe(200);
        expect(a.body.totalItems).toBe(refs.length);
        expect(b.body.totalItems).toBe(refs.length);
      } finally {
        await Promise.all(replicas.map(r => r.stop()));
      }
    },
  );
});

describe('the refresh task', () => {
  it('is scheduled globally, so replicas share one schedule', async () => {
    const scheduler = mockServices.scheduler.mock();
    const refresher = new EvaluationRefresher({} as any);
    await refresher.schedule(scheduler, {
      frequency: { minutes: 30 },
      timeout: { minutes: 10 },
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ id: REFRESH_TASK_ID, scope: 'global' }),
    );
  });
});
