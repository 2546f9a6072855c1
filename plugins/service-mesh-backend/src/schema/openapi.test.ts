import { mockServices } from '@backstage/backend-test-utils';
import {
  evaluateRequestSchema,
  evaluationSchema,
  evaluationSummarySchema,
  listClustersResponseSchema,
  listEvaluationsResponseSchema,
  systemRollupSchema,
} from '@mesh-advisor/plugin-service-mesh-common';
import { execFileSync } from 'node:child_process';
import { z } from 'zod';
import path from 'node:path';
import { createHistoryRouter } from '../historyRoute';
import { createRouter } from '../router';
import { MeshAdvisorService } from '../services/MeshAdvisorService';
import { spec } from './openapi';

const packageDir = path.resolve(__dirname, '../..');
const root = path.resolve(packageDir, '../..');

describe('src/schema/openapi.yaml', () => {
  it('is a valid OpenAPI document, and the generated router.ts holds exactly it', () => {
    // The repo-tools check Backstage's own plugins run in CI: it fails when
    // the YAML was changed without `scripts/generate-openapi-router.mjs` (or the
    // other way round), naming the command to run.
    const output = execFileSync(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
          paths: [root],
        }),
        path.join(
          root,
          'node_modules/@backstage/repo-tools/bin/backstage-repo-tools',
        ),
        'repo',
        'schema',
        'openapi',
        'validate',
        packageDir,
      ],
      { cwd: root, encoding: 'utf8', stdio: 'pipe' },
    );
    expect(output).toContain('Validated all files.');
  }, 60_000);

  it('documents every route the plugin serves, and no other', async () => {
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      logger: mockServices.logger.mock(),
      service: {} as MeshAdvisorService, // never called: only the routes are read
      history: createHistoryRouter({
        httpAuth: mockServices.httpAuth(),
        retentionDays: 90,
      } as Parameters<typeof createHistoryRouter>[0]),
    });
    // Express keeps the routes of the mounted validated router in its stack.
    const served: string[] = [];
    const walk = (stack: any[]) => {
      for (const layer of stack) {
        if (layer.route) {
          for (const method of Object.keys(layer.route.methods)) {
            served.push(`${method.toUpperCase()} ${layer.route.path}`);
          }
        } else if (layer.handle?.stack) {
          walk(layer.handle.stack);
        }
      }
    };
    walk((router as any).stack);
    const documented = Object.entries(spec.paths).flatMap(([p, item]) =>
      Object.keys(item).map(
        method => `${method.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`,
      ),
    );
    expect(served.filter(r => r !== 'GET /openapi.json').sort()).toEqual(
      documented.sort(),
    );
  });

  // The handlers answer with the shared types of the common package; the
  // YAML must describe those same shapes: the same fields, the same
  // required ones, wherever the YAML spells an object out.
  it.each([
    ['Evaluation', evaluationSchema],
    ['EvaluationSummary', evaluationSummarySchema],
    ['ListEvaluationsResponse', listEvaluationsResponseSchema],
    ['SystemRollup', systemRollupSchema],
    ['ListClustersResponse', listClustersResponseSchema],
    ['EvaluateRequest', evaluateRequestSchema],
  ] as const)(
    'describes %s with the fields of the shared type',
    (name, shared) => {
      const differences: string[] = [];
      const resolve = (node: any): any =>
        node?.$ref
          ? resolve(
              (spec.components.schemas as Record<string, any>)[
                node.$ref.split('/').pop()
              ],
            )
          : node;
      const compare = (documented: any, actual: any, at: string) => {
        const d = resolve(documented);
        if (!d || !actual) return;
        if (d.items && actual.items) {
          compare(d.items, actual.items, `${at}[]`);
          return;
        }
        if (!d.properties || !actual.properties) return; // left open on purpose
        const keys = (o: object) => Object.keys(o).sort().join(', ');
        if (keys(d.properties) !== keys(actual.properties)) {
          differences.push(
            `${at}: fields ${keys(d.properties)} vs ${keys(actual.properties)}`,
          );
        }
        const required = (r?: readonly string[]) =>
          [...(r ?? [])].sort().join(', ');
        if (required(d.required) !== required(actual.required)) {
          differences.push(
            `${at}: required ${required(d.required)} vs ${required(
              actual.required,
            )}`,
          );
        }
        for (const key of Object.keys(d.properties)) {
          compare(d.properties[key], actual.properties[key], `${at}.${key}`);
        }
      };
      compare(
        { $ref: `#/components/schemas/${name}` },
        z.toJSONSchema(shared, { io: 'input', unrepresentable: 'any' }),
        name,
      );
      expect(differences).toEqual([]);
    },
  );
});
