import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { WEIGHT_NAMES } from '@mesh-advisor/plugin-service-mesh-common';
import { ConfigReader } from '@backstage/config';
import { readServiceMeshOptions } from './config';
import { serviceMeshPlugin } from './plugin';

jest.setTimeout(120_000);

/**
 * A bad `serviceMesh` value must stop the backend at start-up with
 * a message an operator can act on: the key, and what is accepted.
 */

/** The start-up error of a backend with this serviceMesh block. */
async function startUpError(serviceMesh: JsonObject): Promise<string> {
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  try {
    backend = await startTestBackend({
      features: [
        serviceMeshPlugin,
        mockServices.rootConfig.factory({ data: { serviceMesh } }),
      ],
    });
  } catch (error) {
    // The backend wraps the plugin's error; the whole chain is what an
    // operator reads in the log.
    const messages: string[] = [];
    for (
      let e: any = error;
      e && messages.length < 10;
      e = e.cause === e ? undefined : e.cause
    ) {
      messages.push(String(e.message ?? e));
    }
    return messages.join('\n');
  }
  await backend.stop();
  throw new Error(
    `The backend started with serviceMesh ${JSON.stringify(serviceMesh)}`,
  );
}

const weight = WEIGHT_NAMES.find(w => w !== 'base') ?? WEIGHT_NAMES[0];

describe('a bad serviceMesh config stops start-up', () => {
  it.each<[string, JsonObject, RegExp[]]>([
    [
      "margin 'wide'",
      { margin: 'wide' },
      [/serviceMesh\.margin: "wide" is not accepted/, /accepted: number/],
    ],
    [
      'margin 500',
      { margin: 500 },
      [/serviceMesh\.margin/, /500/, /accepted: a number at most 100/i],
    ],
    [
      'allowedMeshes []',
      { allowedMeshes: [] },
      [/serviceMesh\.allowedMeshes/, /accepted: a list with at least 1/i],
    ],
    [
      "allowedMeshes ['consul']",
      { allowedMeshes: ['consul'] },
      [/serviceMesh\.allowedMeshes\.0/, /"consul"/, /accepted: istio, linkerd/],
    ],
    [
      "defaults.clusterProfile 'tiny'",
      { defaults: { clusterProfile: 'tiny' } },
      [
        /serviceMesh\.defaults\.clusterProfile/,
        /"tiny"/,
        /accepted: edge, standard, large/,
      ],
    ],
    [
      'weights { unknownWeight: 3 }',
      { weights: { unknownWeight: 3 } },
      [
        /serviceMesh\.weights\.unknownWeight/,
        new RegExp(`accepted: .*${weight}`),
      ],
    ],
    [
      `weights { ${weight}: -1 }`,
      { weights: { [weight]: -1 } },
      [
        new RegExp(`serviceMesh\\.weights\\.${weight}`),
        /-1/,
        /accepted: a number at least 0/,
      ],
    ],
    [
      "refresh.frequency 'often'",
      { refresh: { frequency: 'often' } },
      [
        // The key is named in two parts: the block, then the field in it.
        /Invalid serviceMesh\.refresh: .*'often'.* at 'frequency'/,
        /Accepted: .*durations/,
      ],
    ],
    [
      'refresh.pageSize 0',
      { refresh: { pageSize: 0 } },
      [
        /serviceMesh\.refresh\.pageSize/,
        /\b0\b/,
        /Accepted: an integer from 1 to 10000/,
      ],
    ],
    [
      "targets.istio '1.18' (older than the facts)",
      { targets: { istio: '1.18' } },
      [/serviceMesh\.targets\.istio/, /"1\.18"/, /Accepted: 1\.24 to 1\.30/],
    ],
    [
      "targets.linkerd '2.21' (newer than the facts)",
      { targets: { linkerd: '2.21' } },
      [/serviceMesh\.targets\.linkerd/, /"2\.21"/, /Accepted: 2\.16 to 2\.20/],
    ],
    [
      "targets.gatewayApi '1.0'",
      { targets: { gatewayApi: '1.0' } },
      [/serviceMesh\.targets\.gatewayApi/, /"1\.0"/, /Accepted: 1\.1 to 1\.5/],
    ],
    [
      'refresh.changeDetection.frequency 2 hours',
      { refresh: { changeDetection: { frequency: { hours: 2 } } } },
      [
        /serviceMesh\.refresh\.changeDetection\.frequency/,
        /"hours":2/,
        /Accepted: a duration from 1 second to 1 hour/,
      ],
    ],
    [
      "refresh.changeDetection 'often'",
      { refresh: { changeDetection: 'often' } },
      [
        /serviceMesh\.refresh\.changeDetection/,
        /"often"/,
        /Accepted: \{ frequency/,
      ],
    ],
    [
      'history.retentionDays 0',
      { history: { retentionDays: 0 } },
      [
        /serviceMesh\.history\.retentionDays/,
        /\b0\b/,
        /Accepted: an integer from 1 to 3650/,
      ],
    ],
  ])('%s', async (_, serviceMesh, expected) => {
    const message = await startUpError(serviceMesh);
    for (const pattern of expected) {
      expect(message).toMatch(pattern);
    }
  });

  it('starts with the documented defaults', async () => {
    const starting = startTestBackend({
      features: [
        serviceMeshPlugin,
        mockServices.rootConfig.factory({
          data: {
            serviceMesh: {
              defaults: {
                clusterProfile: 'standard',
                opsCapacity: 'small',
                vendorSupport: 'none',
                replicas: 2,
              },
              allowedMeshes: ['istio', 'linkerd'],
              margin: 5,
              weights: {},
              refresh: {
                frequency: { minutes: 30 },
                timeout: { minutes: 10 },
                initialDelay: { seconds: 5 },
                pageSize: 500,
                changeDetection: {
                  frequency: { seconds: 30 },
                  timeout: { minutes: 5 },
                  initialDelay: { seconds: 30 },
                },
              },
              history: { retentionDays: 90 },
            },
          },
        }),
      ],
    });
    await expect(starting).resolves.toEqual(
      expect.objectContaining({ stop: expect.any(Function) }),
    );
    await (await starting).stop();
  });
});

describe('readServiceMeshOptions', () => {
  const read = (serviceMesh: JsonObject) =>
    readServiceMeshOptions(new ConfigReader({ serviceMesh }));

  it('detects catalog changes every 30 s and keeps history 90 days by default', () => {
    const options = read({});
    expect(options.changeDetection.frequency).toEqual({ seconds: 30 });
    expect(options.historyRetentionDays).toBe(90);
    // The full refresh stays the slow safety net.
    expect(options.refresh.frequency).toEqual({ minutes: 30 });
  });

  it('takes a short change-detection interval and a patch release inside the window', () => {
    const options = read({
      targets: { istio: '1.30.2' },
      refresh: { changeDetection: { frequency: 'PT5S' } },
    });
    expect(options.policy.targets?.istio).toBe('1.30.2');
    expect(options.changeDetection.frequency).toEqual(expect.anything());
    expect(
      read({ refresh: { changeDetection: { frequency: { seconds: 1 } } } })
        .changeDetection.frequency,
    ).toEqual({ seconds: 1 });
    expect(() =>
      read({
        refresh: { changeDetection: { frequency: { milliseconds: 500 } } },
      }),
    ).toThrow(/changeDetection\.frequency: \{"milliseconds":500\}/);
  });
});
