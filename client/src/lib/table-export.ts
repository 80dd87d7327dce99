/**
 * What a grid exports (issue 12): exactly what it shows — the visible columns, the rows that pass its
 * filters, in its sort — as a shared/table-sheet.ts table, with a header block that says what the table
 * is, its period, 统计截至, the filters, and who exported it when. Pure: the grids (components/
 * virtual-data-table.tsx, data-table.tsx) describe their columns, the pages their header block, and
 * components/table-export-button.tsx writes the file (exceljs is loaded then, not with the page).
 */
import { collegeTimeZone } from '../../../shared/schemas/date';
import type { TSheetColumn, TSheetFormat, TSheetTable, TSheetValue } from '../../../shared/table-sheet';
import type { TLang } from './i18n';
import { formatPeriod } from './period-state';

/** What a column of a grid puts in an export (TGridColumnMeta / TDataTableColumnMeta). */
export interface TColumnExportMeta {
  /** The cell's number format in the file; text when absent. */
  exportFormat?: TSheetFormat;
  /**
   * The cell written for a row: a number stays a number (a fraction for percents), a label replaces a
   * key, a goal status becomes a fill. The column's value as is when absent.
   */
  exportValue?: (value: unknown, row: unknown) => TSheetValue;
  /** false: a control column (a tick box, row actions) that the file leaves out. */
  isExported?: boolean;
}

/** A visible column as the export sees it. */
export interface TExportColumn {
  id: string;
  header: string;
  group?: string;
  meta: TColumnExportMeta | undefined;
  /** A column without a value (a tick box, row actions) is left out. */
  hasValue: boolean;
}

/** A row as the grids hold it (TanStack's Row): the value of a column, and the record it shows. */
export interface TExportRow {
  original: unknown;
  getValue(columnId: string): unknown;
}

/** The grid's part of a table export: its columns, rows and column filters, as shown. */
export interface TGridSheet {
  columns: TSheetColumn[];
  rows: TSheetValue[][];
  /** The grid's own column filters in words (`出勤率 ≥ 90%`). */
  filters: string[];
}

/** What a grid gives its export (its `sheetRef`): the visible columns, filtered rows in their sort, filters in words. */
export interface TGridSheetSource {
  sheet(): TGridSheet;
}

function cellOf(column: TExportColumn, row: TExportRow): TSheetValue {
  const value = column.hasValue ? row.getValue(column.id) : null;
  if (column.meta?.exportValue) return column.meta.exportValue(value, row.original);
  if (typeof value === 'number' || typeof value === 'string' || value === null) return value;
  return value === undefined ? null : String(value);
}

/** The part of a TanStack column an export reads (both grids' columns have it). */
interface TTableColumnLike {
  id: string;
  accessorFn?: unknown;
  parent?: { columnDef: { header?: unknown } };
  columnDef: { header?: unknown; meta?: (TColumnExportMeta & { title?: string }) | undefined };
}

/** A header as text: the string header, else the column's title, else its id. */
function headerText(header: unknown, fallback: string): string {
  return typeof header === 'string' && header ? header : fallback;
}

/** A grid's visible leaf column as the export sees it: header text, its group's, meta, whether it has a value. */
export function exportColumnOf(column: TTableColumnLike): TExportColumn {
  const group = column.parent ? headerText(column.parent.columnDef.header, '') : '';
  return {
    id: column.id,
    header: headerText(column.columnDef.header, column.columnDef.meta?.title ?? column.id),
    ...(group ? { group } : {}),
    meta: column.columnDef.meta,
    hasValue: column.accessorFn !== undefined,
  };
}

export function gridSheetOf(
  columns: readonly TExportColumn[],
  rows: readonly TExportRow[],
  filters: string[] = [],
): TGridSheet {
  const exported = columns.filter(
    (c) => c.meta?.isExported !== false && (c.hasValue || c.meta?.exportValue !== undefined),
  );
  return {
    columns: exported.map((c) => ({
      header: c.header,
      ...(c.group ? { group: c.group } : {}),
      format: c.meta?.exportFormat ?? 'text',
      width: c.meta?.exportFormat ? 12 : Math.min(40, Math.max(10, c.header.length * 2 + 4)),
    })),
    rows: rows.map((row) => exported.map((c) => cellOf(c, row))),
    filters,
  };
}

