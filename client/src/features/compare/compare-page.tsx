/**
 * 支部对比: every branch × every metric in one grid, with charts of the ticked branches and a ranking of
 * the filtered ones. Period, category and general branch come from usePeriodState; the rest of the view
 * (sort, filters, columns, search, toggles, selection, chart metrics) from compare-url-state.
 */
import { useQuery } from '@tanstack/react-query';
import { message, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { PeriodPicker } from '../../components/period-picker';
import { formatPeriod, usePeriodState } from '../../lib/period-state';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { setSearchParams, useLocation } from '../../lib/router';
import { parseSorting } from '../../lib/sorting-param';
import { trpc } from '../../lib/trpc';
import { CompareChartsPanel } from './compare-charts-panel';
import { toCompareRow, type TCompareRow } from './compare-metrics';
import { MESSAGES } from './compare-messages';
import { CompareTable } from './compare-table';
import { CompareToolbar } from './compare-toolbar';
import './compare.css';
import {
  formatHidden,
  formatList,
  MAX_SELECTED,
  readCompareState,
  type TChartMetric,
  toggleSelected,
} from './compare-url-state';

/** Without a sort in the address the grid opens in ranking order. */
const DEFAULT_SORT = 'rank';

export function ComparePage() {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const periodState = usePeriodState();
  const { period, asOf, category, parentId } = periodState;
  const { search } = useLocation();
  const searchKey = search.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the parsed view changes exactly when the query string does
  const view = useMemo(() => readCompareState(new URLSearchParams(searchKey)), [searchKey]);
  const sortParam = search.get('sort');
  const sorting = useMemo(() => parseSorting(sortParam ?? DEFAULT_SORT), [sortParam]);

  // One query per period: category, general branch and search filter on the client, so switching them
  // is instant and the menus can list every general branch.
  const query = useQuery(trpc.metrics.branches.queryOptions({ period, ...(asOf ? { asOf } : {}) }));
  const allRows = useMemo(() => query.data?.rows.map(toCompareRow), [query.data]);
  const parents = useMemo(() => {
    const byId = new Map<number, string>();
    for (const row of allRows ?? []) {
      if (row.branch.parentId !== null && row.branch.parentName) byId.set(row.branch.parentId, row.branch.parentName);
    }
    return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
  }, [allRows]);
  const text = view.search.trim().toLowerCase();
  const rows = useMemo(
    () =>
      allRows?.filter(
        (row) =>
          (!category || row.branch.category === category) &&
          (!parentId || row.branch.parentId === parentId) &&
          (!text || row.branch.name.toLowerCase().includes(text) || row.branch.code.toLowerCase().includes(text)),
      ),
    [allRows, category, parentId, text],
  );

  const [visibleRows, setVisibleRows] = useState<TCompareRow[]>([]);
  // Keyed by strings: the parsed view is new on every change of the address (a sort, say), and the
  // charts should not be rebuilt for that.
  const selectedKey = view.selected.join(',');
  const selectedRows = useMemo(() => {
    const codes = selectedKey ? selectedKey.split(',') : [];
    return codes.map((code) => allRows?.find((r) => r.branch.code === code)).filter((r): r is TCompareRow => !!r);
  }, [allRows, selectedKey]);
  const barKey = view.barMetrics.join(',');
  const barMetrics = useMemo(() => barKey.split(',') as TChartMetric[], [barKey]);
  const onBarMetricsChange = useCallback(
    (bars: TChartMetric[]) => setSearchParams({ bars: formatList(bars) }, { replace: true }),
    [],
  );
  const onRankingMetricChange = useCallback(
    (by: TChartMetric) => setSearchParams({ by }, { replace: true }),
    [],
  );
  const onToggleSelected = useCallback(
    (code: string) => {
      const current = selectedKey ? selectedKey.split(',') : [];
      const next = toggleSelected(current, code);
      if (next.length === current.length) void message.warning(m('selectLimit', { max: MAX_SELECTED }));
      setSearchParams({ sel: formatList(next) }, { replace: true });
    },
    [selectedKey, m],
  );
  const scope = useMemo(() => ({ period, asOf }), [period, asOf]);
  const effectiveAsOf = query.data?.scope.asOf;

  return (
    <section className="compare-page" data-testid="compare-page">
      <div className="page-heading">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {m('title')}
          </Typography.Title>
          {rows && effectiveAsOf ? (
            <Typography.Text type="secondary" data-testid="compare-subtitle">
              {m('subtitle', { period: formatPeriod(period, lang), asOf: effectiveAsOf, n: rows.length })}
            </Typography.Text>
          ) : null}
        </div>
        <PeriodPicker />
      </div>
      <CompareToolbar
        category={category}
        onCategoryChange={periodState.setCategory}
        parentId={parentId}
        parents={parents}
        onParentChange={periodState.setParentId}
        search={view.search}
        onSearchChange={(q) => setSearchParams({ q: q || null }, { replace: true })}
        hidden={view.hidden}
        onHiddenChange={(hidden) => setSearchParams({ hide: formatHidden(hidden) }, { replace: true })}
        showDelta={view.showDelta}
        onShowDeltaChange={(show) => setSearchParams({ delta: show ? '1' : null }, { replace: true })}
        rankMode={view.rankMode}
        onRankModeChange={(mode) => setSearchParams({ rank: mode === 'category' ? 'category' : null }, { replace: true })}
        hasFilters={view.filters.length > 0 || !!category || !!parentId || !!view.search}
        onClearFilters={() => setSearchParams({ f: null, q: null, category: null, parent: null })}
      />
      <div className="compare-status">
        <Typography.Text type="secondary" data-testid="compare-shown">
          {rows ? m('shown', { n: visibleRows.length, total: allRows?.length ?? 0 }) : null}
        </Typography.Text>
        <Typography.Text type="secondary">
          {m('selectHint', { max: MAX_SELECTED, n: selectedRows.length })}
        </Typography.Text>
        {view.selected.length ? (
          <Typography.Link onClick={() => setSearchParams({ sel: null }, { replace: true })}>
            {m('clearSelection')}
          </Typography.Link>
        ) : null}
      </div>
      <CompareTable
        rows={rows}
        view={view}
        sorting={sorting}
        scope={scope}
        isLoading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        onToggleSelected={onToggleSelected}
        onVisibleRowsChange={setVisibleRows}
      />
      {rows && rows.length > 0 ? (
        <CompareChartsPanel
          selectedRows={selectedRows}
          rankedRows={visibleRows}
          barMetrics={barMetrics}
          rankingMetric={view.rankingMetric}
          onBarMetricsChange={onBarMetricsChange}
          onRankingMetricChange={onRankingMetricChange}
          scope={scope}
        />
      ) : null}
    </section>
  );
}
