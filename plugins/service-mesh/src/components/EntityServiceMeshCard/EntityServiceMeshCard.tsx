import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import type { Entity } from '@backstage/catalog-model';
import type {
  Evaluation,
  MeshId,
} from '@mesh-advisor/plugin-service-mesh-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/lib/useAsyncRetry';
import { serviceMeshApiRef } from '../../api';
import { isServiceMeshExcluded } from '../../conditions';
import { MESH_ANNOTATIONS } from '@mesh-advisor/plugin-service-mesh-common';
import {
  LoadErrorState,
  MESH_LABELS,
  ScoreBar,
  VerdictChip,
  formatPercent,
} from '../common';
import { MeshGuidance } from './MeshGuidance';
import {
  AdvicePanel,
  BlockersList,
  DiagnosticsList,
  FactorsList,
} from './OverviewSection';
import { WhatIfPanel } from './WhatIfPanel';

const TITLE = 'Service mesh fit';

/**
 * Props of {@link EntityServiceMeshCard}.
 *
 * @public
 */
export interface EntityServiceMeshCardProps {
  /** Card variant, as for any `InfoCard`; `gridItem` by default. */
  variant?: 'gridItem' | 'fullHeight' | 'flex';
}

/**
 * The Mesh Advisor card of a component: verdict, scores, blockers, the why,
 * annotation fixes, per-mesh guidance and a what-if.
 */
export function ServiceMeshCard(props: EntityServiceMeshCardProps) {
  const { variant = 'gridItem' } = props;
  const { entity } = useEntity();

  if (isServiceMeshExcluded(entity)) {
    return (
      <InfoCard title={TITLE} variant={variant}>
        <EmptyState
          missing="info"
          title="Excluded from Mesh Advisor"
          description={`This component carries ${MESH_ANNOTATIONS.exclude}: "true", so it is not evaluated. Remove the annotation to get a verdict.`}
        />
      </InfoCard>
    );
  }
  return <EvaluatedCard entity={entity} variant={variant} />;
}

function EvaluatedCard(props: {
  entity: Entity;
  variant: 'gridItem' | 'fullHeight' | 'flex';
}) {
  const { entity, variant } = props;
  const api = useApi(serviceMeshApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getEntityEvaluation(getCompoundEntityRef(entity)),
    [api, entityRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = (
      <LoadErrorState
        error={error}
        retry={retry}
        notFound={{
          title: 'No evaluation yet',
          description:
            'Mesh Advisor has no evaluation of this component. It may not be in the catalog yet, or you may not be allowed to read it.',
        }}
        errorTitle="Could not load the mesh evaluation"
      />
    );
  } else if (!value) {
    content = (
      <EmptyState
        missing="data"
        title="No evaluation"
        description="The backend returned no evaluation for this component."
      />
    );
  } else if (!value.applicable) {
    content = (
      <EmptyState
        missing="info"
        title="No service mesh needed"
        description={
          value.notApplicableReason ??
          'This component is not a networked workload, so a mesh has nothing to proxy.'
        }
      />
    );
  } else {
    content = <EvaluationView entity={entity} evaluation={value} />;
  }

  return (
    <InfoCard
      title={TITLE}
      subheader={value ? `Rules ${value.rulesVersion}` : undefined}
      variant={variant}
    >
      {content}
    </InfoCard>
  );
}

type TabId = 'overview' | MeshId | 'what-if';

function EvaluationView(props: { entity: Entity; evaluation: Evaluation }) {
  const { entity, evaluation } = props;
  const [tab, setTab] = useState<TabId>('overview');

  return (
    <Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 16 }}
      >
        <VerdictChip verdict={evaluation.verdict} />
        <ScoreBar
          label={MESH_LABELS.istio}
          score={evaluation.scores.istio}
          blocked={evaluation.blockers.istio.length > 0}
        />
        <ScoreBar
          label={MESH_LABELS.linkerd}
          score={evaluation.scores.linkerd}
          blocked={evaluation.blockers.linkerd.length > 0}
        />
        <Typography
          variant="body2"
          title="Share of the deciding signals that were declared rather than defaulted"
        >
          Confidence {formatPercent(evaluation.confidence)}
        </Typography>
      </Box>

      <Tabs
        value={tab}
        onChange={(_, next: TabId) => setTab(next)}
        indicatorColor="primary"
        textColor="primary"
        variant="scrollable"
        aria-label="Mesh Advisor sections"
      >
        <Tab value="overview" label="Overview" />
        <Tab value="istio" label={MESH_LABELS.istio} />
        <Tab value="linkerd" label={MESH_LABELS.linkerd} />
        <Tab value="what-if" label="What if" />
      </Tabs>

      <Box pt={2} role="tabpanel">
        {tab === 'overview' && (
          <>
            <BlockersList blockers={evaluation.blockers} />
            <DiagnosticsList diagnostics={evaluation.diagnostics} />
            <AdvicePanel
              advice={evaluation.advice}
              confidence={evaluation.confidence}
            />
            <FactorsList factors={evaluation.factors} />
          </>
        )}
        {(tab === 'istio' || tab === 'linkerd') && (
          <MeshGuidance
            guidance={evaluation.guidance[tab]}
            overhead={evaluation.overhead[tab]}
            blockers={evaluation.blockers[tab]}
          />
        )}
        {tab === 'what-if' && (
          <WhatIfPanel entity={entity} evaluation={evaluation} />
        )}
      </Box>
    </Box>
  );
}
