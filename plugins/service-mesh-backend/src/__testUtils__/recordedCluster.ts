import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { kubernetesFetcherExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { kubernetesResourcesReadPermission } from '@backstage/plugin-kubernetes-common';
import { ChildProcess, spawn } from 'node:child_process';
import { Server } from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { serviceMeshPlugin } from '../plugin';
import { OBSERVE_TASK_ID } from '../services/ClusterObservations';
import { REFRESH_TASK_ID } from '../services/EvaluationRefresher';
import {
  alice,
  baseConfig,
  createTestPermissions,
  waitFor,
} from './testBackend';

/**
 * The integration tests' clusters: the example's recorded cluster
 * (examples/recorded-cluster/server.mjs) as a child process on a free port,
 * read by the real Kubernetes backend plugin.
 */

const SERVER = path.resolve(
  __dirname,
  '../../../../examples/recorded-cluster/server.mjs',
);

const kubernetesCatalogFile = path.resolve(
  __dirname,
  '../__fixtures__/kubernetes-catalog.yaml',
);

/** user:default/carol may read the catalog but not Kubernetes resources. */
export const carol = mockCredentials.user.header('user:default/carol');

export interface RecordedCluster {
  url: string;
  /** Switches a cluster to `ok`, `hang` (never answers) or `error` (500). */
  setMode(cluster: string, mode: 'ok' | 'hang' | 'error'): Promise<void>;
  stop(): Promise<void>;
}

export async function startRecordedCluster(): Promise<RecordedCluster> {
  const child: ChildProcess = spawn(process.execPath, [SERVER, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[^:\s]+:\d+)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', code =>
      reject(new Error(`recorded cluster exited (${code}): ${out}`)),
    );
  });
  return {
    url,
    async setMode(cluster, mode) {
      const res = await fetch(`${url}/_control/${cluster}`, {
        method: 'POST',
        body: JSON.stringify({ mode }),
      });
      if (!res.ok) throw new Error(`control ${cluster}: ${res.status}`);
    },
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) resolve();
        else {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }
      }),
  };
}

/** The integration tests' permission policy; carol may not read Kubernetes resources. */
const permissionsDenyingCarolKubernetes = createTestPermissions({
  deny: {
    permission: kubernetesResourcesReadPermission,
    user: 'user:default/carol',
  },
});

/**
 * The Kubernetes plugin's own fetcher loads `@kubernetes/client-node` with a
 * dynamic import, which jest's VM refuses without --experimental-vm-modules.
 * This fetcher makes the same list calls (same paths, same labelSelector)
 * with plain fetch; the rest of the plugin (routes, permission, cluster and
 * service locators, fan-out, response shape) is the real one.
 */
const plainFetcher = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'test-plain-fetcher',
  register(reg) {
    reg.registerInit({
      deps: { fetchers: kubernetesFetcherExtensionPoint },
      async init({ fetchers }) {
        const list = async (
          cluster: { url: string; name: string },
          token: string | undefined,
          o: {
            group: string;
            apiVersion: string;
            plural: string;
            objectType: string;
          },
          namespace: string | undefined,
          labelSelector: string | undefined,
        ) => {
          const resourcePath = `${
            o.group
              ? `/apis/${o.group}/${o.apiVersion}`
              : `/api/${o.apiVersion}`
          }${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${
            o.plural
          }`;
          const url = new URL(cluster.url);
          url.pathname += resourcePath;
          if (labelSelector) {
            url.search = `labelSelector=${encodeURIComponent(labelSelector)}`;
          }
          const res = await fetch(url, {
            headers: token ? { authorization: `Bearer ${token}` } : {},
          });
          if (!res.ok) {
            return {
              errorType: res.status === 500 ? 'SYSTEM_ERROR' : 'UNKNOWN_ERROR',
              statusCode: res.status,
              resourcePath,
            };
          }
          const body = await res.json();
          return { type: o.objectType, resources: body.items };
        };
        fetchers.addFetcher({
          async fetchObjectsForService(params: any) {
            const results = await Promise.all(
              [...params.objectTypesToFetch].map((o: any) =>
                list(
                  params.clusterDetails,
                  params.credential?.token,
                  o,
                  params.namespace,
                  params.labelSelector,
                ),
              ),
            );
            return {
              errors: results.filter((r: any) => 'errorType' in r) as any,
              responses: results.filter((r: any) => !('errorType' in r)) as any,
            };
          },
          async fetchPodMetricsByNamespaces() {
            return { errors: [], responses: [] };
          },
        });
      },
    });
  },
});

export interface KubernetesTestBackend {
  server: Server;
  /** Runs the evaluation refresh and resolves once it was triggered. */
  runRefresh(): Promise<void>;
  /** Triggers the cluster observation. */
  runObservation(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A backend with the catalog (the usual fixture plus the Kubernetes one),
 * this plugin and, unless `kubernetes: false`, the real Kubernetes backend
 * reading the recorded cluster's prod-eu and branch-01.
 */
export async function startKubernetesTestBackend(options: {
  clusterUrl?: string;
  kubernetes?: boolean;
}): Promise<KubernetesTestBackend> {
  let scheduler: SchedulerService | undefined;
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
  const cluster = (name: string) => ({
    name,
    url: `${options.clusterUrl}/${name}`,
    authProvider: 'serviceAccount',
    serviceAccountToken: 'recorded-cluster-accepts-any-token',
    skipMetricsLookup: true,
    skipTLSVerify: false,
  });
  const withKubernetes = options.kubernetes !== false;
  const backend = await startTestBackend({
    features: [
      serviceMeshPlugin,
      schedulerHandle,
      catalogPlugin,
      permissionsDenyingCarolKubernetes,
      ...(withKubernetes ? [kubernetesPlugin, plainFetcher] : []),
      mockServices.rootConfig.factory({
        data: {
          ...baseConfig({ extraLocations: [kubernetesCatalogFile] }),
          ...(withKubernetes && {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [cluster('prod-eu'), cluster('branch-01')],
                },
              ],
            },
          }),
        },
      }),
    ],
  });
  const server = backend.server;
  await waitFor(async () => {
    const res = await request(server)
      .get('/api/catalog/entities/by-name/component/default/fraud-model')
      .set('Authorization', alice);
    return res.status === 200 ? true : undefined;
  }, 'the catalog to ingest the Kubernetes fixture');
  return {
    server,
    runRefresh: () => scheduler!.triggerTask(REFRESH_TASK_ID),
    runObservation: () => scheduler!.triggerTask(OBSERVE_TASK_ID),
    stop: () => backend.stop(),
  };
}
