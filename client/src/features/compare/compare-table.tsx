/** The compare grid: every branch × every metric, with its sorting, filters and visible columns in the URL. */
import type { ColumnFiltersState, SortingState } from '@tanstack/react-table';
import { useMemo } from 'react';
import { VirtualDataTable } from '../../components/virtual-data-table';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { setSearchParams } from '../../lib/router';
import { formatSorting } from '../../lib/sorting-param';
import { buildCompareColumns, SelectionContext } from './compare-columns';
import type { TCompareRow } from './compare-metrics';
import { MESSAGES } from './compare-messages';
import { formatFilters, type TCompareViewState } from './compare-url-state';

export interface CompareTableProps {
  rows: readonly TCompareRow[] | undefined;
  view: TCompareViewState;
  sorting: SortingState;
  scope: { period: string; asOf?: string };
  isLoading: boolean;
  error: unknown;
  onRetry: () => void;
  onToggleSelected: (code: string) => void;
  onVisibleRowsChange: (rows: TCompareRow[]) => void;
}

const getRowId = (row: TCompareRow) => row.branch.code;

export function CompareTable({
  rows,
  view,
  sorting,
  scope,
  isLoading,
  error,
  onRetry,
  onToggleSelected,
  onVisibleRowsChange,
}: CompareTableProps) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const { period, asOf } = scope;
  const columns = useMemo(
    () => buildCompareColumns({ lang, showDelta: view.showDelta, rankMode: view.rankMode, scope: { period, asOf } }),
    [lang, view.showDelta, view.rankMode, period, asOf],
  );
  const selection = useMemo(
    () => ({ selected: view.selected, toggle: onToggleSelected }),
    [view.selected, onToggleSelected],
  );
  const selectedSet = useMemo(() => new Set(view.selected), [view.selected]);

  return (
    <SelectionContext.Provider value={selection}>
      <VirtualDataTable
        label={m('title')}
        columns={columns}
        data={rows}
        getRowId={getRowId}
        sorting={sorting}
        onSortingChange={(next: SortingState) => setSearchParams({ sort: formatSorting(next) }, { replace: true })}
        columnFilters={view.filters}
        onColumnFiltersChange={(next: ColumnFiltersState) => setSearchParams({ f: formatFilters(next) }, { replace: true })}
        columnVisibility={view.hidden}
        onFilteredRowsChange={onVisibleRowsChange}
        isRowMarked={(row) => selectedSet.has(row.branch.code)}
        isLoading={isLoading}
        error={error}
        onRetry={onRetry}
        emptyText={m('empty')}
        height="min(calc(100vh - 260px), 720px)"
      />
    </SelectionContext.Provider>
  );
}
