import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Evaluation,
  EvaluationContext,
} from '@mesh-advisor/plugin-service-mesh-common';
import {
  ClusterObservationStore,
  isObservable,
  ObservationAccess,
} from './services/ClusterObservations';

/**
 * Adds the stored cluster observations to an entity's evaluation, for
 * callers allowed to read Kubernetes resources. Reads the database only (the
 * observation runs in the background), so a hanging cluster never holds a
 * request.
 */
export function createObservedEvidence(options: {
  store: ClusterObservationStore;
  access: ObservationAccess;
  logger: LoggerService;
}) {
  const { store, access, logger } = options;
  return {
    async evaluate(
      context: EvaluationContext,
      credentials: BackstageCredentials,
      evaluate: (context: EvaluationContext) => Evaluation,
    ): Promise<Evaluation> {
      // Only components annotated for Kubernetes are observed.
      if (!isObservable(context.entity)) return evaluate(context);
      const entityRef = stringifyEntityRef(context.entity);
      let observations;
      try {
        const [allowed, rows] = await Promise.all([
          access.mayRead(credentials),
          store.forEntity(entityRef),
        ]);
        if (!allowed) return evaluate(context);
        observations = rows;
      } catch (error) {
        // The evaluation stands without the evidence.
        logger.warn(
          `Cluster observations of ${entityRef} could not be read: ${error}`,
        );
        return evaluate(context);
      }
      const evaluation = evaluate({ ...context, observations });
      if (observations.length === 0) {
        evaluation.diagnostics.push({
          severity: 'info',
          annotation: 'backstage.io/kubernetes-id',
          entityRef,
          message:
            'No objects of it have been observed in any cluster: the Kubernetes plugin finds none for its annotations, no cluster is configured, or the observation has not run yet. Evaluated from the catalog only.',
        });
      }
      return evaluation;
    },
  };
}

/** @internal */
export type ObservedEvidence = ReturnType<typeof createObservedEvidence>;
