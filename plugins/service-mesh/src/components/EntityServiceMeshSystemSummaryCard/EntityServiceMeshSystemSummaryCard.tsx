import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  MeshId,
  SystemRollup,
} from '@mesh-advisor/plugin-service-mesh-common';
import {
  CARD_TITLE_PROPS,
  MESH_LABELS,
  ScoreBar,
  VIEW_ANALYSIS,
  VerdictChip,
  rollupFallback,
  useServiceMeshTabLink,
  useSystemRollup,
} from '../common';

/** Title of the system summary card. */
const SYSTEM_SUMMARY_CARD_TITLE = 'Service mesh for this system';

const MESHES: MeshId[] = ['istio', 'linkerd'];

/**
 * Props of {@link EntityServiceMeshSystemSummaryCard}.
 *
 * @public
 */
export interface EntityServiceMeshSystemSummaryCardProps {
  /** Card variant, as for any `InfoCard`; `gridItem` by default. */
  variant?: 'gridItem' | 'fullHeight' | 'flex';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A few lines for the overview of a system: its verdict, both scores, how
 * many components it has, force the verdict or conflict with it, and a link
 * to the full roll-up.
 */
export function ServiceMeshSystemSummaryCard(
  props: EntityServiceMeshSystemSummaryCardProps,
) {
  const { variant = 'gridItem' } = props;
  const { entity } = useEntity();
  const state = useSystemRollup(entity);
  const tabLink = useServiceMeshTabLink(entity);
  const fallback = rollupFallback(state, { compact: true });
  // The other states read the same on the tab, so only a roll-up links there.
  const deepLink = fallback
    ? undefined
    : { title: VIEW_ANALYSIS, link: tabLink };

  return (
    <InfoCard
      title={SYSTEM_SUMMARY_CARD_TITLE}
      titleTypographyProps={CARD_TITLE_PROPS}
      variant={variant}
      deepLink={deepLink}
    >
      {fallback ?? <RollupSummaryView rollup={state.value!} />}
    </InfoCard>
  );
}

function RollupSummaryView(props: { rollup: SystemRollup }) {
  const { rollup } = props;
  const forcedOut = new Set(rollup.forcing.map(f => f.mesh));
  const forcingComponents = new Set(rollup.forcing.map(f => f.entityRef)).size;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <VerdictChip verdict={rollup.verdict} />
        <Typography variant="body2">
          {plural(rollup.components.length, 'component')}
        </Typography>
      </Box>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        {MESHES.map(mesh => (
          <ScoreBar
            key={mesh}
            label={MESH_LABELS[mesh]}
            score={rollup.scores[mesh]}
            blocked={forcedOut.has(mesh)}
          />
        ))}
      </Box>
      <Typography variant="body2">
        {plural(forcingComponents, 'component')} force
        {forcingComponents === 1 ? 's' : ''} the verdict ·{' '}
        {plural(rollup.conflicts.length, 'conflict')}
      </Typography>
    </Box>
  );
}
