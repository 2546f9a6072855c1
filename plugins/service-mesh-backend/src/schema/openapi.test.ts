import { mockServices } from '@backstage/backend-test-utils';
import { execFileSync } from 'node:child_process';
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
    // the YAML was changed without `node src/schema/generate.mjs` (or the
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
});
