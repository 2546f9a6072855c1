import { InfoCard } from '@backstage/core-components';
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
import {
  CARD_TITLE_PROPS,
  DecidingQuestionsList,
  MESH_LABELS,
  ScoreBar,
  VerdictChip,
  evaluationFallback,
  formatPercent,
  isProvisional,
  useEntityEvaluation,
} from '../common';
import { MeshGuidance } from './MeshGuidance';
import {
  AdvicePanel,
  BlockersList,
  DiagnosticsList,
  FactorsList,
} from './OverviewSection';
import { ObservedSummary } from './ObservedSummary';
import { WhatIfPanel } from './WhatIfPanel';

/** Title of the full card on an overview. */
const CARD_TITLE = 'Service mesh fit';

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
  return <ServiceMeshAnalysisCard title={CARD_TITLE} {...props} />;
}

/** Props of {@link ServiceMeshAnalysisCard}. */
export interface ServiceMeshAnalysisCardProps
  extends EntityServiceMeshCardProps {
  title: string;
}

/** The full analysis of the current component, under the given title. */
export function ServiceMeshAnalysisCard(props: ServiceMeshAnalysisCardProps) {
  const { title, variant = 'gridItem' } = props;
  const { entity } = useEntity();
  const state = useEntityEvaluation(entity);
  const fallback = evaluationFallback(state);

  return (
    <InfoCard
      title={title}
      titleTypographyProps={CARD_TITLE_PROPS}
      subheader={state.value ? `Rules ${state.value.rulesVersion}` : undefined}
      variant={variant}
    >
      {fallback ?? <EvaluationView entity={entity} evaluation={state.value!} />}
    </InfoCard>
  );
}

type TabId = 'overview' | MeshId | 'what-if';

const TABS: Array<[TabId, string]> = [
  ['overview', 'Overview'],
  ['istio', MESH_LABELS.istio],
  ['linkerd', MESH_LABELS.linkerd],
  ['what-if', 'What if'],
];

// Screen readers name the panel after its tab.
const TAB_ID_PREFIX = 'service-mesh-section';
const PANEL_ID = 'service-mesh-section-panel';

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
          {isProvisional(evaluation) && ' · provisional'}
        </Typography>
      </Box>
      <ObservedSummary observed={evaluation.observed} />

      <Tabs
        value={tab}
        onChange={(_, next: TabId) => setTab(next)}
        indicatorColor="primary"
        textColor="primary"
        variant="scrollable"
        aria-label="Mesh Advisor sections"
      >
        {TABS.map(([value, label]) => (
          <Tab
            key={value}
            value={value}
            label={label}
            id={`${TAB_ID_PREFIX}-${value}`}
            aria-controls={PANEL_ID}
          />
        ))}
      </Tabs>

      <Box
        pt={2}
        role="tabpanel"
        id={PANEL_ID}
        aria-labelledby={`${TAB_ID_PREFIX}-${tab}`}
      >
        {tab === 'overview' && (
          <>
            <BlockersList blockers={evaluation.blockers} />
            {isProvisional(evaluation) && evaluation.decidingQuestions && (
              <DecidingQuestionsList questions={evaluation.decidingQuestions} />
            )}
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
