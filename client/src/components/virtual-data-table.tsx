/**
 * The virtualized variant of the generic grid (TanStack Table v9 + @tanstack/react-virtual), for tables of
 * thousands of rows: column groups, sorting, per-column filters (number range or text), column visibility,
 * a sticky header and sticky leading columns. Only the rows in view are in the DOM, so 2,000 rows sort and
 * scroll without the browser laying out 2,000 × 40 cells — except while printing, when every row is. All state is controlled so it can live in the URL.
 * Concrete tables (features/<feature>/*-table.tsx) own their query and columns, built with
 * `createColumnHelper<TGridFeatures, Row>()`.
 */
import {
  type ColumnDef,
  type ColumnFiltersState,
  type ColumnVisibilityState,
  columnFilteringFeature,
  columnVisibilityFeature,
  createFilteredRowModel,
  createSortedRowModel,
  type FilterFn,
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
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Input, InputNumber, Popover, Space } from 'antd';
import {
  type CSSProperties,
  memo,
  type ReactNode,
  type Ref,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
} from 'react';
import { useI18n } from '../lib/i18n-provider';
import { PRINT_QUERY, useMediaQuery } from '../lib/media-query';
import { defineMessages, useMessages } from '../lib/messages';
import {
  describeColumnFilter,
  exportColumnOf,
  gridSheetOf,
  type TColumnExportMeta,
  type TGridSheetSource,
} from '../lib/table-export';
import { EmptyState, ErrorState, LoadingState } from './states';
import './virtual-data-table.css';

export interface TGridColumnMeta extends TColumnExportMeta {
  /** Numbers are right-aligned so digits line up. */
  align?: 'start' | 'end';
  /** Fixed width in px: the layout is fixed so rows scrolling in do not shift the columns. */
  width?: number;
  /** Leading columns that stay in view when scrolling sideways (must come first, in order). */
  sticky?: boolean;
  /** The filter control shown in the header: a number range or a substring. */
  filter?: 'range' | 'text';
  /** Range filters of rates are typed in percent (90) and stored as fractions (0.9). */
  filterScale?: number;
  /** Header tooltip (e.g. the full label when the header is abbreviated). */
  title?: string;
}

/** `[min, max]`, either end open (null). A row whose value is null never matches a set bound. */
export type TRangeFilterValue = [number | null, number | null];

const filterFn_range: FilterFn<TableFeatures, RowData> = (row, columnId, value: TRangeFilterValue) => {
  const [min, max] = value;
  const cell = row.getValue(columnId);
  if (typeof cell !== 'number') return min === null && max === null;
  return (min === null || cell >= min) && (max === null || cell <= max);
};
filterFn_range.autoRemove = (value) => !Array.isArray(value) || (value[0] == null && value[1] == null);

const filterFn_text: FilterFn<TableFeatures, RowData> = (row, columnId, value: string) =>
  String(row.getValue(columnId) ?? '')
    .toLowerCase()
    .includes(value.toLowerCase());
filterFn_text.autoRemove = (value) => typeof value !== 'string' || value.trim() === '';

/**
 * Chinese text sorts by pinyin (as people expect in a 名册), not by code point. One shared collator:
 * `localeCompare` with a locale builds one per call, ~10× slower over 2,000 rows.
 */
const zhCollator = new Intl.Collator('zh-Hans-CN');
const sortFn_zhText: SortFn<TableFeatures, RowData> = (a, b, columnId) =>
  zhCollator.compare(String(a.getValue(columnId) ?? ''), String(b.getValue(columnId) ?? ''));

export const gridFeatures = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  columnVisibilityFeature,
  sortedRowModel: createSortedRowModel(),
  filteredRowModel: createFilteredRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic, zhText: sortFn_zhText },
  filterFns: { range: filterFn_range, text: filterFn_text },
  columnMeta: metaHelper<TGridColumnMeta>(),
});
export type TGridFeatures = typeof gridFeatures;

const MESSAGES = defineMessages(
  {
    filter: '筛选',
    min: '最小',
    max: '最大',
    contains: '包含…',
    clear: '清除',
    sortAsc: '升序',
    sortDesc: '降序',
  },
  {
    filter: 'Filter',
    min: 'min',
    max: 'max',
    contains: 'contains…',
    clear: 'Clear',
    sortAsc: 'ascending',
    sortDesc: 'descending',
  },
);

