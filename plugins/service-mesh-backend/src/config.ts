import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  MeshPolicy,
  parseMeshPolicy,
} from '@mesh-advisor/plugin-service-mesh-common';

const DEFAULT_REFRESH = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  // Soon after start, so the dashboard is filled after `npm start`.
  initialDelay: { seconds: 5 },
};

export interface ServiceMeshOptions {
  policy: MeshPolicy;
  refresh: SchedulerServiceTaskScheduleDefinition;
  /** Catalog page size of the refresh walk. */
  refreshPageSize: number;
}

/**
 * Reads and validates the `serviceMesh` block. Throws, stopping the backend,
 * with a message naming each bad key, its value and what is accepted.
 */
export function readServiceMeshOptions(
  config: RootConfigService,
): ServiceMeshOptions {
  const block = config.getOptionalConfig('serviceMesh');
  const policy = parseMeshPolicy(block?.get());

  const refreshConfig = block?.getOptionalConfig('refresh');
  let refresh: SchedulerServiceTaskScheduleDefinition = DEFAULT_REFRESH;
  if (refreshConfig) {
    try {
      const { pageSize: _, ...schedule } = refreshConfig.get<JsonObject>();
      refresh = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        new ConfigReader({ ...DEFAULT_REFRESH, ...schedule }),
      );
    } catch (error) {
      throw new Error(
        `Invalid serviceMesh.refresh: ${
          (error as Error).message
        }. Accepted: { frequency, timeout?, initialDelay? } as durations, e.g. { minutes: 30 } or 'PT30M'`,
      );
    }
  }
  const refreshPageSize = refreshConfig?.getOptional('pageSize') ?? 500;
  if (
    typeof refreshPageSize !== 'number' ||
    !Number.isInteger(refreshPageSize) ||
    refreshPageSize < 1 ||
    refreshPageSize > 10000
  ) {
    throw new Error(
      `Invalid serviceMesh.refresh.pageSize: ${JSON.stringify(
        refreshPageSize,
      )}. Accepted: an integer from 1 to 10000`,
    );
  }
  return { policy, refresh, refreshPageSize };
}
