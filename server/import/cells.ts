/**
 * Turns one cell (CSV text or an XLSX value) into a typed value. Each parser returns the value,
 * `null` for a blank cell, or a problem code; the caller adds sheet, row and column.
 */
import { LIST_SEPARATORS } from '../../shared/import-format';
import { stripNeutralisingPrefix } from '../export/formula-guard';
import type { TProblemCode } from './problems';
import type { TCell } from './types';

export type TParsed<T> = { value: T | null } | { problem: TProblemCode };

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 (1899-12-30, which absorbs the 1900 leap-year bug for dates after February 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MAX_EXCEL_SERIAL = 2_958_465; // 9999-12-31

/**
 * The cell as text, for messages and text columns ('' when blank). The apostrophe an export puts in
 * front of a would-be formula (`'=…`, `'-…`; server/export/formula-guard.ts) is taken off, so an
 * export imports back unchanged.
 */
export function cellText(cell: TCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : isoDate(cell);
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return stripNeutralisingPrefix(cell.trimStart()).trim();
}

/** Empty, spaces only, or a marked tab or CR only (`'\t`, what an export writes for a lone tab). */
export function isBlank(cell: TCell): boolean {
  return cell === null || (typeof cell === 'string' && cellText(cell) === '');
}

function isoDate(d: Date): string {
  // Excel date cells arrive as UTC midnight: read them in UTC so the server's time zone cannot shift the day.
  return d.toISOString().slice(0, 10);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Checks and formats a calendar date without a Date object (this runs for every date cell). */
function validYmd(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return undefined;
  const isLeap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 && isLeap ? 29 : (DAYS_IN_MONTH[m - 1] as number);
  if (d > days) return undefined;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const DATE_TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/;

export function parseDate(cell: TCell): TParsed<string> {
  if (isBlank(cell)) return { value: null };
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? { problem: 'not_date' } : { value: isoDate(cell) };
  }
  if (typeof cell === 'number') {
    // A date column whose cell is not formatted as a date still holds Excel's day serial.
    if (!Number.isInteger(cell) || cell < 1 || cell > MAX_EXCEL_SERIAL) return { problem: 'not_date' };
    return { value: isoDate(new Date(EXCEL_EPOCH_MS + cell * MS_PER_DAY)) };
  }
  const match = DATE_TEXT.exec(String(cell).trim());
  const iso = match ? validYmd(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  return iso ? { value: iso } : { problem: 'not_date' };
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseInteger(cell: TCell): TParsed<number> {
  if (isBlank(cell)) return { value: null };
  if (typeof cell === 'number')
    return Number.isSafeInteger(cell) ? { value: cell } : { problem: 'not_integer' };
  if (typeof cell !== 'string') return { problem: 'not_integer' };
  const t = cell.trim().replace(/\.0+$/, '');
  if (!INTEGER_TEXT.test(t)) return { problem: 'not_integer' };
  const n = Number(t);
  return Number.isSafeInteger(n) ? { value: n } : { problem: 'not_integer' };
}

export function parseNumber(cell: TCell): TParsed<number> {
  if (isBlank(cell)) return { value: null };
  if (typeof cell === 'number') return Number.isFinite(cell) ? { value: cell } : { problem: 'not_number' };
  if (typeof cell !== 'string') return { problem: 'not_number' };
  const t = cell.trim();
  if (!NUMBER_TEXT.test(t)) return { problem: 'not_number' };
  const n = Number(t);
  return Number.isFinite(n) ? { value: n } : { problem: 'not_number' };
}

/** A number or a percentage ("90%" → 0.9); `isPercent` tells the goals sheet a rate was written as %. */
export function parsePercentNumber(cell: TCell): TParsed<{ n: number; isPercent: boolean }> {
  if (typeof cell === 'string') {
    const t = cell.trim();
    if (t.endsWith('%') || t.endsWith('％')) {
      const parsed = parseNumber(t.slice(0, -1));
      if ('problem' in parsed || parsed.value === null) return { problem: 'not_number' };
      return { value: { n: parsed.value / 100, isPercent: true } };
    }
  }
  const parsed = parseNumber(cell);
  if ('problem' in parsed) return parsed;
  return { value: parsed.value === null ? null : { n: parsed.value, isPercent: false } };
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '有', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '无', '×']);

/** Yes/no: a blank cell is 否 (import-format.md), so the value is never null. */
export function parseYesNo(cell: TCell): TParsed<boolean> {
  if (isBlank(cell)) return { value: false };
  if (typeof cell === 'boolean') return { value: cell };
  if (typeof cell === 'number') {
    if (cell === 1 || cell === 0) return { value: cell === 1 };
    return { problem: 'not_yesno' };
  }
  const t = String(cell).trim().toLowerCase();
  if (YES.has(t)) return { value: true };
  if (NO.has(t)) return { value: false };
  return { problem: 'not_yesno' };
}

/** The items of a list cell, trimmed, blanks and repeats dropped. */
export function splitList(cell: TCell): string[] {
  const items = cellText(cell)
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(items)];
}