export interface VirtualDataTableProps<TRow extends object> {
  // biome-ignore lint/suspicious/noExplicitAny: each column has its own value type; this is what helper.columns() returns
  columns: ColumnDef<TGridFeatures, TRow, any>[];
  /** Keep the reference stable (query data or useMemo): a new array re-runs every row model. */
  data: readonly TRow[] | undefined;
  getRowId: (row: TRow) => string;
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  columnFilters?: ColumnFiltersState;
  onColumnFiltersChange?: (filters: ColumnFiltersState) => void;
  columnVisibility?: ColumnVisibilityState;
  /** The rows that pass the column filters (in data order), e.g. for a chart of what the grid shows. */
  onFilteredRowsChange?: (rows: TRow[]) => void;
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  emptyText?: ReactNode;
  /** Row height in px (rows are one line; the virtualizer relies on it). */
  rowHeight?: number;
  /** Maximum height of the scrolling area (CSS). */
  height?: string;
  /** Marks a row (e.g. selected) with `data-marked` for styling. */
  isRowMarked?: (row: TRow) => boolean;
  /** For tests and assistive technology. */
  label: string;
  /** Read by an export (components/table-export-button.tsx): the grid as it is shown at that moment. */
  sheetRef?: Ref<TGridSheetSource | null>;
}

const NO_ROWS: never[] = [];
const NO_FILTERS: ColumnFiltersState = [];
const ALL_VISIBLE: ColumnVisibilityState = {};

function RangeFilter({
  value,
  scale,
  onChange,
}: {
  value: TRangeFilterValue | undefined;
  scale: number;
  onChange: (value: TRangeFilterValue | undefined) => void;
}) {
  const m = useMessages(MESSAGES);
  const [min, max] = value ?? [null, null];
  const shown = (v: number | null) => (v === null ? null : Number((v * scale).toPrecision(12)));
  const stored = (v: number | null) => (v === null || Number.isNaN(v) ? null : v / scale);
  const set = (next: TRangeFilterValue) => onChange(next[0] === null && next[1] === null ? undefined : next);
  return (
    <Space.Compact size="small">
      <InputNumber
        aria-label={m('min')}
        placeholder={m('min')}
        value={shown(min)}
        onChange={(v) => set([stored(v as number | null), max])}
        style={{ width: 84 }}
      />
      <InputNumber
        aria-label={m('max')}
        placeholder={m('max')}
        value={shown(max)}
        onChange={(v) => set([min, stored(v as number | null)])}
        style={{ width: 84 }}
      />
    </Space.Compact>
  );
}

/**
 * Memoized on its column (a stable object while the columns are) and value: a sort re-renders the header
 * row, and ~30 popover triggers re-rendered for nothing were a good part of a 2,000-row sort's frame.
 */
const FilterButton = memo(function FilterButton({
  kind,
  scale,
  value,
  column,
}: {
  kind: 'range' | 'text';
  scale: number;
  value: unknown;
  column: { id: string; setFilterValue: (value: unknown) => void };
}) {
  const m = useMessages(MESSAGES);
  const columnId = column.id;
  const onChange = (next: unknown) => column.setFilterValue(next);
  const isActive = value !== undefined;
  const content = (
    <Space direction="vertical" size="small" data-filter-for={columnId}>
      {kind === 'range' ? (
        <RangeFilter value={value as TRangeFilterValue | undefined} scale={scale} onChange={onChange} />
      ) : (
        <Input
          size="small"
          allowClear
          autoFocus
          placeholder={m('contains')}
          value={(value as string | undefined) ?? ''}
          onChange={(e) => onChange(e.target.value || undefined)}
        />
      )}
      <Button size="small" onClick={() => onChange(undefined)} disabled={!isActive}>
        {m('clear')}
      </Button>
    </Space>
  );
  return (
    <Popover trigger="click" content={content} placement="bottom">
      <button
        type="button"
        className={`grid-filter-button${isActive ? ' is-active' : ''}`}
        aria-label={m('filter')}
        data-filter-button={columnId}
      >
        <svg viewBox="0 0 16 16" width="11" height="11" aria-hidden>
          <path d="M1 2h14L9.5 8.5V14l-3-1.5v-4z" fill="currentColor" />
        </svg>
      </button>
    </Popover>
  );
});

