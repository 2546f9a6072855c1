import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { WEIGHT_NAMES } from '@mesh-advisor/plugin-service-mesh-common';
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
              },
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
