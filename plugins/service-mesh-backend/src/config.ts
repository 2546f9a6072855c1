import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import {
  durationToMilliseconds,
  HumanDuration,
  JsonObject,
} from '@backstage/types';
import {
  compareVersions,
  MeshPolicy,
  parseMeshPolicy,
  SUPPORTED_VERSIONS,
} from '@mesh-advisor/plugin-service-mesh-common';

const DEFAULT_REFRESH = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  // Soon after start, so the dashboard is filled after `npm start`.
  initialDelay: { seconds: 5 },
};

/**
 * Change detection every 30 s keeps the dashboard within 2 minutes of the
 * catalog (docs: README "Freshness"). The first pass waits as long: the
 * full refresh at start fills the store first.
 */
const DEFAULT_CHANGE_DETECTION = {
  frequency: { seconds: 30 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 30 },
};

/** Accepted change-detection frequencies. */
const CHANGE_DETECTION_MIN_MS = 1_000;
const CHANGE_DETECTION_MAX_MS = 60 * 60_000;

const DEFAULT_HISTORY_RETENTION_DAYS = 90;
const MAX_HISTORY_RETENTION_DAYS = 3650;

export interface ServiceMeshOptions {
  policy: MeshPolicy;
  refresh: SchedulerServiceTaskScheduleDefinition;
  /** Catalog page size of the refresh walk. */
  refreshPageSize: number;
  /** Schedule of the frequent change-detection pass. */
  changeDetection: SchedulerServiceTaskScheduleDefinition;
  /** Days verdict transitions are kept. */
  historyRetentionDays: number;
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
  validateTargets(block);

  const refreshConfig = block?.getOptionalConfig('refresh');
  let refresh: SchedulerServiceTaskScheduleDefinition = DEFAULT_REFRESH;
  if (refreshConfig) {
    const {
      pageSize: _pageSize,
      changeDetection: _changeDetection,
      ...schedule
    } = refreshConfig.get<JsonObject>();
    refresh = readSchedule('serviceMesh.refresh', DEFAULT_REFRESH, schedule);
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

  const changeConfig = refreshConfig?.getOptional('changeDetection');
  if (
    changeConfig !== undefined &&
    (typeof changeConfig !== 'object' ||
      changeConfig === null ||
      Array.isArray(changeConfig))
  ) {
    throw new Error(
      `Invalid serviceMesh.refresh.changeDetection: ${JSON.stringify(
        changeConfig,
      )}. Accepted: { frequency, timeout?, initialDelay? } as durations`,
    );
  }
  const changeDetection = readSchedule(
    'serviceMesh.refresh.changeDetection',
    DEFAULT_CHANGE_DETECTION,
    (changeConfig as JsonObject | undefined) ?? {},
  );
  const frequencyMs = durationMs(changeDetection.frequency);
  if (
    frequencyMs === undefined ||
    frequencyMs < CHANGE_DETECTION_MIN_MS ||
    frequencyMs > CHANGE_DETECTION_MAX_MS
  ) {
    throw new Error(
      `Invalid serviceMesh.refresh.changeDetection.frequency: ${JSON.stringify(
        (changeConfig as JsonObject | undefined)?.frequency,
      )}. Accepted: a duration from 1 second to 1 hour, e.g. { seconds: 30 } or 'PT30S'`,
    );
  }

  const retention =
    block?.getOptional('history.retentionDays') ??
    DEFAULT_HISTORY_RETENTION_DAYS;
  if (
    typeof retention !== 'number' ||
    !Number.isInteger(retention) ||
    retention < 1 ||
    retention > MAX_HISTORY_RETENTION_DAYS
  ) {
    throw new Error(
      `Invalid serviceMesh.history.retentionDays: ${JSON.stringify(
        retention,
      )}. Accepted: an integer from 1 to ${MAX_HISTORY_RETENTION_DAYS}`,
    );
  }

  return {
    policy,
    refresh,
    refreshPageSize,
    changeDetection,
    historyRetentionDays: retention,
  };
}

function readSchedule(
  key: string,
  defaults: JsonObject,
  schedule: JsonObject,
): SchedulerServiceTaskScheduleDefinition {
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader({ ...defaults, ...schedule }),
    );
  } catch (error) {
    throw new Error(
      `Invalid ${key}: ${
        (error as Error).message
      }. Accepted: { frequency, timeout?, initialDelay? } as durations, e.g. { minutes: 30 } or 'PT30M'`,
    );
  }
}

/** Milliseconds of a schedule's frequency; undefined for cron and manual triggers. */
function durationMs(
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'],
): number | undefined {
  if ('cron' in frequency || 'trigger' in frequency) return undefined;
  if ('toMillis' in frequency && typeof frequency.toMillis === 'function') {
    return frequency.toMillis(); // a Luxon Duration, from ISO strings
  }
  return durationToMilliseconds(frequency as HumanDuration);
}

/**
 * A target release outside the window the facts cover would be guidance for
 * a release nobody checked: refused, not clamped (issue #13).
 */
function validateTargets(block: Config | undefined) {
  const targets = block?.getOptionalConfig('targets');
  if (!targets) return;
  for (const key of ['istio', 'linkerd', 'gatewayApi'] as const) {
    const value = targets.getOptional(key);
    if (typeof value !== 'string') continue; // the policy schema named it already
    const { min, max } = SUPPORTED_VERSIONS[key];
    // The window is of minor releases: 1.30.2 is inside 1.24–1.30.
    const minor = value.trim().split('.').slice(0, 2).join('.');
    if (compareVersions(minor, min) < 0 || compareVersions(minor, max) > 0) {
      throw new Error(
        `Invalid serviceMesh.targets.${key}: ${JSON.stringify(
          value,
        )} is outside the supported releases. Accepted: ${min} to ${max}`,
      );
    }
  }
}
