import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A small keep-alive HTTP client for the fuzz and load tests: thousands of
 * requests over loopback without a new connection (and a new supertest
 * object) each.
 */

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  body: any;
}

export interface HttpClient {
  request(options: {
    method: 'GET' | 'POST';
    path: string;
    authorization?: string;
    /** A string is sent as is (with the content type given, JSON by default). */
    body?: string | Buffer;
    contentType?: string;
  }): Promise<HttpResponse>;
  close(): void;
}

export function createHttpClient(
  server: http.Server,
  { maxSockets = 16 }: { maxSockets?: number } = {},
): HttpClient {
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    request({ method, path, authorization, body, contentType }) {
      return new Promise((resolve, reject) => {
        const headers: http.OutgoingHttpHeaders = {};
        if (authorization) headers.authorization = authorization;
        if (body !== undefined) {
          headers['content-type'] = contentType ?? 'application/json';
          headers['content-length'] = Buffer.byteLength(body);
        }
        const req = http.request(
          { host: '127.0.0.1', port, method, path, headers, agent },
          res => {
            const chunks: Buffer[] = [];
            res.on('data', chunk => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: any;
              try {
                parsed = text ? JSON.parse(text) : undefined;
              } catch {
                parsed = undefined;
              }
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                text,
                body: parsed,
              });
            });
          },
        );
        req.on('error', reject);
        if (body !== undefined) req.write(body);
        req.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}
