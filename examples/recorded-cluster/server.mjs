#!/usr/bin/env node
/*
 * The example portal's recorded cluster: a small HTTP server that answers the
 * Kubernetes API list calls Backstage's Kubernetes backend makes
 * (GET /api/v1/pods?labelSelector=…, /apis/apps/v1/namespaces/shop/deployments, …)
 * from YAML files of recorded objects, one directory per cluster, each served
 * under its own path prefix: http://127.0.0.1:<port>/<cluster>/api/v1/pods.
 *
 * No Kubernetes API server is needed to try the portal or run its tests;
 * adopters point the Kubernetes plugin at their real clusters instead.
 *
 *   node examples/recorded-cluster/server.mjs [--port 7171] [--host 127.0.0.1]
 *        [--mode prod-eu=hang] [--delay branch-01=300]
 *
 * Per-cluster behaviour can also be changed while it runs (tests do):
 *   POST /_control/<cluster>  {"mode": "ok" | "hang" | "error", "delayMs": 0}
 * `hang` never answers (until the mode changes back); `error` answers 500
 * with a Kubernetes Status body; `delayMs` delays every answer.
 *
 * Prints `recorded cluster listening on http://host:port` once it listens
 * (with --port 0 the port is chosen by the system).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLUSTERS_DIR = path.join(HERE, 'clusters');

/** The resources the Kubernetes backend lists (its DEFAULT_OBJECTS), by API path. */
const RESOURCES = {
  'api/v1/pods': { kind: 'Pod', apiVersion: 'v1' },
  'api/v1/services': { kind: 'Service', apiVersion: 'v1' },
  'api/v1/configmaps': { kind: 'ConfigMap', apiVersion: 'v1' },
  'api/v1/limitranges': { kind: 'LimitRange', apiVersion: 'v1' },
  'api/v1/resourcequotas': { kind: 'ResourceQuota', apiVersion: 'v1' },
  'api/v1/secrets': { kind: 'Secret', apiVersion: 'v1' },
  'api/v1/persistentvolumes': { kind: 'PersistentVolume', apiVersion: 'v1' },
  'api/v1/persistentvolumeclaims': {
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
  },
  'api/v1/namespaces': { kind: 'Namespace', apiVersion: 'v1' },
  'apis/apps/v1/deployments': { kind: 'Deployment', apiVersion: 'apps/v1' },
  'apis/apps/v1/replicasets': { kind: 'ReplicaSet', apiVersion: 'apps/v1' },
  'apis/apps/v1/statefulsets': { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  'apis/apps/v1/daemonsets': { kind: 'DaemonSet', apiVersion: 'apps/v1' },
  'apis/autoscaling/v2/horizontalpodautoscalers': {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
  },
  'apis/batch/v1/jobs': { kind: 'Job', apiVersion: 'batch/v1' },
  'apis/batch/v1/cronjobs': { kind: 'CronJob', apiVersion: 'batch/v1' },
  'apis/networking.k8s.io/v1/ingresses': {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
  },
};
/** Kinds that live in no namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'PersistentVolume']);

/** Every YAML document of a cluster's directory. */
export function loadCluster(dir) {
  const objects = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(file)) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) {
        throw new Error(`${file}: ${doc.errors[0].message}`);
      }
      const object = doc.toJS();
      if (object && object.kind) objects.push(object);
    }
  }
  return objects;
}

/**
 * A label selector as the API server reads it: equality (`a=b`, `a==b`,
 * `a!=b`), set-based (`a in (x,y)`, `a notin (x)`) and existence (`a`, `!a`),
 * comma-separated (commas inside parentheses belong to the set).
 * Returns a predicate over a labels object; throws on a malformed selector.
 */
export function parseLabelSelector(selector) {
  const terms = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  const tests = terms
    .map(t => t.trim())
    .filter(Boolean)
    .map(term => {
      let m = term.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/);
      if (m) {
        const [, key, op, list] = m;
        const values = new Set(
          list
            .split(',')
            .map(v => v.trim())
            .filter(Boolean),
        );
        return op === 'in'
          ? labels => key in labels && values.has(labels[key])
          : labels => !(key in labels) || !values.has(labels[key]);
      }
      m = term.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/);
      if (m) {
        const [, key, op, value] = m;
        return op === '!='
          ? labels => labels[key] !== value
          : labels => labels[key] === value;
      }
      m = term.match(/^(!?)([\w./-]+)$/);
      if (m) {
        const [, not, key] = m;
        return not ? labels => !(key in labels) : labels => key in labels;
      }
      throw new Error(`unable to parse requirement: "${term}"`);
    });
  return labels => tests.every(test => test(labels ?? {}));
}

function status(code, reason, message) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