const BLOCK_TEXT = {
  zh: {
    period: '期间',
    asOf: '统计截至',
    filters: '筛选',
    noFilters: '无',
    exported: '导出',
    rows: '行数',
    sep: '：',
    join: '；',
  },
  en: {
    period: 'Period',
    asOf: 'As of',
    filters: 'Filters',
    noFilters: 'none',
    exported: 'Exported',
    rows: 'Rows',
    sep: ': ',
    join: '; ',
  },
} as const;

/** `2026-12-07 14:05` in the college's time zone (the header block's export time). */
export function collegeDateTime(now: Date = new Date(), timeZone: string = collegeTimeZone()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export interface THeaderBlockInput {
  title: string;
  lang: TLang;
  period?: string;
  asOf?: string;
  /** The page's filters in words (category, general branch, search), before the grid's own. */
  filters: readonly string[];
  /** Who exports: display name and user name. */
  user: { displayName: string; username: string };
  now?: Date;
}

/** The lines above an exported table. */
export function exportHeaderBlock(input: THeaderBlockInput, sheet: TGridSheet): string[] {
  const t = BLOCK_TEXT[input.lang];
  const filters = [...input.filters, ...sheet.filters];
  return [
    input.title,
    ...(input.period ? [`${t.period}${t.sep}${formatPeriod(input.period, input.lang)}`] : []),
    ...(input.asOf ? [`${t.asOf}${t.sep}${input.asOf}`] : []),
    `${t.filters}${t.sep}${filters.length ? filters.join(t.join) : t.noFilters}`,
    `${t.rows}${t.sep}${sheet.rows.length}`,
    `${t.exported}${t.sep}${input.user.displayName}（${input.user.username}） ${collegeDateTime(input.now)}`,
  ];
}

/** A range or substring filter of a column in words: `出勤率 ≥ 90%`, `名称 包含 “一”`. */
export function describeColumnFilter(
  header: string,
  value: unknown,
  { scale = 1, lang }: { scale?: number; lang: TLang },
): string | null {
  if (typeof value === 'string' && value.trim())
    return `${header} ${lang === 'zh' ? '包含' : 'contains'} “${value}”`;
  if (!Array.isArray(value)) return null;
  const [min, max] = value as [number | null, number | null];
  const show = (v: number) => `${Number((v * scale).toPrecision(12))}${scale === 100 ? '%' : ''}`;
  if (min !== null && max !== null) return `${header} ${show(min)}–${show(max)}`;
  if (min !== null) return `${header} ≥ ${show(min)}`;
  if (max !== null) return `${header} ≤ ${show(max)}`;
  return null;
}

/**
 * `支部对比_2025年_2026-12-07.xlsx`: what, which period, exported when; with a subject (the branch, the
 * general branch, 全院) it leads, as in a chart's file name: `行政第一党支部_2025年_党员名册_2026-12-07.xlsx`.
 * No character a file system refuses.
 */
export function tableExportFileName(
  parts: { title: string; subject?: string; period?: string; lang: TLang; now?: Date },
  extension: 'xlsx' | 'csv',
): string {
  const day = collegeDateTime(parts.now).slice(0, 10);
  const period = parts.period ? formatPeriod(parts.period, parts.lang) : '';
  const names = parts.subject ? [parts.subject, period, parts.title, day] : [parts.title, period, day];
  const cleaned = names
    .map((p) =>
      p
        .replace(/\s*·\s*/g, '-')
        .replace(/[\\/:*?"<>|\s]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean);
  return `${cleaned.join('_')}.${extension}`;
}

/**
 * Every row of a list paged on the server (the audit log, the import history), page after page of
 * `pageSize`, for an export of all the rows its filters select, not only the page in view.
 */
export async function collectPages<TRow>(
  list: (page: { limit: number; offset: number }) => Promise<{ rows: TRow[]; total: number }>,
  pageSize: number,
): Promise<TRow[]> {
  const rows: TRow[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await list({ limit: pageSize, offset });
    rows.push(...page.rows);
    if (page.rows.length < pageSize || rows.length >= page.total) return rows;
  }
}

/** Assembles the file's table from the grid's part and the header block. */
export function sheetTableOf(sheet: TGridSheet, headerBlock: string[], sheetName: string): TSheetTable {
  return { sheetName, headerBlock, columns: sheet.columns, rows: sheet.rows };
}
