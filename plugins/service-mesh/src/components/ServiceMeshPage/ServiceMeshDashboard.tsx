import {
  InfoCard,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useAppSearchParams } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  EvaluationFacets,
  EvaluationSummary,
} from '@mesh-advisor/plugin-service-mesh-common';
import { FormEvent, useEffect, useState } from 'react';
import useAsync from 'react-use/lib/useAsync';
import useAsyncFn from 'react-use/lib/useAsyncFn';
import { serviceMeshApiRef } from '../../api';
import { VERDICTS } from '@mesh-advisor/plugin-service-mesh-common';
import {
  CARD_TITLE_PROPS,
  EntityRefOrText,
  MESH_LABELS,
  VERDICT_LABELS,
  VerdictChip,
  formatPercent,
  useTextStyles,
} from '../common';
import { downloadText, evaluationsToCsv, fetchAllEvaluations } from './csv';
import { FilterKey, queryFromSearchParams } from './filters';
import { ClustersCard } from './ClustersCard';
import { VerdictDistribution } from './VerdictDistribution';
import { RecentVerdictChanges, VerdictCountsOverTime } from '../VerdictHistory';

/** Search parameter of the "Changed in the last 7 days" filter. */
const CHANGED_PARAM = 'changed';
const CHANGED_DAYS = 7;

const PAGE_SIZE = 50;

const SORT_OPTIONS: Array<[string, string]> = [
  ['', 'Default'],
  ['name', 'Name'],
  ['-istio', 'Istio score, highest first'],
  ['-linkerd', 'Linkerd score, highest first'],
  ['confidence', 'Confidence, lowest first'],
  ['verdict', 'Verdict'],
  ['owner', 'Owner'],
  ['system', 'System'],
  ['-evaluatedAt', 'Most recently evaluated'],
];

// The table must fit a 1280-px window with the sidebar open (about 980 px
// for the table): cells get less padding than the theme's, and short values
// never wrap.
const cellPadding = { paddingLeft: 8, paddingRight: 8 };
const compact = { ...cellPadding, whiteSpace: 'nowrap' as const };

function blockerText(count: number): string {
  return `(${count} ${count === 1 ? 'blocker' : 'blockers'})`;
}

/** A score, and how many blockers rule the mesh out (on a second line if narrow). */
function ScoreCell(props: { score: number; blockers: number }) {
  const { score, blockers } = props;
  const text = useTextStyles();
  return (
    <>
      <span style={{ whiteSpace: 'nowrap' }}>{score}</span>
      {blockers > 0 && (
        <>
          {' '}
          <span className={text.error} style={{ whiteSpace: 'nowrap' }}>
            {blockerText(blockers)}
          </span>
        </>
      )}
    </>
  );
}

const columns: TableColumn<EvaluationSummary>[] = [
  {
    title: 'Entity',
    field: 'name',
    // Names must not break mid-word in a narrow column.
    cellStyle: { ...cellPadding, minWidth: 120 },
    headerStyle: cellPadding,
    render: row => <EntityRefOrText entityRef={row.entityRef} />,
  },
  {
    title: 'Owner',
    field: 'owner',
    cellStyle: cellPadding,
    headerStyle: cellPadding,
    render: row =>
      row.owner ? (
        <EntityRefOrText entityRef={row.owner} defaultKind="group" />
      ) : (
        '—'
      ),
  },
  {
    title: 'System',
    field: 'system',
    cellStyle: cellPadding,
    headerStyle: cellPadding,
    render: row =>
      row.system ? (
        <EntityRefOrText entityRef={row.system} defaultKind="system" />
      ) : (
        '—'
      ),
  },
  {
    title: 'Lifecycle',
    field: 'lifecycle',
    cellStyle: compact,
    headerStyle: compact,
    render: row => row.lifecycle ?? '—',
  },
  {
    title: 'Verdict',
    field: 'verdict',
    cellStyle: compact,
    headerStyle: compact,
    render: row => <VerdictChip verdict={row.verdict} size="small" />,
  },
  {
    title: 'Istio',
    field: 'scores.istio',
    type: 'numeric',
    cellStyle: cellPadding,
    headerStyle: compact,
    render: row => (
      <ScoreCell score={row.scores.istio} blockers={row.blockerCount.istio} />
    ),
  },
  {
    title: 'Linkerd',
    field: 'scores.linkerd',
    type: 'numeric',
    cellStyle: cellPadding,
    headerStyle: compact,
    render: row => (
      <ScoreCell
        score={row.scores.linkerd}
        blockers={row.blockerCount.linkerd}
      />
    ),
  },
  {
    title: 'Confidence',
    field: 'confidence',
    type: 'numeric',
    cellStyle: compact,
    headerStyle: compact,
    render: row => formatPercent(row.confidence),
  },
  {
    title: 'Drift',
    field: 'drift',
    cellStyle: compact,
    headerStyle: compact,
    render: row =>
      row.drift
        ? `Runs ${
            MESH_LABELS[row.currentMesh as 'istio' | 'linkerd'] ??
            row.currentMesh
          }`
        : '—',
  },
  {
    title: 'Diagnostics',
    field: 'diagnosticCount',
    type: 'numeric',
    cellStyle: compact,
    headerStyle: compact,
  },
];

