import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  assessEntity,
  CAPABILITY_FACTS,
  evaluateEntity,
  MeshPolicy,
  publishedFacts,
  rollUpSystem,
  RULES_VERSION,
} from '@mesh-advisor/plugin-service-mesh-common';
import { createClustersRollup } from '../../clustersRoute';
import { ObservedEvidence } from '../../observedEvidence';
import { validateDraftRefs } from '../../validation';
import { CatalogReader } from '../CatalogReader';
import { ObservationAccess } from '../ClusterObservations';
import { EvaluationStore } from '../EvaluationStore';
import { ReadableEntities } from '../ReadableEntities';
import { MeshAdvisorService } from './types';
import { UnfilteredReads } from './unfilteredReads';

/** What the service is built from; plugin.ts wires the real ones. */
export interface MeshAdvisorServiceDeps {
  logger: LoggerService;
  reader: CatalogReader;
  store: EvaluationStore;
  readable: ReadableEntities;
  policy: MeshPolicy;
  /** Stored cluster observations, added to an entity's evaluation. */
  observed?: ObservedEvidence;
  /**
   * Who may see cluster observations: their dashboard rows use the stored
   * observed variant, as their entity cards do. Without it nobody does.
   */
  observationAccess?: ObservationAccess;
  /** The clusters roll-up; without it no cluster is listed. */
  listClusters?: ReturnType<typeof createClustersRollup>;
  /** One catalog request per entity for callers the catalog hides nothing from. */
  unfiltered?: UnfilteredReads;
}

export function createMeshAdvisorService(
  deps: MeshAdvisorServiceDeps,
): MeshAdvisorService {
  const { logger, reader, store, readable, policy, observed, unfiltered } =
    deps;
  return {
    async evaluateEntity(ref, { credentials }) {
      const entityRef = stringifyEntityRef(ref);
      const context =
        unfiltered && (await unfiltered.applies(credentials))
          ? await unfiltered.loadEntityContext(entityRef, credentials)
          : await reader.loadEntityContext(entityRef, credentials);
      const evaluation = observed
        ? await observed.evaluate(context, credentials, c =>
            evaluateEntity(c, policy),
          )
        : evaluateEntity(context, policy);
      logger.debug('Evaluated entity', {
        entityRef: evaluation.entityRef,
        verdict: evaluation.verdict,
      });
      return evaluation;
    },

    async evaluateDraft(request, { credentials }) {
      const entity = {
        ...request.entity,
        metadata: { namespace: 'default', ...request.entity.metadata },
      } as Entity;
      // Before the catalog sees any of it: a NUL byte in a ref made the
      // catalog fail (a 503 for what is the client's mistake), and tens of
      // thousands of refs kept it busy for everyone.
      validateDraftRefs(entity);
      const [context] = await reader.loadContexts([entity], credentials);
      const targets = { ...policy.targets, ...request.targets };
      return evaluateEntity(context, { ...policy, targets }, request.overrides);
    },

    async listEvaluations(query, { credentials }) {
      const [visibility, observedAllowed] = await Promise.all([
        readable.visibility(credentials),
        deps.observationAccess?.mayRead(credentials) ?? false,
      ]);
      const { sort, limit, cursor, drift, ...filters } = query;
      return store.list(
        {
          ...filters,
          drift: drift === undefined ? undefined : drift === 'true',
          visibility,
          observed: observedAllowed,
        },
        { sort, limit, cursor },
      );
    },

    async rollUpSystem({ namespace, name }, { credentials }) {
      const systemRef = stringifyEntityRef({ kind: 'system', namespace, name });
      // Only the components the caller may read take part in the roll-up.
      const { system, contexts } = await reader.loadSystem(
        systemRef,
        credentials,
      );
      // The roll-up needs no guidance, so the components are assessed only.
      const assessments = contexts.map(context =>
        assessEntity(context, policy),
      );
      return rollUpSystem(system, assessments, policy);
    },

    async listClusters(query, { credentials }) {
      if (!deps.listClusters) return { clusters: [] };
      return deps.listClusters(credentials, query);
    },

    capabilities() {
      return {
        rulesVersion: RULES_VERSION,
        capabilities: CAPABILITY_FACTS,
        facts: publishedFacts(),
      };
    },
  };
}
