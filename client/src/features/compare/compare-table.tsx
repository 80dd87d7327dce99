/** The compare grid: every branch × every metric, with its sorting, filters and visible columns in the URL. */
import type { ColumnFiltersState, ColumnVisibilityState, SortingState } from '@tanstack/react-table';
import { memo, type Ref, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { VirtualDataTable } from '../../components/virtual-data-table';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { setSearchParams, subscribeToLocation } from '../../lib/router';
import { formatSorting, parseSorting } from '../../lib/sorting-param';
import type { TGridSheetSource } from '../../lib/table-export';
import { buildCompareColumns, SelectionContext } from './compare-columns';
import { MESSAGES } from './compare-messages';
import type { TCompareRow } from './compare-metrics';
import { formatFilters, type TRankMode } from './compare-url-state';

/** Without a sort in the address the grid opens in ranking order. */
export const DEFAULT_SORT = 'rank';

export interface CompareTableProps {
  rows: readonly TCompareRow[] | undefined;
  /** Keep these stable while unchanged (the page does): each new reference re-runs the row models. */
  filters: ColumnFiltersState;
  hidden: ColumnVisibilityState;
  selected: readonly string[];
  showDelta: boolean;
  rankMode: TRankMode;
  scope: { period: string; asOf?: string };
  /** A month still running: index and rank columns say 进行中. */
  isRunningMonth: boolean;
  isLoading: boolean;
  error: unknown;
  onRetry: () => void;
  onToggleSelected: (code: string) => void;
  onVisibleRowsChange: (rows: TCompareRow[]) => void;
  /** The grid as shown, for the page's export button. */
  sheetRef?: Ref<TGridSheetSource | null>;
}

const getRowId = (row: TCompareRow) => row.branch.code;
const sortInAddress = () => new URLSearchParams(window.location.search).get('sort') ?? DEFAULT_SORT;
const onFiltersChange = (next: ColumnFiltersState) =>
  setSearchParams({ f: formatFilters(next) }, { replace: true });

/**
 * The sort is the grid's own state, copied to the address: a header click re-renders the grid alone and
 * paints, and the listeners of the address hear of it after that frame (issue 5: the sort's
 * budget at 2,000 rows). Back/forward and links that change `sort` are followed.
 */
function useSortState(): [SortingState, (next: SortingState) => void] {
  const [text, setText] = useState(sortInAddress);
  // A sort not yet written to the address (undefined: none): the address is behind until then.
  const pending = useRef<string | null | undefined>(undefined);
  useEffect(
    () =>
      subscribeToLocation(() => {
        if (pending.current === undefined) setText(sortInAddress());
      }),
    [],
  );
  const sorting = useMemo(() => parseSorting(text), [text]);
  const setSorting = useCallback((next: SortingState) => {
    const formatted = formatSorting(next);
    // No sort left (a third click) is the default order, as on opening the page.
    setText(formatted ?? DEFAULT_SORT);
    const isScheduled = pending.current !== undefined;
    pending.current = formatted;
    if (isScheduled) return;
    // When the browser is idle after the frame that shows the new order: history.replaceState and the
    // address's listeners cost that frame several ms (more on a busy machine), and nobody sees the address.
    const path = window.location.pathname;
    const write = () => {
      const sort = pending.current ?? null;
      pending.current = undefined;
      // Left the page meanwhile (a drill-through link): its address is not the grid's to change.
      if (window.location.pathname === path) setSearchParams({ sort }, { replace: true });
    };
    if ('requestIdleCallback' in window) window.requestIdleCallback(write, { timeout: 500 });
    else requestAnimationFrame(() => setTimeout(write, 0));
  }, []);
  return [sorting, setSorting];
}

/** Memoized: a change of the address that is not the grid's (a chart metric, say) does not re-render it. */
export const CompareTable = memo(function CompareTable({
  rows,
  filters,
  hidden,
  selected,
  showDelta,
  rankMode,
  scope,
  isRunningMonth,
  isLoading,
  error,
  onRetry,
  onToggleSelected,
  onVisibleRowsChange,
  sheetRef,
}: CompareTableProps) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const { period, asOf } = scope;
  const [sorting, setSorting] = useSortState();
  const columns = useMemo(
    () => buildCompareColumns({ lang, showDelta, rankMode, scope: { period, asOf }, isRunningMonth }),
    [lang, showDelta, rankMode, period, asOf, isRunningMonth],
  );
  const selection = useMemo(() => ({ selected, toggle: onToggleSelected }), [selected, onToggleSelected]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const isRowMarked = useCallback((row: TCompareRow) => selectedSet.has(row.branch.code), [selectedSet]);

  return (
    <SelectionContext.Provider value={selection}>
      <VirtualDataTable
        label={m('title')}
        columns={columns}
        data={rows}
        getRowId={getRowId}
        sorting={sorting}
        onSortingChange={setSorting}
        columnFilters={filters}
        onColumnFiltersChange={onFiltersChange}
        columnVisibility={hidden}
        onFilteredRowsChange={onVisibleRowsChange}
        isRowMarked={isRowMarked}
        sheetRef={sheetRef}
        isLoading={isLoading}
        error={error}
        onRetry={onRetry}
        emptyText={m('empty')}
        height="min(calc(100vh - 260px), 720px)"
      />
    </SelectionContext.Provider>
  );
});
