/**
 * 支部对比: every branch × every metric in one grid, with charts of the ticked branches and a ranking of
 * the filtered ones. Period, category and general branch come from usePeriodState; the rest of the view
 * (sort, filters, columns, search, toggles, selection, chart metrics) from compare-url-state.
 */
import { useQuery } from '@tanstack/react-query';
import type { ColumnVisibilityState } from '@tanstack/react-table';
import { message, Space, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { isRunningMonth } from '../../../../shared/goal-scaling';
import { ChartScopeProvider, COLLEGE_SUBJECT } from '../../components/chart-scope';
import { PeriodEmptyState, usePeriodCoverageText } from '../../components/period-coverage';
import { PeriodPicker } from '../../components/period-picker';
import { ReportButton } from '../../components/report-button';
import { TableExportButton, type TTableExport } from '../../components/table-export-button';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod, usePeriodState } from '../../lib/period-state';
import { setSearchParams, useSearchParams } from '../../lib/router';
import {
  exportHeaderBlock,
  sheetTableOf,
  type TGridSheetSource,
  tableExportFileName,
} from '../../lib/table-export';
import { trpc } from '../../lib/trpc';
import { useSession } from '../auth/session';
import { CompareChartsPanel } from './compare-charts-panel';
import { MESSAGES } from './compare-messages';
import { categoryLabel, type TCompareRow, toCompareRow } from './compare-metrics';
import { CompareTable } from './compare-table';
import { CompareToolbar } from './compare-toolbar';
import './compare.css';
import {
  formatHidden,
  formatList,
  MAX_SELECTED,
  readCompareState,
  type TChartMetric,
  type TRankMode,
  toggleSelected,
} from './compare-url-state';

/** The page's own parameters besides the period's; `sort` is the grid's (compare-table.tsx). */
const VIEW_PARAMS = ['f', 'hide', 'q', 'delta', 'rank', 'sel', 'bars', 'by'] as const;

/** The same reference while the value is the same: parsed anew on every change of the address otherwise. */
function useStable<T>(value: T): T {
  const key = JSON.stringify(value);
  return useMemo(() => JSON.parse(key) as T, [key]);
}

// Writers of the address: module functions, so the memoized toolbar keeps its props.
const onSearchChange = (q: string) => setSearchParams({ q: q || null }, { replace: true });
const onHiddenChange = (hidden: ColumnVisibilityState) =>
  setSearchParams({ hide: formatHidden(hidden) }, { replace: true });
const onShowDeltaChange = (show: boolean) => setSearchParams({ delta: show ? '1' : null }, { replace: true });
const onRankModeChange = (mode: TRankMode) =>
  setSearchParams({ rank: mode === 'category' ? 'category' : null }, { replace: true });
const onClearFilters = () => setSearchParams({ f: null, q: null, category: null, parent: null });
const onBarMetricsChange = (bars: TChartMetric[]) =>
  setSearchParams({ bars: formatList(bars) }, { replace: true });
const onRankingMetricChange = (by: TChartMetric) => setSearchParams({ by }, { replace: true });
const onClearSelection = () => setSearchParams({ sel: null }, { replace: true });

