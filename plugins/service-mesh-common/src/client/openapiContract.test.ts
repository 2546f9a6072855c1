import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parse } from 'yaml';
import { ServiceMeshApiClient } from './ServiceMeshApiClient';

/*
 * Every operation of the backend's openapi.yaml has a client method named
 * after its operationId, and that method sends the operation's HTTP method
 * to a path of the operation's template. A route added to the YAML without
 * a client method, or a method drifting from its route, fails here.
 */

const OPENAPI_PATH = resolvePath(
  __dirname,
  '../../../service-mesh-backend/src/schema/openapi.yaml',
);

interface Operation {
  path: string;
  method: string;
  operationId: string;
  hasBody: boolean;
  hasParameters: boolean;
}

function readOperations(): Operation[] {
  const spec = parse(readFileSync(OPENAPI_PATH, 'utf8'));
  return Object.entries<Record<string, any>>(spec.paths).flatMap(
    ([path, methods]) =>
      Object.entries<any>(methods).map(([method, operation]) => ({
        path,
        method: method.toUpperCase(),
        operationId: operation.operationId,
        hasBody: operation.requestBody !== undefined,
        hasParameters: (operation.parameters ?? []).length > 0,
      })),
  );
}

const operations = readOperations();

/** `/v1/entities/{kind}/x` → a pattern where each `{param}` is one segment. */
function templatePattern(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map(part => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}$`);
}

/** A request object the operation's method accepts, or none for an operation without input. */
function sampleRequest(operation: Operation) {
  if (operation.hasBody) return { body: { entity: {} } };
  if (!operation.hasParameters) return undefined;
  return { path: { kind: 'Component', namespace: 'default', name: 'a b' } };
}

function methodName(operationId: string): string {
  return operationId.charAt(0).toLowerCase() + operationId.slice(1);
}

describe('ServiceMeshApiClient against openapi.yaml', () => {
  it('reads the operations of the YAML', () => {
    expect(operations.map(op => op.operationId)).toEqual(
      expect.arrayContaining([
        'GetEntityEvaluation',
        'EvaluateDraft',
        'ListEvaluations',
      ]),
    );
    expect(operations.every(op => op.operationId)).toBe(true);
  });

  it.each(operations.map(op => [op.operationId, op] as const))(
    'has a method for %s that sends its method and path',
    async (_id, operation) => {
      const sent: Array<{ method?: string; url: string }> = [];
      const client = new ServiceMeshApiClient({
        discoveryApi: { getBaseUrl: async () => 'http://mesh.test/api/x' },
        fetchApi: {
          fetch: async (input, init) => {
            sent.push({ method: init?.method, url: String(input) });
            return new Response('{}', { status: 200 });
          },
        },
      });
      const method = (client as any)[methodName(operation.operationId)];
      expect(typeof method).toBe('function');

      await method.call(client, sampleRequest(operation));

      expect(sent).toHaveLength(1);
      expect(sent[0].method).toBe(operation.method);
      const url = new URL(sent[0].url);
      expect(url.pathname.replace('/api/x', '')).toMatch(
        templatePattern(operation.path),
      );
    },
  );
});
