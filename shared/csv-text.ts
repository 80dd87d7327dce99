/**
 * CSV text, the part both sides write (the server's record exports and file streams in
 * server/export/csv.ts, the browser's grid exports in shared/table-sheet.ts): RFC 4180 quoting, CRLF line
 * ends and a UTF-8 BOM (so Excel opens Chinese text correctly). Text that a spreadsheet would run as a
 * formula (`=…`, `+…`, `-…`, `@…`, a leading tab or CR) gets a leading apostrophe; numbers never do
 * (formula-guard.ts).
 */
import { neutraliseFormula } from './formula-guard';

export const CSV_BOM = '\uFEFF';
const LINE_END = '\r\n';

export type TCsvValue = string | number | null | undefined;

/**
 * One cell: blank for null/undefined, a would-be formula neutralised (text only: `-3` as a number or as
 * number text stays a number), quoted when it holds a comma, quote, line break or edge spaces.
 */
export function toCsvCell(value: TCsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsvLine(values: readonly TCsvValue[]): string {
  return values.map(toCsvCell).join(',') + LINE_END;
}

export function toCsvText(
  header: readonly string[],
  rows: Iterable<readonly TCsvValue[]>,
  { bom = true } = {},
): string {
  const parts = [bom ? CSV_BOM : '', toCsvLine(header)];
  for (const row of rows) parts.push(toCsvLine(row));
  return parts.join('');
}