export function ComparePage() {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const periodState = usePeriodState();
  const emptyPeriod = usePeriodCoverageText();
  const { period, asOf, category, parentId } = periodState;
  // Not `sort`: a header click re-renders the grid only (compare-table.tsx).
  const search = useSearchParams(VIEW_PARAMS);
  const view = useMemo(() => readCompareState(search), [search]);
  const filters = useStable(view.filters);
  const hidden = useStable(view.hidden);
  const selected = useStable(view.selected);

  // One query per period: category, general branch and search filter on the client, so switching them
  // is instant and the menus can list every general branch.
  const query = useQuery(trpc.metrics.branches.queryOptions({ period, ...(asOf ? { asOf } : {}) }));
  // A secretary gets her own branch in `rows` and the others in `restricted` (identity, index and ranks
  // only): one grid of both, the restricted ones with dashes and without links (compare-columns.tsx).
  const allRows = useMemo(
    () =>
      query.data && [
        ...query.data.rows.map(toCompareRow),
        ...(query.data.restricted ?? []).map(toCompareRow),
      ],
    [query.data],
  );
  const parents = useMemo(() => {
    const byId = new Map<number, string>();
    for (const row of allRows ?? []) {
      if (row.branch.parentId !== null && row.branch.parentName)
        byId.set(row.branch.parentId, row.branch.parentName);
    }
    return [...byId]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
  }, [allRows]);
  // The report of the general branch filtered on (its code from any of its rows), else the college's.
  const parentCode = allRows?.find((r) => r.branch.parentId === parentId)?.branch.parentCode;
  const reportScope = useMemo(
    () => (parentId && parentCode ? { unit: parentCode } : {}),
    [parentId, parentCode],
  );
  const text = view.search.trim().toLowerCase();
  const rows = useMemo(
    () =>
      allRows?.filter(
        (row) =>
          (!category || row.branch.category === category) &&
          (!parentId || row.branch.parentId === parentId) &&
          (!text ||
            row.branch.name.toLowerCase().includes(text) ||
            row.branch.code.toLowerCase().includes(text)),
      ),
    [allRows, category, parentId, text],
  );

  const [visibleRows, setVisibleRows] = useState<TCompareRow[]>([]);
  // Keyed by strings: the parsed view is new on every change of the address (a sort, say), and the
  // charts should not be rebuilt for that.
  const selectedRows = useMemo(
    () =>
      selected
        .map((code) => allRows?.find((r) => r.branch.code === code))
        .filter((r): r is TCompareRow => !!r),
    [allRows, selected],
  );
  const barMetrics = useStable(view.barMetrics);
  const onToggleSelected = useCallback(
    (code: string) => {
      const next = toggleSelected(selected, code);
      if (next.length === selected.length) void message.warning(m('selectLimit', { max: MAX_SELECTED }));
      setSearchParams({ sel: formatList(next) }, { replace: true });
    },
    [selected, m],
  );
  const onRetry = useCallback(() => void query.refetch(), [query.refetch]);
  const scope = useMemo(() => ({ period, asOf }), [period, asOf]);
  const effectiveAsOf = query.data?.scope.asOf;
  const isRunning = query.data ? isRunningMonth(query.data.scope) : false;
  // A period with nothing to count shows its empty state alone: no "0 of 39 shown", nothing to export.
  const isEmptyPeriod = emptyPeriod !== null;
  // The charts' subject in their exports: the general branch or category filtered on, else the college.
  const parentName = parents.find((p) => p.id === parentId)?.name;
  const subject = parentName ?? (category ? categoryLabel(category, lang) : COLLEGE_SUBJECT[lang]);
  const user = useSession();
  const sheetRef = useRef<TGridSheetSource | null>(null);
  // Read at the click: the grid's columns, filters and sort as shown then, and the page's own filters.
  const getExport = (): TTableExport | null => {
    const sheet = sheetRef.current?.sheet();
    if (!sheet) return null;
    const title = m('title');
    const pageFilters = [
      ...(category ? [`${m('category')} ${categoryLabel(category, lang)}`] : []),
      ...(parentName ? [`${m('parent')} ${parentName}`] : []),
      ...(view.search.trim() ? [`${m('searchLabel')} “${view.search.trim()}”`] : []),
    ];
    const headerBlock = exportHeaderBlock(
      { title, lang, period, asOf: effectiveAsOf, filters: pageFilters, user },
      sheet,
    );
    return {
      table: sheetTableOf(sheet, headerBlock, title),
      fileName: (extension) => tableExportFileName({ title, period, lang }, extension),
    };
  };

  return (
    <section className="compare-page" data-testid="compare-page">
      <div className="page-heading">
        <div>
          <Typography.Title level={1} className="page-title">
            {m('title')}
          </Typography.Title>
          {rows && effectiveAsOf && !isEmptyPeriod ? (
            <Typography.Text type="secondary" data-testid="compare-subtitle">
              {m('subtitle', { period: formatPeriod(period, lang), asOf: effectiveAsOf, n: rows.length })}
            </Typography.Text>
          ) : null}
        </div>
        <Space wrap>
          <PeriodPicker />
          <ReportButton period={period} asOf={asOf} scope={reportScope} />
        </Space>
      </div>
      <CompareToolbar
        category={category}
        onCategoryChange={periodState.setCategory}
        parentId={parentId}
        parents={parents}
        onParentChange={periodState.setParentId}
        search={view.search}
        onSearchChange={onSearchChange}
        hidden={hidden}
        onHiddenChange={onHiddenChange}
        showDelta={view.showDelta}
        onShowDeltaChange={onShowDeltaChange}
        rankMode={view.rankMode}
        onRankModeChange={onRankModeChange}
        hasFilters={filters.length > 0 || !!category || !!parentId || !!view.search}
        onClearFilters={onClearFilters}
      />
      <div className="compare-status">
        <Typography.Text type="secondary" data-testid="compare-shown">
          {rows && !isEmptyPeriod ? m('shown', { n: visibleRows.length, total: allRows?.length ?? 0 }) : null}
        </Typography.Text>
        {isEmptyPeriod ? null : (
          <Typography.Text type="secondary">
            {m('selectHint', { max: MAX_SELECTED, n: selectedRows.length })}
          </Typography.Text>
        )}
        {selected.length ? (
          <Typography.Link onClick={onClearSelection}>{m('clearSelection')}</Typography.Link>
        ) : null}
        <span className="compare-status-end">
          <TableExportButton
            getExport={getExport}
            disabled={isEmptyPeriod || !rows?.length}
            testId="compare-export"
          />
        </span>
      </div>
      {isEmptyPeriod ? (
        <PeriodEmptyState text={emptyPeriod} />
      ) : (
        <CompareTable
          rows={rows}
          filters={filters}
          hidden={hidden}
          selected={selected}
          showDelta={view.showDelta}
          rankMode={view.rankMode}
          scope={scope}
          isRunningMonth={isRunning}
          isLoading={query.isPending}
          error={query.error}
          onRetry={onRetry}
          onToggleSelected={onToggleSelected}
          onVisibleRowsChange={setVisibleRows}
          sheetRef={sheetRef}
        />
      )}
      {!isEmptyPeriod && rows && rows.length > 0 ? (
        <ChartScopeProvider subject={subject} period={period} asOf={effectiveAsOf}>
          <CompareChartsPanel
            selectedRows={selectedRows}
            rankedRows={visibleRows}
            barMetrics={barMetrics}
            rankingMetric={view.rankingMetric}
            onBarMetricsChange={onBarMetricsChange}
            onRankingMetricChange={onRankingMetricChange}
            scope={scope}
            isRunningMonth={isRunning}
          />
        </ChartScopeProvider>
      ) : null}
    </section>
  );
}
