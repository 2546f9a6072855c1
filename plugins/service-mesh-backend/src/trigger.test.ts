import {
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import request from 'supertest';
import {
  bob,
  MeshTestBackend,
  startMeshTestBackend,
  waitFor,
} from './__testUtils__/testBackend';
import { REFRESH_TASK_ID } from './services/EvaluationRefresher';

jest.setTimeout(120_000);

/** A root logger that keeps every message. */
function recordingRootLogger(messages: string[]) {
  const logger: RootLoggerService = {
    info: message => void messages.push(message),
    warn: message => void messages.push(message),
    error: message => void messages.push(message),
    debug: () => {},
    child: () => logger,
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger,
  });
}

/**
 * The scheduler's standard trigger route is open to any signed-in user (core
 * Backstage behaviour; the README says so and how to restrict it). What this
 * plugin owes is that triggering is cheap: a burst of triggers makes one
 * refresh, and a trigger during a run is refused instead of queued.
 */
describe('triggering the refresh through the scheduler route', () => {
  let backend: MeshTestBackend;
  const messages: string[] = [];
  const refreshes = () =>
    messages.filter(m => m.startsWith('Refreshed service-mesh evaluations'));
  const trigger = () =>
    request(backend.server)
      .post(
        `/api/service-mesh/.backstage/scheduler/v1/tasks/${REFRESH_TASK_ID}/trigger`,
      )
      .set('Authorization', bob);

  beforeAll(async () => {
    backend = await startMeshTestBackend({
      // The real, database-backed scheduler, whose route this is. A global
      // task's worker ignores triggers during its initial delay: the first
      // run happens at start, the next one only when triggered.
      features: [schedulerServiceFactory, recordingRootLogger(messages)],
      serviceMesh: {
        refresh: {
          frequency: { hours: 24 },
          initialDelay: { seconds: 0 },
          pageSize: 2,
        },
      },
    });
    await waitFor(
      async () => (refreshes().length === 1 ? true : undefined),
      'the refresh at start',
    );
  }, 90_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it('runs once for a burst of 20 triggers by a plain user', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, trigger));
    // Any signed-in user may trigger it (200), or is told a run is under way (409).
    expect(answers.map(a => a.status).every(s => s === 200 || s === 409)).toBe(
      true,
    );
    expect(answers.some(a => a.status === 200)).toBe(true);
    await waitFor(
      async () => (refreshes().length >= 2 ? true : undefined),
      'the triggered refresh',
    );
    // Give another run every chance to happen, if the burst queued one.
    await new Promise(r => setTimeout(r, 8000));
    expect(refreshes()).toHaveLength(2);
  });
});
