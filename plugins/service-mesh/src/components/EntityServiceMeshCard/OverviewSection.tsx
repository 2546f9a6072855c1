import { CodeSnippet, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type {
  Evaluation,
  Factor,
  MeshId,
} from '@mesh-advisor/plugin-service-mesh-common';
import {
  Evidence,
  MESH_LABELS,
  formatSigned,
  isLowConfidence,
  useTextStyles,
} from '../common';

const AXIS_LABELS: Record<Factor['axis'], string> = {
  'ops-capacity': 'Operational capacity',
  'feature-depth': 'Feature depth',
  'resource-budget': 'Resource budget',
  protocols: 'Protocols',
  latency: 'Latency',
  'vendor-support': 'Vendor support',
  'existing-envoy': 'Existing Envoy',
  migration: 'Migration',
};

const MESHES: MeshId[] = ['istio', 'linkerd'];

/** Props of {@link BlockersList}. */
export interface BlockersListProps {
  blockers: Evaluation['blockers'];
}

/** Hard stops, per mesh; rendered first because they decide the verdict. */
export function BlockersList(props: BlockersListProps) {
  const { blockers } = props;
  const text = useTextStyles();
  const meshes = MESHES.filter(mesh => blockers[mesh].length > 0);
  if (meshes.length === 0) {
    return <></>;
  }
  return (
    <Box mb={2} component="section" aria-label="Blockers">
      <Typography variant="h6" component="h3">
        Blockers
      </Typography>
      {meshes.map(mesh => (
        <Box key={mesh}>
          <Typography variant="subtitle2" component="h4" className={text.error}>
            {MESH_LABELS[mesh]} is ruled out
          </Typography>
          <List disablePadding>
            {blockers[mesh].map(finding => (
              <ListItem key={finding.id} disableGutters>
                <ListItemText
                  primary={finding.summary}
                  secondary={<Evidence sources={finding.evidence} />}
                  secondaryTypographyProps={{ component: 'div' }}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      ))}
    </Box>
  );
}

/** Props of {@link DiagnosticsList}. */
export interface DiagnosticsListProps {
  diagnostics: Evaluation['diagnostics'];
}

/** Bad annotation values, each with the line to put in catalog-info.yaml. */
export function DiagnosticsList(props: DiagnosticsListProps) {
  const { diagnostics } = props;
  if (diagnostics.length === 0) {
    return <></>;
  }
  return (
    <Box mb={2} component="section" aria-label="Annotation problems">
      <Typography variant="h6" component="h3">
        Annotation problems
      </Typography>
      {diagnostics.map((diagnostic, index) => (
        <Box key={index} mb={1}>
          <Typography variant="body2">
            <strong>{diagnostic.severity}</strong> ·{' '}
            <code>{diagnostic.annotation}</code>: {diagnostic.message}
          </Typography>
          {diagnostic.fix && (
            <Box mt={0.5}>
              <Typography variant="caption" color="textSecondary">
                Put this line in the annotations of catalog-info.yaml:
              </Typography>
              <CodeSnippet
                text={diagnostic.fix}
                language="yaml"
                showCopyCodeButton
              />
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
}

/** Props of {@link AdvicePanel}. */
export interface AdvicePanelProps {
  advice: Evaluation['advice'];
  confidence: number;
}

/** For a bare or sparse entity: which annotations would sharpen the verdict. */
export function AdvicePanel(props: AdvicePanelProps) {
  const { advice, confidence } = props;
  if (advice.length === 0) {
    return <></>;
  }
  return (
    <Box mb={2}>
      <WarningPanel
        severity="info"
        title="Sharpen this verdict"
        defaultExpanded={isLowConfidence(confidence)}
        message={`Part of this verdict rests on defaults. Declaring ${
          advice.length === 1 ? 'this annotation' : 'these annotations'
        } would make it more precise.`}
      >
        {advice.map(item => (
          <Box key={item.annotation} mb={1} width="100%">
            <Typography variant="body2">
              <code>{item.annotation}</code>: {item.why}
            </Typography>
            <CodeSnippet
              text={item.example}
              language="yaml"
              showCopyCodeButton
            />
          </Box>
        ))}
      </WarningPanel>
    </Box>
  );
}

/** Props of {@link FactorsList}. */
export interface FactorsListProps {
  factors: Factor[];
}

/** Every signed contribution to the scores, grouped by decision axis. */
export function FactorsList(props: FactorsListProps) {
  const { factors } = props;
  if (factors.length === 0) {
    return <></>;
  }
  const groups = new Map<Factor['axis'], Factor[]>();
  for (const factor of factors) {
    groups.set(factor.axis, [...(groups.get(factor.axis) ?? []), factor]);
  }
  const weight = (list: Factor[]) =>
    list.reduce((sum, factor) => sum + Math.abs(factor.points), 0);
  const ordered = [...groups.entries()].sort(
    (a, b) => weight(b[1]) - weight(a[1]),
  );
  return (
    <Box component="section" aria-label="Why">
      <Typography variant="h6" component="h3">
        Why
      </Typography>
      {ordered.map(([axis, list]) => (
        <Box key={axis} mt={1}>
          <Typography variant="subtitle2" component="h4">
            {AXIS_LABELS[axis] ?? axis}
          </Typography>
          <List disablePadding>
            {list.map(factor => (
              <ListItem key={`${factor.mesh}:${factor.id}`} disableGutters>
                <ListItemText
                  primary={
                    <>
                      <strong>
                        {MESH_LABELS[factor.mesh]} {formatSigned(factor.points)}
                      </strong>{' '}
                      {factor.summary}
                    </>
                  }
                  secondary={<Evidence sources={factor.evidence} />}
                  secondaryTypographyProps={{ component: 'div' }}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      ))}
    </Box>
  );
}
