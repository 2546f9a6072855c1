/*
 * Helpers shared by the HTTP benchmarks (bench/routes.mjs, bench/run-all.mjs).
 */
import autocannon from 'autocannon';
import { percentile } from './percentile.mjs';

/** A guest user token from the development guest provider. */
export async function guestToken(base) {
  const res = await fetch(`${base}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `Guest sign-in at ${base} failed with ${res.status}: is the portal running?`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}

/** GET as JSON with a bearer token; throws with the body on a non-2xx answer. */
export async function getJson(url, token) {
  const res = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) {
    throw new Error(
      `GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
    );
  }
  return res.json();
}

/**
 * One autocannon run. Besides autocannon's own histogram (whole
 * milliseconds), keeps every 2xx response time with sub-millisecond
 * precision, so p50/p99 ratios of ~1 ms requests are meaningful.
 */
export function cannon(url, token, connections, duration, request = {}) {
  return new Promise((resolve, reject) => {
    const times = [];
    const instance = autocannon(
      {
        url,
        connections,
        duration,
        headers: {
          authorization: `Bearer ${token}`,
          ...(request.body ? { 'content-type': 'application/json' } : {}),
        },
        ...(request.body ? { method: 'POST', body: request.body } : {}),
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        times.sort((a, b) => a - b);
        resolve({
          requestsPerSecond: result.requests.average,
          total: result.requests.total,
          errors: result.errors + result.timeouts + result.non2xx,
          p50: percentile(times, 50),
          p99: percentile(times, 99),
          autocannonP50: result.latency.p50,
          autocannonP99: result.latency.p99,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
    });
  });
}

/**
 * Ours and the catalog's, back to back at the same concurrency: both warmed
 * (2 s), then the catalog, then ours.
 */
export async function measurePair({
  ours,
  catalog,
  token,
  connections,
  duration,
}) {
  for (const url of [ours, catalog]) {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      throw new Error(
        `${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    }
    await res.arrayBuffer();
  }
  await cannon(catalog, token, connections, 2);
  await cannon(ours, token, connections, 2);
  const c = await cannon(catalog, token, connections, duration);
  const o = await cannon(ours, token, connections, duration);
  return { catalog: c, ours: o };
}

export const ratio = (a, b) => (b === 0 ? (a === 0 ? 1 : Infinity) : a / b);

export function formatRow(label, r) {
  return `  ${label.padEnd(9)} ${String(
    Math.round(r.requestsPerSecond),
  ).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99
    .toFixed(2)
    .padStart(7)} ms   (autocannon histogram p50 ${r.autocannonP50} / p99 ${
    r.autocannonP99
  } ms${r.errors ? `, ${r.errors} errors!` : ''})`;
}

/** A draft for POST /v1/evaluate that names `refs` resources (~30 bytes each). */
export function largeDraftBody(refs) {
  return JSON.stringify({
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'burst-draft' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/burst',
        dependsOn: Array.from(
          { length: refs },
          (_, i) => `resource:default/burst-${i}`,
        ),
      },
    },
  });
}

/**
 * Normal traffic (autocannon on `normalUrl`) alone, then again while
 * `clients` clients each post large drafts back to back. Returns both runs,
 * the drafts' answers by status with their p50, and the drafts' body size.
 */
export async function draftBurst({
  base,
  token,
  normalUrl,
  connections,
  duration,
  clients = 10,
  refs = 30_000,
}) {
  const body = largeDraftBody(refs);
  await cannon(normalUrl, token, connections, 2);
  const alone = await cannon(normalUrl, token, connections, duration);
  let stop = false;
  const statuses = {};
  const times = [];
  const post = async () => {
    while (!stop) {
      const started = performance.now();
      let status = 'error';
      try {
        const res = await fetch(`${base}/api/service-mesh/v1/evaluate`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body,
        });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        await new Promise(r => setTimeout(r, 100));
      }
      times.push(performance.now() - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const loops = Array.from({ length: clients }, post);
  const during = await cannon(normalUrl, token, connections, duration);
  stop = true;
  await Promise.all(loops);
  times.sort((a, b) => a - b);
  return {
    alone,
    during,
    drafts: { statuses, p50: percentile(times, 50), bytes: body.length },
  };
}

/**
 * The system a component is part of, as a `namespace/name` path for
 * /v1/systems/:namespace/:name/evaluation, and how many components the
 * catalog lists for it (what the roll-up reads).
 */
export async function systemOf(base, componentPath, token) {
  const entity = await getJson(
    `${base}/api/catalog/entities/by-name/${componentPath}`,
    token,
  );
  const ref = entity.relations.find(
    r => r.type === 'partOf' && r.targetRef.startsWith('system:'),
  ).targetRef;
  const [, namespace, name] = /^system:([^/]+)\/(.+)$/.exec(ref);
  const members = await getJson(
    `${base}/api/catalog/entities/by-query?filter=kind=component,relations.partof=${encodeURIComponent(
      ref,
    )}&limit=1`,
    token,
  );
  return { ref, path: `${namespace}/${name}`, components: members.totalItems };
}

/**
 * What the entity evaluation is built from, each beside the catalog's
 * by-name read of the same entity (issue #15's goal is stated against it):
 * the plugin's own request handling without any catalog read
 * (`GET /v1/clusters` with no cluster observed: authentication, the
 * validated router, the caller's Kubernetes permission, one small database
 * query, a 20-byte answer; `/v1/capabilities` would measure serialising its
 * 130 KB of facts) and the one catalog request a repeat view makes on the caller's
 * behalf (`POST /entities/by-refs` of the entity and its related refs). Their sum is the least the route can cost while it
 * reads the catalog for the caller on every view.
 */
export async function entityRouteParts({
  base,
  componentPath,
  token,
  connections,
  duration,
}) {
  const [kind, namespace, name] = componentPath.split('/');
  const byName = `${base}/api/catalog/entities/by-name/${componentPath}`;
  const entity = await getJson(byName, token);
  const relatedTypes = new Set([
    'ownedBy',
    'partOf',
    'providesApi',
    'consumesApi',
    'dependsOn',
  ]);
  const related = (entity.relations ?? [])
    .filter(r => relatedTypes.has(r.type))
    .map(r => r.targetRef);
  // Whole entities, as the route reads them (CatalogReader.readByRefs).
  const body = JSON.stringify({
    entityRefs: [`${kind}:${namespace}/${name}`, ...new Set(related)],
  });
  const byRefs = `${base}/api/catalog/entities/by-refs`;
  const ownHandling = `${base}/api/service-mesh/v1/clusters`;
  await cannon(byName, token, connections, 2);
  await cannon(ownHandling, token, connections, 2);
  await cannon(byRefs, token, connections, 2, { body });
  return {
    related: related.length,
    byName: await cannon(byName, token, connections, duration),
    ownHandling: await cannon(ownHandling, token, connections, duration),
    byRefs: await cannon(byRefs, token, connections, duration, { body }),
  };
}