function FacetSelect(props: {
  label: string;
  value: string;
  facet: EvaluationFacets['owner'] | undefined;
  onChange: (value: string) => void;
}) {
  const { label, value, facet, onChange } = props;
  const options = facet ?? [];
  const withCurrent =
    value && !options.some(o => o.value === value)
      ? [{ value, count: 0 }, ...options]
      : options;
  return (
    <TextField
      select
      fullWidth
      id={`service-mesh-filter-${label.toLocaleLowerCase('en-US')}`}
      label={label}
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
    >
      <option value="">All</option>
      {withCurrent.map(option => (
        <option key={option.value} value={option.value}>
          {option.value}
          {option.count ? ` (${option.count})` : ''}
        </option>
      ))}
    </TextField>
  );
}

// Filters sit on the page background, where the theme's secondary text
// (labels' default) falls short of 4.5:1 contrast.
const useFilterStyles = makeStyles(theme => ({
  filters: {
    '& label, & legend, & .MuiFormLabel-root, & .MuiFormControlLabel-label': {
      color: theme.palette.text.primary,
    },
    '& .MuiFormLabel-root.Mui-focused': {
      color: theme.palette.text.primary,
    },
  },
}));

/**
 * The catalog-wide Mesh Advisor dashboard, without page chrome (the new
 * frontend system's page supplies the header).
 */
