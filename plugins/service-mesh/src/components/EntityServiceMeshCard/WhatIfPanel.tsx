import { Entity } from '@backstage/catalog-model';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type {
  ClusterProfile,
  EvaluateRequest,
  Evaluation,
  OpsCapacity,
} from '@mesh-advisor/plugin-service-mesh-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/lib/useAsync';
import useAsyncFn from 'react-use/lib/useAsyncFn';
import { serviceMeshApiRef } from '../../api';
import {
  CAPABILITY_IDS,
  CLUSTER_PROFILES,
  OPS_CAPACITIES,
} from '@mesh-advisor/plugin-service-mesh-common';
import {
  MESH_LABELS,
  VERDICT_LABELS,
  VerdictChip,
  formatSigned,
  useTextStyles,
} from '../common';
import { GuidanceForTargets } from './GuidanceForTargets';
import {
  WhatIfState,
  computeOverrides,
  computeTargets,
  diffEvaluations,
  initialWhatIfState,
  supportedReleases,
} from './whatIf';

/** The release pickers, in the order they are shown. */
const RELEASE_PICKERS = [
  { key: 'istio', label: 'Istio release' },
  { key: 'linkerd', label: 'Linkerd release' },
  { key: 'gatewayApi', label: 'Gateway API release' },
] as const;

/** Props of {@link WhatIfPanel}. */
export interface WhatIfPanelProps {
  entity: Entity;
  evaluation: Evaluation;
}

/**
 * Toggle needs, change the cluster profile, ops capacity or replicas, or the
 * releases the guidance is written for, and re-evaluate through
 * `POST /v1/evaluate` to see what would move.
 */