export function VirtualDataTable<TRow extends object>({
  columns,
  data,
  getRowId,
  sorting,
  onSortingChange,
  columnFilters = NO_FILTERS,
  onColumnFiltersChange,
  columnVisibility = ALL_VISIBLE,
  onFilteredRowsChange,
  isLoading,
  error,
  onRetry,
  emptyText,
  rowHeight = 36,
  height = 'calc(100vh - 300px)',
  isRowMarked,
  label,
  sheetRef,
}: VirtualDataTableProps<TRow>) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  // A row caches each cell's value by column id, and the table rebuilds its rows only for new data: a
  // column whose accessor changed under the same id (支部对比's rank column, 全院 ↔ 类别内) would keep
  // showing and sorting the old values. New columns therefore get new rows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of `columns` is what makes the copy
  const rowData = useMemo(() => [...(data ?? NO_ROWS)] as TRow[], [data, columns]);
  const table = useTable({
    features: gridFeatures,
    columns,
    data: rowData,
    getRowId,
    state: { sorting, columnFilters, columnVisibility },
    onSortingChange: (updater) => onSortingChange(typeof updater === 'function' ? updater(sorting) : updater),
    onColumnFiltersChange: (updater) =>
      onColumnFiltersChange?.(typeof updater === 'function' ? updater(columnFilters) : updater),
  });
  const rows = table.getRowModel().rows;
  const isPrinting = useMediaQuery(PRINT_QUERY);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
  });

  const leafColumns = table.getVisibleLeafColumns();
  // Left offsets of the sticky leading columns, from their fixed widths.
  const stickyLeft = useMemo(() => {
    const out = new Map<string, number>();
    let left = 0;
    for (const column of leafColumns) {
      const meta = column.columnDef.meta;
      if (!meta?.sticky) break;
      out.set(column.id, left);
      left += meta.width ?? 120;
    }
    return out;
  }, [leafColumns]);
  const totalWidth = leafColumns.reduce((sum, c) => sum + (c.columnDef.meta?.width ?? 120), 0);

  // The filtered rows, in data order: a new sort is no change for those who listen (a chart of 2,000 bars
  // redrawn on every header click would cost more than the sort). Compared by ids, not by reference.
  const filteredRows = table.getFilteredRowModel().rows;
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (!onFilteredRowsChange) return;
    const key = filteredRows.map((r) => r.id).join('\n');
    if (reported.current === key) return;
    reported.current = key;
    onFilteredRowsChange(filteredRows.map((r) => r.original));
  }, [filteredRows, onFilteredRowsChange]);

  useImperativeHandle(
    sheetRef,
    () => ({
      sheet() {
        const columns = table.getVisibleLeafColumns().map(exportColumnOf);
        const filters = columnFilters.flatMap(({ id, value }) => {
          const column = table.getColumn(id);
          const meta = column?.columnDef.meta;
          const header = column ? exportColumnOf(column).header : id;
          return describeColumnFilter(header, value, { scale: meta?.filterScale ?? 1, lang }) ?? [];
        });
        return gridSheetOf(columns, table.getRowModel().rows, filters);
      },
    }),
    [table, columnFilters, lang],
  );

  if (error) return <ErrorState error={error} onRetry={onRetry} />;
  if (isLoading) return <LoadingState />;
  if (!data || data.length === 0) return <EmptyState description={emptyText} />;

  const stickyStyle = (columnId: string): CSSProperties | undefined => {
    const left = stickyLeft.get(columnId);
    return left === undefined ? undefined : { left };
  };
  const lastStickyId = [...stickyLeft.keys()].at(-1);
  // On paper every row, not the window's worth in view (issue 12: a print showed 26 of 39 rows).
  const items = isPrinting
    ? rows.map((_, index) => ({ index, start: index * rowHeight, end: (index + 1) * rowHeight }))
    : virtualizer.getVirtualItems();
  const paddingTop = isPrinting ? 0 : (items[0]?.start ?? 0);
  const paddingBottom = isPrinting ? 0 : virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const colSpan = leafColumns.length;

  return (
    <div
      ref={scrollRef}
      className="virtual-grid-scroll"
      // max-height: a short list does not leave an empty box; a long one scrolls inside it. Paper has
      // no scroll box: every row runs on over the pages.
      style={
        isPrinting
          ? { overflow: 'visible' }
          : { maxHeight: height, minHeight: Math.min(320, rowHeight * (rows.length + 3)) }
      }
      data-row-count={rows.length}
    >
      <table
        className="virtual-grid"
        aria-label={label}
        aria-rowcount={rows.length}
        style={{ width: isPrinting ? '100%' : totalWidth }}
      >
        <colgroup>
          {leafColumns.map((column) => (
            <col key={column.id} style={{ width: column.columnDef.meta?.width ?? 120 }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group, depth) => (
            <tr key={group.id} data-depth={depth}>
              {group.headers.map((header) => {
                const column = header.column;
                const meta = column.columnDef.meta;
                const sorted = column.getIsSorted();
                const isLeafRow = depth === table.getHeaderGroups().length - 1;
                // A leaf column's placeholder in the upper rows and the leaf itself share the sticky offset.
                const isStickyCell = header.colSpan === 1 && stickyLeft.has(column.id);
                const className = [
                  `align-${header.subHeaders.length ? 'center' : (meta?.align ?? 'start')}`,
                  isStickyCell ? 'is-sticky' : '',
                  isStickyCell && column.id === lastStickyId ? 'is-sticky-last' : '',
                  header.subHeaders.length ? 'is-group' : '',
                ]
                  .filter(Boolean)
                  .join(' ');
                if (header.isPlaceholder) {
                  return (
                    <th
                      key={header.id}
                      colSpan={header.colSpan}
                      className={`${className} is-placeholder`}
                      style={isStickyCell ? stickyStyle(column.id) : undefined}
                    />
                  );
                }
                const filterKind = isLeafRow ? meta?.filter : undefined;
                return (
                  <th
                    key={header.id}
                    colSpan={header.colSpan}
                    className={className}
                    style={isStickyCell ? stickyStyle(column.id) : undefined}
                    data-column={isLeafRow ? column.id : undefined}
                    data-group={header.subHeaders.length ? column.id : undefined}
                    title={meta?.title}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    <div className="grid-header-cell">
                      {isLeafRow && column.getCanSort() ? (
                        <button
                          type="button"
                          className="sort-button"
                          onClick={column.getToggleSortingHandler()}
                          title={sorted ? m(sorted === 'asc' ? 'sortAsc' : 'sortDesc') : meta?.title}
                        >
                          <span className="grid-header-label">
                            <table.FlexRender header={header} />
                          </span>
                          <span className="sort-mark" aria-hidden>
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        <span className="grid-header-label">
                          <table.FlexRender header={header} />
                        </span>
                      )}
                      {filterKind && onColumnFiltersChange ? (
                        <FilterButton
                          key={lang}
                          kind={filterKind}
                          scale={meta?.filterScale ?? 1}
                          value={column.getFilterValue()}
                          column={column}
                        />
                      ) : null}
                    </div>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={colSpan} className="virtual-spacer" />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <tr
                // Keyed by position: after a sort React rewrites the cells of the rows in view instead of
                // removing and creating every row (the DOM churn was most of a 2,000-row sort).
                key={item.index}
                data-row-id={row.id}
                data-index={item.index}
                data-marked={isRowMarked?.(row.original) ? 'true' : undefined}
                style={{ height: rowHeight }}
              >
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  const isSticky = stickyLeft.has(cell.column.id);
                  return (
                    <td
                      // By column: the row element is reused by position (above), so are its cells.
                      key={cell.column.id}
                      data-column={cell.column.id}
                      className={[
                        `align-${meta?.align ?? 'start'}`,
                        isSticky ? 'is-sticky' : '',
                        cell.column.id === lastStickyId ? 'is-sticky-last' : '',
                      ]
                        .filter(Boolean)
                        .join(' ')}
                      style={isSticky ? stickyStyle(cell.column.id) : undefined}
                    >
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={colSpan} className="virtual-spacer" />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
