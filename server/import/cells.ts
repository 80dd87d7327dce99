/**
 * Turns one cell (CSV text or an XLSX value) into a typed value. Each parser returns the value,
 * `null` for a blank cell, or a problem code; the caller adds sheet, row and column.
 */

import { stripNeutralisingPrefix } from '../../shared/formula-guard';
import { LIST_SEPARATORS } from '../../shared/import-format';
import { readDayText, readInteger, readNumber, readYesNo, type TRuleResult } from '../../shared/record-rules';
import type { TProblemCode } from './problems';
import type { TCell } from './types';

export type TParsed<T> =
  | { value: T | null }
  | { problem: TProblemCode; params?: Record<string, string | number> };

/** A value of the shared record rules (shared/record-rules.ts) as a cell parser's result. */
function fromRule<T>(result: TRuleResult<T>): TParsed<T> {
  return 'problem' in result ? { problem: result.problem.code, params: result.problem.params } : result;
}

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 (1899-12-30, which absorbs the 1900 leap-year bug for dates after February 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MAX_EXCEL_SERIAL = 2_958_465; // 9999-12-31

/**
 * The cell as text, for messages and text columns ('' when blank). The apostrophe an export puts in
 * front of a would-be formula (`'=…`, `'-…`; shared/formula-guard.ts) is taken off, so an
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
  return fromRule(readDayText(cell));
}

export function parseInteger(cell: TCell): TParsed<number> {
  return isBlank(cell) ? { value: null } : fromRule(readInteger(cell));
}

export function parseNumber(cell: TCell): TParsed<number> {
  return isBlank(cell) ? { value: null } : fromRule(readNumber(cell));
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

/** Yes/no: a blank cell is 否 (import-format.md), so the value is never null. */
export function parseYesNo(cell: TCell): TParsed<boolean> {
  if (isBlank(cell)) return { value: false };
  return fromRule(readYesNo(cell instanceof Date ? null : cell));
}

/** The items of a list cell, trimmed, blanks and repeats dropped. */
export function splitList(cell: TCell): string[] {
  const items = cellText(cell)
    .split(LIST_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(items)];
}