export function WhatIfPanel(props: WhatIfPanelProps) {
  const { entity, evaluation } = props;
  const api = useApi(serviceMeshApiRef);
  const text = useTextStyles();
  const [state, setState] = useState<WhatIfState>(() =>
    initialWhatIfState(evaluation),
  );
  const [replicasText, setReplicasText] = useState(String(state.replicas));

  const capabilities = useAsync(() => api.getCapabilities(), [api]);
  const capabilityIds = useMemo(() => {
    const fromApi = capabilities.value?.capabilities.map(f => f.capability);
    const known = fromApi?.length ? fromApi : [...CAPABILITY_IDS];
    return [...new Set([...known, ...evaluation.requirements.needs.value])];
  }, [capabilities.value, evaluation.requirements.needs.value]);

  const overrides = computeOverrides(evaluation, state);
  const targets = computeTargets(evaluation, state);
  const targetsChanged = Object.keys(targets).length > 0;
  const changed = Object.keys(overrides).length > 0 || targetsChanged;
  // What a result was computed for: it is shown only while the inputs match.
  const sent = JSON.stringify({ overrides, targets });
  const replicasValid =
    /^\d+$/.test(replicasText) &&
    state.replicas >= 1 &&
    state.replicas <= 100000;

  const [result, run] = useAsyncFn(async () => {
    const request: EvaluateRequest = {
      entity: entity as EvaluateRequest['entity'],
      overrides,
      ...(targetsChanged ? { targets } : {}),
    };
    return {
      sent,
      overrides,
      targets: targetsChanged ? targets : undefined,
      evaluation: await api.evaluate(request),
    };
  }, [api, entity, sent]);

  const toggleNeed = (need: string) =>
    setState(prev => ({
      ...prev,
      needs: prev.needs.includes(need)
        ? prev.needs.filter(n => n !== need)
        : [...prev.needs, need],
    }));

  const reset = () => {
    const initial = initialWhatIfState(evaluation);
    setState(initial);
    setReplicasText(String(initial.replicas));
  };

  // A result only describes the inputs it was computed for: once they change
  // (or are reset), it is no longer shown.
  const shown = result.value?.sent === sent ? result.value : undefined;
  const moved = shown
    ? diffEvaluations(evaluation, shown.evaluation)
    : undefined;

  return (
    <Box component="section" aria-label="What if">
      <Typography variant="body2" paragraph>
        Change the inputs and re-evaluate to see how the verdict would move.
        Nothing is saved: to keep a change, edit the annotations in
        catalog-info.yaml.
      </Typography>

      <FormControl component="fieldset">
        <FormLabel component="legend">Needs</FormLabel>
        <FormGroup row>
          {capabilityIds.map(id => (
            <FormControlLabel
              key={id}
              control={
                <Checkbox
                  size="small"
                  checked={state.needs.includes(id)}
                  onChange={() => toggleNeed(id)}
                />
              }
              label={id}
            />
          ))}
        </FormGroup>
      </FormControl>

      <Box display="flex" flexWrap="wrap" mt={2} style={{ gap: 16 }}>
        <TextField
          select
          id="service-mesh-what-if-cluster-profile"
          label="Cluster profile"
          style={{ minWidth: 180 }}
          value={state.clusterProfile}
          onChange={e =>
            setState(prev => ({
              ...prev,
              clusterProfile: e.target.value as ClusterProfile,
            }))
          }
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
        >
          {CLUSTER_PROFILES.map(value => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </TextField>
        <TextField
          select
          id="service-mesh-what-if-ops-capacity"
          label="Ops capacity"
          style={{ minWidth: 180 }}
          value={state.opsCapacity}
          onChange={e =>
            setState(prev => ({
              ...prev,
              opsCapacity: e.target.value as OpsCapacity,
            }))
          }
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
        >
          {OPS_CAPACITIES.map(value => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </TextField>
        <TextField
          id="service-mesh-what-if-replicas"
          label="Replicas"
          style={{ minWidth: 180 }}
          type="number"
          value={replicasText}
          inputProps={{ min: 1, max: 100000 }}
          error={!replicasValid}
          helperText={
            replicasValid ? undefined : 'A whole number from 1 to 100000'
          }
          onChange={e => {
            setReplicasText(e.target.value);
            const n = Number(e.target.value);
            if (Number.isInteger(n)) {
              setState(prev => ({ ...prev, replicas: n }));
            }
          }}
        />
      </Box>

      <FormControl component="fieldset" style={{ marginTop: 16 }}>
        <FormLabel component="legend">
          Releases the guidance is written for
        </FormLabel>
        <Box display="flex" flexWrap="wrap" mt={1} style={{ gap: 16 }}>
          {RELEASE_PICKERS.map(picker => (
            <TextField
              key={picker.key}
              select
              id={`service-mesh-what-if-release-${picker.key}`}
              label={picker.label}
              style={{ minWidth: 180 }}
              value={state.targets[picker.key]}
              onChange={e => {
                const release = e.target.value;
                setState(prev => ({
                  ...prev,
                  targets: { ...prev.targets, [picker.key]: release },
                }));
              }}
              SelectProps={{ native: true }}
              InputLabelProps={{ shrink: true }}
            >
              {supportedReleases(picker.key).map(release => (
                <option key={release} value={release}>
                  {release}
                </option>
              ))}
            </TextField>
          ))}
        </Box>
      </FormControl>

      <Box display="flex" mt={2} style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={!changed || !replicasValid || result.loading}
          onClick={() => run()}
        >
          Re-evaluate
        </Button>
        <Button disabled={!changed} onClick={reset}>
          Reset
        </Button>
      </Box>

      {result.loading && <LinearProgress aria-label="Re-evaluating" />}
      {result.error && (
        <Box mt={2}>
          <ResponseErrorPanel
            error={result.error}
            title="The what-if evaluation failed"
          />
        </Box>
      )}
      {moved && shown && (
        <Box mt={2} component="section" aria-label="What moved">
          <Typography variant="subtitle1" component="h3">
            What moved
          </Typography>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="body2">Verdict:</Typography>
            <VerdictChip verdict={moved.verdict.before} size="small" />
            <Typography variant="body2" aria-hidden>
              →
            </Typography>
            <VerdictChip verdict={moved.verdict.after} size="small" />
            <Typography variant="body2">
              {moved.verdict.before === moved.verdict.after
                ? '(unchanged)'
                : `(${VERDICT_LABELS[moved.verdict.before]} → ${
                    VERDICT_LABELS[moved.verdict.after]
                  })`}
            </Typography>
          </Box>
          <ul>
            {moved.scores.map(s => (
              <li key={s.mesh}>
                <Typography variant="body2">
                  {MESH_LABELS[s.mesh]} score {s.before} → {s.after} (
                  {formatSigned(s.delta)})
                </Typography>
              </li>
            ))}
            {moved.blockersLifted.map((b, i) => (
              <li key={`lifted-${i}`}>
                <Typography variant="body2">
                  {MESH_LABELS[b.mesh]} no longer blocked: {b.summary}
                </Typography>
              </li>
            ))}
            {moved.blockersAdded.map((b, i) => (
              <li key={`added-${i}`}>
                <Typography variant="body2" className={text.error}>
                  {MESH_LABELS[b.mesh]} newly blocked: {b.summary}
                </Typography>
              </li>
            ))}
          </ul>
          <Typography variant="caption" color="textSecondary">
            Overrides sent: <code>{JSON.stringify(shown.overrides)}</code>
            {shown.targets && (
              <>
                {' '}
                · releases: <code>{JSON.stringify(shown.targets)}</code>
              </>
            )}
          </Typography>
          {shown.targets && (
            <GuidanceForTargets evaluation={shown.evaluation} />
          )}
        </Box>
      )}
    </Box>
  );
}