export function ServiceMeshDashboard() {
  const api = useApi(serviceMeshApiRef);
  const filterClasses = useFilterStyles();
  const [searchParams, setSearchParams] = useAppSearchParams();
  const query = queryFromSearchParams(searchParams);
  const queryKey = JSON.stringify(query);

  // Cursors of the pages before the current one, for "Previous".
  const [pager, setPager] = useState<{
    key: string;
    stack: Array<string | undefined>;
  }>({
    key: queryKey,
    stack: [undefined],
  });
  const stack = pager.key === queryKey ? pager.stack : [undefined];
  const cursor = stack[stack.length - 1];

  const [qText, setQText] = useState(query.q ?? '');
  useEffect(() => setQText(query.q ?? ''), [query.q]);

  const list = useAsync(
    () => api.listEvaluations({ ...query, limit: PAGE_SIZE, cursor }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, queryKey, cursor],
  );

  const [exportState, exportCsv] = useAsyncFn(async () => {
    const items = await fetchAllEvaluations(api, query);
    downloadText('mesh-advisor-evaluations.csv', evaluationsToCsv(items));
    return items.length;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, queryKey]);

  const setFilter = (key: FilterKey, value: string | undefined) => {
    setSearchParams(prev => {
      const next = new URLSearchParams(prev);
      if (value) {
        next.set(key, value);
      } else {
        next.delete(key);
      }
      return next;
    });
  };

  const selectedVerdicts = (query.verdict ?? '').split(',').filter(Boolean);
  const toggleVerdict = (verdict: string) => {
    const next = selectedVerdicts.includes(verdict)
      ? selectedVerdicts.filter(v => v !== verdict)
      : [...selectedVerdicts, verdict];
    setFilter('verdict', next.join(','));
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', qText.trim());
  };

  const page = list.value;
  const facets = page?.facets;
  const changedOnly = searchParams.get(CHANGED_PARAM) === `${CHANGED_DAYS}d`;
  const setChangedOnly = (on: boolean) =>
    setSearchParams(prev => {
      const next = new URLSearchParams(prev);
      if (on) next.set(CHANGED_PARAM, `${CHANGED_DAYS}d`);
      else next.delete(CHANGED_PARAM);
      return next;
    });

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <InfoCard title="Verdicts" titleTypographyProps={CARD_TITLE_PROPS}>
          {facets ? (
            <VerdictDistribution facets={facets.verdict} />
          ) : (
            <Typography variant="body2">—</Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard
          title="Annotation coverage"
          titleTypographyProps={CARD_TITLE_PROPS}
        >
          {facets ? (
            <>
              <Typography variant="h4" component="p">
                {formatPercent(facets.coverage.mean)}
              </Typography>
              <Typography variant="body2">
                mean share of deciding annotations declared;{' '}
                {facets.coverage.bare} component
                {facets.coverage.bare === 1 ? '' : 's'} with none at all
              </Typography>
            </>
          ) : (
            <Typography variant="body2">—</Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Drift" titleTypographyProps={CARD_TITLE_PROPS}>
          {facets ? (
            <>
              <Typography variant="h4" component="p">
                {facets.drift}
              </Typography>
              <Typography variant="body2">
                component{facets.drift === 1 ? '' : 's'} running a mesh that
                differs from the verdict{' '}
                <Button size="small" onClick={() => setFilter('drift', 'true')}>
                  Show them
                </Button>
              </Typography>
            </>
          ) : (
            <Typography variant="body2">—</Typography>
          )}
        </InfoCard>
      </Grid>

      <Grid item xs={12}>
        <Box
          component="section"
          aria-label="Filters"
          className={filterClasses.filters}
          display="flex"
          flexWrap="wrap"
          alignItems="flex-end"
          style={{ gap: 16 }}
        >
          <FormControl component="fieldset">
            <FormLabel component="legend">Verdict</FormLabel>
            <Box display="flex" flexWrap="wrap">
              {VERDICTS.map(verdict => (
                <FormControlLabel
                  key={verdict}
                  control={
                    <Checkbox
                      size="small"
                      checked={selectedVerdicts.includes(verdict)}
                      onChange={() => toggleVerdict(verdict)}
                    />
                  }
                  label={VERDICT_LABELS[verdict]}
                />
              ))}
            </Box>
          </FormControl>
          <Box minWidth={200}>
            <FacetSelect
              label="Owner"
              value={query.owner ?? ''}
              facet={facets?.owner}
              onChange={v => setFilter('owner', v)}
            />
          </Box>
          <Box minWidth={200}>
            <FacetSelect
              label="System"
              value={query.system ?? ''}
              facet={facets?.system}
              onChange={v => setFilter('system', v)}
            />
          </Box>
          <Box minWidth={160}>
            <FacetSelect
              label="Lifecycle"
              value={query.lifecycle ?? ''}
              facet={facets?.lifecycle}
              onChange={v => setFilter('lifecycle', v)}
            />
          </Box>
          <form onSubmit={onSearch}>
            <TextField
              id="service-mesh-filter-q"
              label="Search"
              value={qText}
              onChange={e => setQText(e.target.value)}
              InputLabelProps={{ shrink: true }}
              placeholder="name, title, owner…"
            />
            <Button type="submit">Search</Button>
          </form>
          <FormControlLabel
            control={
              <Checkbox
                size="small"
                checked={query.drift === 'true'}
                onChange={(_, checked) =>
                  setFilter('drift', checked ? 'true' : undefined)
                }
              />
            }
            label="Only drift"
          />
          <FormControlLabel
            control={
              <Checkbox
                size="small"
                checked={changedOnly}
                onChange={(_, checked) => setChangedOnly(checked)}
              />
            }
            label={`Changed in the last ${CHANGED_DAYS} days`}
          />
          <Box minWidth={220}>
            <TextField
              select
              fullWidth
              id="service-mesh-sort"
              label="Sort by"
              value={query.sort ?? ''}
              onChange={e => setFilter('sort', e.target.value)}
              SelectProps={{ native: true }}
              InputLabelProps={{ shrink: true }}
            >
              {SORT_OPTIONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </TextField>
          </Box>
          <Button
            variant="outlined"
            onClick={() => exportCsv()}
            disabled={exportState.loading}
          >
            {exportState.loading ? 'Exporting…' : 'Export CSV'}
          </Button>
        </Box>
        {exportState.error && (
          <ResponseErrorPanel
            error={exportState.error}
            title="The CSV export failed"
          />
        )}
      </Grid>

      <Grid item xs={12}>
        {changedOnly && <RecentVerdictChanges days={CHANGED_DAYS} />}
        {!changedOnly && list.error && (
          <ResponseErrorPanel
            error={list.error}
            title="Could not load the evaluations"
          />
        )}
        {!changedOnly && !list.error && (
          <Table<EvaluationSummary>
            title={page ? `Components (${page.totalItems})` : 'Components'}
            isLoading={list.loading}
            columns={columns}
            data={page?.items ?? []}
            options={{
              paging: false,
              search: false,
              sorting: false,
              padding: 'dense',
            }}
            emptyContent={
              <Box p={2}>
                <Typography variant="body2">
                  No evaluations match these filters.
                </Typography>
              </Box>
            }
          />
        )}
        <Box
          display={changedOnly ? 'none' : 'flex'}
          justifyContent="flex-end"
          alignItems="center"
          mt={1}
          style={{ gap: 8 }}
        >
          <Typography variant="body2">Page {stack.length}</Typography>
          <Button
            disabled={stack.length <= 1 || list.loading}
            onClick={() =>
              setPager({ key: queryKey, stack: stack.slice(0, -1) })
            }
          >
            Previous
          </Button>
          <Button
            disabled={!page?.nextCursor || list.loading}
            onClick={() =>
              page?.nextCursor &&
              setPager({ key: queryKey, stack: [...stack, page.nextCursor] })
            }
          >
            Next
          </Button>
        </Box>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Verdicts over time"
          titleTypographyProps={CARD_TITLE_PROPS}
        >
          <VerdictCountsOverTime days={14} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <ClustersCard />
      </Grid>
    </Grid>
  );
}
