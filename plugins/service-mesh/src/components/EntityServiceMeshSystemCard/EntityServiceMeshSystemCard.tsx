import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { SystemRollup } from '@mesh-advisor/plugin-service-mesh-common';
import {
  CARD_TITLE_PROPS,
  EntityRefOrText,
  MESH_LABELS,
  ScoreBar,
  VERDICT_LABELS,
  VerdictChip,
  formatNumber,
  rollupFallback,
  useSystemRollup,
} from '../common';

/** Title of the full system card on an overview. */
const SYSTEM_CARD_TITLE = 'Service mesh for this system';

/**
 * Props of {@link EntityServiceMeshSystemCard}.
 *
 * @public
 */
export interface EntityServiceMeshSystemCardProps {
  /** Card variant, as for any `InfoCard`; `gridItem` by default. */
  variant?: 'gridItem' | 'fullHeight' | 'flex';
}

/** The roll-up of a system: one verdict, what forces it, conflicts, cost. */
export function SystemCard(props: EntityServiceMeshSystemCardProps) {
  return <SystemRollupCard title={SYSTEM_CARD_TITLE} {...props} />;
}

/** Props of {@link SystemRollupCard}. */
export interface SystemRollupCardProps
  extends EntityServiceMeshSystemCardProps {
  title: string;
}

/** The full roll-up of the current system, under the given title. */
export function SystemRollupCard(props: SystemRollupCardProps) {
  const { title, variant = 'gridItem' } = props;
  const { entity } = useEntity();
  const state = useSystemRollup(entity);
  const fallback = rollupFallback(state);

  return (
    <InfoCard
      title={title}
      titleTypographyProps={CARD_TITLE_PROPS}
      subheader={state.value ? `Rules ${state.value.rulesVersion}` : undefined}
      variant={variant}
    >
      {fallback ?? <RollupView rollup={state.value!} />}
    </InfoCard>
  );
}

function costText(cost: SystemRollup['cost']): string {
  if (cost.mesh === 'none') {
    return 'No mesh, no proxy cost.';
  }
  const amount = `${formatNumber(cost.proxyCpuVcpu)} vCPU and ${formatNumber(
    cost.proxyMemoryMiB,
    0,
  )} MiB of proxy across all components' replicas (estimate)`;
  return cost.mesh === 'either' ? `About ${amount}.` : `${amount}.`;
}

function RollupView(props: { rollup: SystemRollup }) {
  const { rollup } = props;
  const forcedOut = new Set(rollup.forcing.map(f => f.mesh));
  return (
    <Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 16 }}
      >
        <VerdictChip verdict={rollup.verdict} />
        <ScoreBar
          label="Istio"
          score={rollup.scores.istio}
          blocked={forcedOut.has('istio')}
        />
        <ScoreBar
          label="Linkerd"
          score={rollup.scores.linkerd}
          blocked={forcedOut.has('linkerd')}
        />
      </Box>

      <Box mt={2} component="section" aria-label="Cost">
        <Typography variant="subtitle1" component="h3">
          Cost of {VERDICT_LABELS[rollup.cost.mesh]}
        </Typography>
        <Typography variant="body2">{costText(rollup.cost)}</Typography>
      </Box>

      {rollup.forcing.length > 0 && (
        <Box
          mt={2}
          component="section"
          aria-label="Components that force the verdict"
        >
          <Typography variant="subtitle1" component="h3">
            Components that force the verdict
          </Typography>
          <List disablePadding>
            {rollup.forcing.map(item => (
              <ListItem key={`${item.entityRef}:${item.mesh}`} disableGutters>
                <ListItemText
                  primary={
                    <>
                      <EntityRefOrText entityRef={item.entityRef} /> rules out{' '}
                      {MESH_LABELS[item.mesh]}
                    </>
                  }
                  secondary={item.blockers.map(b => b.summary).join(' ')}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      )}

      {rollup.conflicts.length > 0 && (
        <Box mt={2} component="section" aria-label="Conflicts">
          <Typography variant="subtitle1" component="h3">
            Conflicts
          </Typography>
          <List disablePadding>
            {rollup.conflicts.map(item => (
              <ListItem key={item.entityRef} disableGutters>
                <ListItemText
                  primary={
                    <>
                      <EntityRefOrText entityRef={item.entityRef} /> alone would
                      pick {VERDICT_LABELS[item.verdict]}
                    </>
                  }
                  secondary={item.reason}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      )}

      <Box mt={2} component="section" aria-label="Components">
        <Typography variant="subtitle1" component="h3">
          Components
        </Typography>
        <table style={{ width: '100%', borderCollapse: 'collapse' }}>
          <thead>
            <tr>
              <th align="left">Component</th>
              <th align="left">Verdict</th>
              <th align="right">Istio</th>
              <th align="right">Linkerd</th>
            </tr>
          </thead>
          <tbody>
            {rollup.components.map(component => (
              <tr key={component.entityRef}>
                <td>
                  <EntityRefOrText entityRef={component.entityRef} />
                </td>
                <td>
                  {component.applicable ? (
                    <VerdictChip verdict={component.verdict} size="small" />
                  ) : (
                    'not applicable'
                  )}
                </td>
                <td align="right">{component.scores.istio}</td>
                <td align="right">{component.scores.linkerd}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Box>
    </Box>
  );
}
