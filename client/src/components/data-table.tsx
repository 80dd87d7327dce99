/**
 * The one generic grid (TanStack Table v9, headless) with the app's markup and styles. Concrete tables
 * (features/<feature>/*-table.tsx) own their query and columns, built with
 * `createColumnHelper<TDataTableFeatures, Row>()`. Sorting is controlled so it can live in the URL.
 */
import {
  type ColumnDef,
  createSortedRowModel,
  metaHelper,
  type RowData,
  rowSortingFeature,
  type SortFn,
  type SortingState,
  sortFn_alphanumeric,
  sortFn_basic,
  type TableFeatures,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { type ReactNode, type Ref, useImperativeHandle, useMemo } from 'react';
import { useI18n } from '../lib/i18n-provider';
import {
  exportColumnOf,
  gridSheetOf,
  type TColumnExportMeta,
  type TGridSheetSource,
} from '../lib/table-export';
import { EmptyState, ErrorState, LoadingState } from './states';

export interface TDataTableColumnMeta extends TColumnExportMeta {
  /** Numbers are right-aligned so digits line up. */
  align?: 'start' | 'end';
}

/** Chinese text sorts by pinyin (as people expect in a 名册), not by code point. */
const sortFn_zhText: SortFn<TableFeatures, RowData> = (a, b, columnId) =>
  String(a.getValue(columnId) ?? '').localeCompare(String(b.getValue(columnId) ?? ''), 'zh-Hans-CN');

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic, zhText: sortFn_zhText },
  columnMeta: metaHelper<TDataTableColumnMeta>(),
});
export type TDataTableFeatures = typeof dataTableFeatures;

export interface DataTableProps<TRow extends object> {
  // biome-ignore lint/suspicious/noExplicitAny: each column has its own value type; this is what helper.columns() returns
  columns: ColumnDef<TDataTableFeatures, TRow, any>[];
  /** Keep the reference stable (query data or useMemo): a new array re-runs every row model. */
  data: readonly TRow[] | undefined;
  getRowId: (row: TRow) => string;
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  emptyText?: ReactNode;
  /** For tests and assistive technology. */
  label: string;
  /** Read by an export (components/table-export-button.tsx): the list as it is shown at that moment. */
  sheetRef?: Ref<TGridSheetSource | null>;
}

const NO_ROWS: never[] = [];

export function DataTable<TRow extends object>({
  columns,
  data,
  getRowId,
  sorting,
  onSortingChange,
  isLoading,
  error,
  onRetry,
  emptyText,
  label,
  sheetRef,
}: DataTableProps<TRow>) {
  const { t } = useI18n();
  // Rows cache cell values by column id until the data changes: new columns (another language, say)
  // get new rows, or cells would keep the values of the old accessors (virtual-data-table.tsx).
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of `columns` is what makes the copy
  const rowData = useMemo(() => [...(data ?? NO_ROWS)] as TRow[], [data, columns]);
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: rowData,
    getRowId,
    state: { sorting },
    onSortingChange: (updater) => onSortingChange(typeof updater === 'function' ? updater(sorting) : updater),
  });

  useImperativeHandle(
    sheetRef,
    () => ({
      sheet: () => gridSheetOf(table.getAllLeafColumns().map(exportColumnOf), table.getRowModel().rows),
    }),
    [table],
  );

  if (error) return <ErrorState error={error} onRetry={onRetry} />;
  if (isLoading) return <LoadingState />;
  if (!data || data.length === 0) return <EmptyState description={emptyText} />;

  return (
    <div className="data-table-scroll">
      <table className="data-table" aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const align = header.column.columnDef.meta?.align ?? 'start';
                return (
                  <th
                    key={header.id}
                    colSpan={header.colSpan}
                    className={`align-${align}`}
                    data-column={header.column.id}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={header.column.getToggleSortingHandler()}
                        title={sorted ? t(sorted === 'asc' ? 'table.sortAsc' : 'table.sortDesc') : undefined}
                      >
                        <table.FlexRender header={header} />
                        <span className="sort-mark" aria-hidden>
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-row-id={row.id}>
              {row.getAllCells().map((cell) => (
                <td
                  key={cell.id}
                  data-column={cell.column.id}
                  className={`align-${cell.column.columnDef.meta?.align ?? 'start'}`}
                >
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
