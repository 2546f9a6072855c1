import { AddressInfo } from 'node:net';
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import request from 'supertest';
import { BODY_TIMEOUT_MS, MAX_BODY_BYTES } from './router';
import {
  alice,
  MeshTestBackend,
  startMeshTestBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

/**
 * Request bodies that lie about their length or never finish, sent over a
 * raw socket as a misbehaving client would, and bodies that cannot be
 * decoded. Each gets a prompt, clear answer instead of a socket held open
 * until Node's own 300 s request timeout.
 */
describe('request bodies', () => {
  let backend: MeshTestBackend;

  beforeAll(async () => {
    backend = await startMeshTestBackend();
  }, 90_000);

  afterAll(async () => {
    await backend?.stop();
  });

  /** Sends the head and a part of a body, then waits for the server to answer and close. */
  function rawRequest(headers: Record<string, string>, bodyPart: string) {
    const { port } = backend.server.address() as AddressInfo;
    return new Promise<{ status: number; body: any }>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', chunk => {
        received += chunk.toString('utf8');
      });
      socket.on('error', reject);
      socket.on('close', () => {
        const [head, ...rest] = received.split('\r\n\r\n');
        const status = Number(head.split(' ')[1]);
        let body: any = rest.join('\r\n\r\n');
        try {
          body = JSON.parse(body);
        } catch {
          // left as text
        }
        resolve({ status, body });
      });
      const lines = [
        'POST /api/service-mesh/v1/evaluate HTTP/1.1',
        'Host: localhost',
        `Authorization: ${alice}`,
        'Content-Type: application/json',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n${bodyPart}`);
    });
  }

  it.each([52_428_800, MAX_BODY_BYTES + 1])(
    'answers 413 at once for a declared Content-Length of %d, without waiting for the body',
    async declared => {
      const res = await rawRequest(
        { 'Content-Length': String(declared) },
        '{"entity":',
      );
      expect(res.status).toBe(413);
      expect(res.body.error).toEqual({
        name: 'PayloadTooLargeError',
        message: `Request body is ${declared} bytes; the limit is 1048576 bytes (1 MiB)`,
      });
    },
  );

  it.each([
    [
      'a body shorter than its Content-Length',
      { 'Content-Length': '1000' },
      '{"entity":',
    ],
    [
      'a chunked body that never ends',
      { 'Transfer-Encoding': 'chunked' },
      'a\r\n{"entity":\r\n',
    ],
  ])(
    'answers 408 for %s once the body timeout passed',
    async (_, headers, part) => {
      const res = await rawRequest(headers, part);
      expect(res.status).toBe(408);
      expect(res.body.error).toEqual({
        name: 'RequestTimeoutError',
        message: `Request body did not arrive within ${
          BODY_TIMEOUT_MS / 1000
        } s; send the whole body (at most 1048576 bytes) with a Content-Length that matches it`,
      });
    },
  );

  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'zipped' },
    spec: { type: 'service', owner: 'platform' },
  };

  it('answers 400 naming the encoding for a gzip body that is not gzip', async () => {
    const res = await request(backend.server)
      .post('/api/service-mesh/v1/evaluate')
      .set('Authorization', alice)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(JSON.stringify({ entity }));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message:
        'Request body could not be decoded as gzip (Content-Encoding: gzip); send it gzip-compressed, or uncompressed without Content-Encoding',
    });
  });

  it('still reads a real gzip body', async () => {
    const { port } = backend.server.address() as AddressInfo;
    const zipped = zlib.gzipSync(JSON.stringify({ entity }));
    const res = await new Promise<{ status?: number; body: any }>(
      (resolve, reject) => {
        const req = http.request(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/api/service-mesh/v1/evaluate',
            headers: {
              Authorization: alice,
              'Content-Type': 'application/json',
              'Content-Encoding': 'gzip',
              'Content-Length': zipped.length,
            },
          },
          response => {
            let text = '';
            response.on('data', chunk => (text += chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode, body: JSON.parse(text) }),
            );
          },
        );
        req.on('error', reject);
        req.end(zipped);
      },
    );
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/zipped');
  });
});
