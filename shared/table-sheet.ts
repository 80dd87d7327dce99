/**
 * A table as a spreadsheet (issue 12): the one builder of every .xlsx and .csv export of a grid or list.
 * The browser builds the grids' exports from what they show (client/src/lib/table-export.ts); the server
 * builds the record lists' in the import layout (server/export/record-export.ts). Both describe the table
 * as a `TSheetTable` and call `buildTableXlsx` / `buildTableCsv`.
 *
 * The workbook: an optional header block (title, period, 统计截至, filters, who exported when), then the
 * column header (with a row of column groups above it when there are groups), then the rows. Numbers
 * are number cells with a format (percent with one decimal, …), never text; text that a spreadsheet would
 * run as a formula is neutralised (formula-guard.ts); a cell may carry a fill (the goal colours). The
 * header and the first column are frozen and the header row has an auto-filter.
 */
import ExcelJS from 'exceljs';
import { CSV_BOM, type TCsvValue, toCsvLine } from './csv-text';
import { neutraliseFormula } from './formula-guard';

export type TSheetFormat = 'text' | 'int' | 'dec1' | 'dec2' | 'percent';

export interface TSheetColumn {
  header: string;
  /** A column group's name: consecutive columns of one group share a merged cell above their headers. */
  group?: string;
  format: TSheetFormat;
  /** Width in characters. */
  width?: number;
}

/**
 * A cell with a fill colour (`#rrggbb`, e.g. a value coloured by its goal status), or with a number
 * format of its own where one column mixes rates and counts (a goal list's targets).
 */
export interface TSheetCell {
  value: string | number | null;
  fill?: string;
  format?: Exclude<TSheetFormat, 'text'>;
}

export type TSheetValue = string | number | null | TSheetCell;

export interface TSheetTable {
  /** The worksheet's name (Excel: at most 31 characters, no []:*?/\). */
  sheetName: string;
  /** Lines above the table: title, 期间, 统计截至, 筛选, 导出人/时间. Empty for the import layout. */
  headerBlock: readonly string[];
  columns: readonly TSheetColumn[];
  rows: readonly (readonly TSheetValue[])[];
}

/** Excel's number formats of the app's ways of showing a number (lib/format.ts on screen). */
export const SHEET_NUMBER_FORMATS: Record<Exclude<TSheetFormat, 'text'>, string> = {
  int: '0',
  dec1: '0.0',
  dec2: '0.00',
  percent: '0.0%',
};

const HEADER_FILL = 'FFF0F0F0';

function isCell(value: TSheetValue): value is TSheetCell {
  return typeof value === 'object' && value !== null;
}

function plainValue(value: TSheetValue): string | number | null {
  return isCell(value) ? value.value : value;
}

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

/** A sheet name Excel accepts. */
function safeSheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';
}

/** Runs of equal group names: [name, first column, last column] (1-based). */
function groupRuns(columns: readonly TSheetColumn[]): [string, number, number][] {
  const runs: [string, number, number][] = [];
  columns.forEach((column, i) => {
    const last = runs.at(-1);
    if (last && last[0] === (column.group ?? '') && last[2] === i) last[2] = i + 1;
    else runs.push([column.group ?? '', i + 1, i + 1]);
  });
  return runs;
}

/** The workbook as bytes. */
export async function buildTableXlsx(table: TSheetTable): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '党建成效分析看板';
  const sheet = workbook.addWorksheet(safeSheetName(table.sheetName));
  const width = table.columns.length;

  for (const [i, line] of table.headerBlock.entries()) {
    const row = sheet.addRow([neutraliseFormula(line)]);
    if (i === 0) row.font = { bold: true, size: 13 };
    if (width > 1) sheet.mergeCells(row.number, 1, row.number, width);
  }
  if (table.headerBlock.length > 0) sheet.addRow([]);

  const hasGroups = table.columns.some((c) => c.group);
  if (hasGroups) {
    const groupRow = sheet.addRow(table.columns.map((c) => neutraliseFormula(c.group ?? '')));
    for (const [, from, to] of groupRuns(table.columns)) {
      if (to > from) sheet.mergeCells(groupRow.number, from, groupRow.number, to);
    }
    groupRow.font = { bold: true };
    groupRow.alignment = { horizontal: 'center' };
  }
  const headerRow = sheet.addRow(table.columns.map((c) => neutraliseFormula(c.header)));
  headerRow.font = { bold: true };
  for (let c = 1; c <= width; c++) {
    headerRow.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    headerRow.getCell(c).alignment = { wrapText: true, vertical: 'middle' };
  }

  // A cell's own number format is set after the columns': a column's format is written into its cells.
  const ownFormats: [ExcelJS.Cell, string][] = [];
  for (const values of table.rows) {
    const row = sheet.addRow(
      values.map((value) => {
        const plain = plainValue(value);
        return typeof plain === 'string' ? neutraliseFormula(plain) : plain;
      }),
    );
    values.forEach((value, i) => {
      if (!isCell(value)) return;
      const cell = row.getCell(i + 1);
      if (value.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(value.fill) } };
      if (value.format) ownFormats.push([cell, SHEET_NUMBER_FORMATS[value.format]]);
    });
  }

  table.columns.forEach((column, i) => {
    const sheetColumn = sheet.getColumn(i + 1);
    sheetColumn.width = column.width ?? (column.format === 'text' ? 16 : 12);
    if (column.format !== 'text') sheetColumn.numFmt = SHEET_NUMBER_FORMATS[column.format];
  });
  for (const [cell, numFmt] of ownFormats) cell.numFmt = numFmt;

  const headerRowNumber = headerRow.number;
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRowNumber }];
  sheet.autoFilter = {
    from: { row: headerRowNumber, column: 1 },
    to: { row: headerRowNumber + table.rows.length, column: Math.max(1, width) },
  };
  const bytes = await workbook.xlsx.writeBuffer();
  return new Uint8Array(bytes as ArrayBuffer);
}

/**
 * The same table as CSV text: the header block's lines first (one cell each) and a blank line, then the
 * header and the rows. Numbers are written as numbers (a percent as its fraction, like the xlsx cell).
 */
export function buildTableCsv(table: TSheetTable): string {
  const parts = [CSV_BOM];
  for (const line of table.headerBlock) parts.push(toCsvLine([line]));
  if (table.headerBlock.length > 0) parts.push(toCsvLine([]));
  parts.push(toCsvLine(table.columns.map((c) => c.header)));
  for (const values of table.rows) parts.push(toCsvLine(values.map((v): TCsvValue => plainValue(v))));
  return parts.join('');
}
