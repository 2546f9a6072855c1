import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  Evaluation,
  MeshId,
} from '@mesh-advisor/plugin-service-mesh-common';
import {
  CARD_TITLE_PROPS,
  DecidingQuestionsBrief,
  MESH_LABELS,
  ScoreBar,
  VIEW_ANALYSIS,
  VerdictChip,
  evaluationFallback,
  formatPercent,
  isProvisional,
  useEntityEvaluation,
  useServiceMeshTabLink,
  useTextStyles,
} from '../common';
import { LastVerdictChange } from '../VerdictHistory';

/** Title of the summary card. */
const SUMMARY_CARD_TITLE = 'Service mesh';

const MESHES: MeshId[] = ['istio', 'linkerd'];

/**
 * Props of {@link EntityServiceMeshSummaryCard}.
 *
 * @public
 */
export interface EntityServiceMeshSummaryCardProps {
  /** Card variant, as for any `InfoCard`; `gridItem` by default. */
  variant?: 'gridItem' | 'fullHeight' | 'flex';
}

/**
 * A few lines for the overview of a component: the verdict, both scores,
 * the confidence, the first blocker and a link to the full analysis.
 */
export function ServiceMeshSummaryCard(
  props: EntityServiceMeshSummaryCardProps,
) {
  const { variant = 'gridItem' } = props;
  const { entity } = useEntity();
  const state = useEntityEvaluation(entity);
  const tabLink = useServiceMeshTabLink(entity);
  const fallback = evaluationFallback(state, { compact: true });
  // The other states read the same on the tab, so only a verdict links there.
  const deepLink = fallback
    ? undefined
    : { title: VIEW_ANALYSIS, link: tabLink };

  return (
    <InfoCard
      title={SUMMARY_CARD_TITLE}
      titleTypographyProps={CARD_TITLE_PROPS}
      variant={variant}
      deepLink={deepLink}
    >
      {fallback ?? (
        <>
          <EvaluationSummaryView evaluation={state.value!} />
          <Box mt={1.5}>
            <LastVerdictChange entity={entity} />
          </Box>
        </>
      )}
    </InfoCard>
  );
}

function EvaluationSummaryView(props: { evaluation: Evaluation }) {
  const { evaluation } = props;
  const text = useTextStyles();
  const provisional = isProvisional(evaluation);
  const blocked = MESHES.flatMap(mesh =>
    evaluation.blockers[mesh].map(finding => ({ mesh, finding })),
  );
  const first = blocked[0];

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <VerdictChip verdict={evaluation.verdict} />
        <Typography
          variant="body2"
          title="Share of the deciding signals that were declared rather than defaulted"
        >
          {provisional ? (
            <>
              <strong>Provisional</strong>: confidence{' '}
              {formatPercent(evaluation.confidence)}
            </>
          ) : (
            <>Confidence {formatPercent(evaluation.confidence)}</>
          )}
        </Typography>
      </Box>
      {/* A provisional verdict leads with what would settle it. */}
      {provisional && evaluation.decidingQuestions && (
        <DecidingQuestionsBrief questions={evaluation.decidingQuestions} />
      )}
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        {MESHES.map(mesh => (
          <ScoreBar
            key={mesh}
            label={MESH_LABELS[mesh]}
            score={evaluation.scores[mesh]}
            blocked={evaluation.blockers[mesh].length > 0}
          />
        ))}
      </Box>
      {first && (
        <Typography variant="body2">
          <span className={text.error}>
            <strong>{MESH_LABELS[first.mesh]} ruled out:</strong>
          </span>{' '}
          {first.finding.summary}
          {blocked.length > 1 && ` (+${blocked.length - 1} more)`}
        </Typography>
      )}
    </Box>
  );
}
