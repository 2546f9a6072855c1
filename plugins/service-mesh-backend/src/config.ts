import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  MeshPolicy,
  parseMeshPolicy,
} from '@mesh-advisor/plugin-service-mesh-common';

const DEFAULT_REFRESH: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  // Soon after start, so the dashboard is filled after `npm start`.
  initialDelay: { seconds: 5 },
};

export interface ServiceMeshOptions {
  policy: MeshPolicy;
  refresh: SchedulerServiceTaskScheduleDefinition;
}

/**
 * Reads and validates the `serviceMesh` block. Throws, stopping the backend,
 * with a message naming each bad key, its value and what is accepted.
 */
export function readServiceMeshOptions(config: RootConfigService): ServiceMeshOptions {
  const block = config.getOptionalConfig('serviceMesh');
  const policy = parseMeshPolicy(block?.get());

  const refreshConfig = block?.getOptionalConfig('refresh');
  let refresh = DEFAULT_REFRESH;
  if (refreshConfig) {
    try {
      refresh = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        new ConfigReader({ ...DEFAULT_REFRESH, ...(refreshConfig.get() as object) }),
      );
    } catch (error) {
      throw new Error(
        `Invalid serviceMesh.refresh: ${(error as Error).message}. Accepted: { frequency, timeout?, initialDelay? } as durations, e.g. { minutes: 30 } or 'PT30M'`,
      );
    }
  }
  return { policy, refresh };
}
