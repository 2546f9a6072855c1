import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Entity } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  Evaluation,
  SystemRollup,
} from '@mesh-advisor/plugin-service-mesh-common';
import {
  MESH_ANNOTATIONS,
  isServiceMeshExcluded,
} from '@mesh-advisor/plugin-service-mesh-common';
import type { ReactElement } from 'react';
import useAsyncRetry from 'react-use/lib/useAsyncRetry';
import { serviceMeshApiRef } from '../../api';
import { LoadErrorState } from './LoadErrorState';
import { StateMessage } from './StateMessage';

/** A request's state, as the cards of one entity share it. */
export interface LoadState<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  retry: () => void;
}

/** The evaluation of a component, unless it opted out of Mesh Advisor. */
export interface EntityEvaluationState extends LoadState<Evaluation> {
  excluded: boolean;
}

/** Loads the evaluation of a component (not at all when it is excluded). */
export function useEntityEvaluation(entity: Entity): EntityEvaluationState {
  const api = useApi(serviceMeshApiRef);
  const excluded = isServiceMeshExcluded(entity);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      excluded
        ? undefined
        : api.getEntityEvaluation(getCompoundEntityRef(entity)),
    [api, entityRef, excluded],
  );
  return { excluded, value, loading, error, retry };
}

/** Loads the roll-up of a system. */
export function useSystemRollup(entity: Entity): LoadState<SystemRollup> {
  const api = useApi(serviceMeshApiRef);
  const systemRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getSystemRollup(getCompoundEntityRef(entity)),
    [api, systemRef],
  );
  return { value, loading, error, retry };
}

/** Options of the fallbacks. */
export interface FallbackOptions {
  /** Plain text instead of illustrated empty states (summary cards). */
  compact?: boolean;
}

/**
 * What a component card shows instead of an evaluation: excluded, loading,
 * failed, missing or not applicable. `undefined` once there is an applicable
 * evaluation to show.
 */
export function evaluationFallback(
  state: EntityEvaluationState,
  options: FallbackOptions = {},
): ReactElement | undefined {
  const { compact } = options;
  if (state.excluded) {
    return (
      <StateMessage
        compact={compact}
        missing="info"
        title="Excluded from Mesh Advisor"
        description={`This component carries ${MESH_ANNOTATIONS.exclude}: "true", so it is not evaluated. Remove the annotation to get a verdict.`}
      />
    );
  }
  if (state.loading) {
    return <Progress />;
  }
  if (state.error) {
    return (
      <LoadErrorState
        compact={compact}
        error={state.error}
        retry={state.retry}
        notFound={{
          title: 'No evaluation yet',
          description:
            'Mesh Advisor has no evaluation of this component. It may not be in the catalog yet, or you may not be allowed to read it.',
        }}
        errorTitle="Could not load the mesh evaluation"
      />
    );
  }
  if (!state.value) {
    return (
      <StateMessage
        compact={compact}
        missing="data"
        title="No evaluation"
        description="The backend returned no evaluation for this component."
      />
    );
  }
  if (!state.value.applicable) {
    return (
      <StateMessage
        compact={compact}
        missing="info"
        title="No service mesh needed"
        description={
          state.value.notApplicableReason ??
          'This component is not a networked workload, so a mesh has nothing to proxy.'
        }
      />
    );
  }
  return undefined;
}

/**
 * What a system card shows instead of a roll-up: loading, failed or no
 * components. `undefined` once there is a roll-up to show.
 */
export function rollupFallback(
  state: LoadState<SystemRollup>,
  options: FallbackOptions = {},
): ReactElement | undefined {
  const { compact } = options;
  if (state.loading) {
    return <Progress />;
  }
  if (state.error) {
    return (
      <LoadErrorState
        compact={compact}
        error={state.error}
        retry={state.retry}
        notFound={{
          title: 'No roll-up yet',
          description: 'Mesh Advisor has no evaluation of this system yet.',
        }}
        errorTitle="Could not load the system roll-up"
      />
    );
  }
  if (!state.value || state.value.components.length === 0) {
    return (
      <StateMessage
        compact={compact}
        missing="data"
        title="No components"
        description="This system has no components to evaluate. Add spec.system to its components' catalog-info.yaml."
      />
    );
  }
  return undefined;
}