/** Answers one list call from the recorded objects, as the API server would. */
function listResponse(objects, resourcePath, namespace, selector) {
  const resource = RESOURCES[resourcePath];
  const match = selector ? parseLabelSelector(selector) : () => true;
  const items = objects
    .filter(o => o.kind === resource.kind)
    .filter(
      o =>
        !namespace ||
        CLUSTER_SCOPED.has(o.kind) ||
        (o.metadata?.namespace ?? 'default') === namespace,
    )
    .filter(o => match(o.metadata?.labels))
    // List items carry neither kind nor apiVersion: the list names them.
    .map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
  return {
    kind: `${resource.kind}List`,
    apiVersion: resource.apiVersion,
    metadata: { resourceVersion: '48213' },
    items,
  };
}

/**
 * Starts the server. `clusters` maps a cluster name to its objects; `modes`
 * to its initial { mode, delayMs }.
 */
export function startRecordedCluster({
  port = 7171,
  host = '127.0.0.1',
  clusters,
  modes = {},
}) {
  const behaviour = {};
  for (const name of Object.keys(clusters)) {
    behaviour[name] = { mode: 'ok', delayMs: 0, ...modes[name] };
  }
  const hung = new Set();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://recorded');
    const send = (code, body) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };

    const control = url.pathname.match(/^\/_control\/([\w-]+)$/);
    if (control && req.method === 'POST') {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        const b = behaviour[control[1]];
        if (!b) return send(404, { error: `no cluster ${control[1]}` });
        try {
          Object.assign(b, JSON.parse(body || '{}'));
        } catch {
          return send(400, { error: 'body must be JSON' });
        }
        // Leaving hang mode releases the requests held so far.
        if (b.mode !== 'hang') {
          for (const held of hung) held.destroy();
          hung.clear();
        }
        return send(200, behaviour[control[1]]);
      });
      return;
    }

    const m = url.pathname.match(/^\/([\w-]+)\/(.*)$/);
    const cluster = m && clusters[m[1]];
    if (!cluster) {
      return send(404, status(404, 'NotFound', `no cluster at ${url.pathname}`));
    }
    if (req.method !== 'GET') {
      return send(
        405,
        status(405, 'MethodNotAllowed', 'the recorded cluster is read-only'),
      );
    }
    const b = behaviour[m[1]];
    if (b.mode === 'hang') {
      hung.add(res);
      res.on('close', () => hung.delete(res));
      return;
    }

    setTimeout(() => {
      if (b.mode === 'error') {
        return send(
          500,
          status(500, 'InternalError', 'etcdserver: request timed out'),
        );
      }
      // /api/v1/pods or /api/v1/namespaces/<ns>/pods (and the same under /apis/<group>/<version>)
      const rest = m[2].replace(/\/$/, '');
      const ns = rest.match(/^(api\/v1|apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)$/);
      const resourcePath = ns ? `${ns[1]}/${ns[3]}` : rest;
      if (!RESOURCES[resourcePath]) {
        return send(
          404,
          status(404, 'NotFound', `the server could not find the requested resource (${rest})`),
        );
      }
      try {
        send(
          200,
          listResponse(
            cluster,
            resourcePath,
            ns ? decodeURIComponent(ns[2]) : undefined,
            url.searchParams.get('labelSelector') ?? undefined,
          ),
        );
      } catch (error) {
        send(400, status(400, 'BadRequest', error.message));
      }
    }, b.delayMs);
  });

  return new Promise(resolve => {
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${address.port}`,
        close: () =>
          new Promise(done => {
            for (const held of hung) held.destroy();
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

function argValues(args, flag) {
  const values = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag && args[i + 1] !== undefined) values.push(args[++i]);
  }
  return values;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const clusters = {};
  for (const name of fs.readdirSync(CLUSTERS_DIR).sort()) {
    const dir = path.join(CLUSTERS_DIR, name);
    if (fs.statSync(dir).isDirectory()) clusters[name] = loadCluster(dir);
  }
  const modes = {};
  for (const value of argValues(args, '--mode')) {
    const [name, mode] = value.split('=');
    modes[name] = { ...modes[name], mode };
  }
  for (const value of argValues(args, '--delay')) {
    const [name, ms] = value.split('=');
    modes[name] = { ...modes[name], delayMs: Number(ms) };
  }
  const port = Number(argValues(args, '--port')[0] ?? process.env.RECORDED_CLUSTER_PORT ?? 7171);
  const host = argValues(args, '--host')[0] ?? '127.0.0.1';
  const { url, close } = await startRecordedCluster({ port, host, clusters, modes });
  const counts = Object.entries(clusters)
    .map(([name, objects]) => `${name} (${objects.length} objects)`)
    .join(', ');
  console.log(`recorded cluster listening on ${url}: ${counts}`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => close().then(() => process.exit(0)));
  }
}
