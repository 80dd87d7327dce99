import type { EnumEntry } from '../../shared/domain';
import { SHEETS, type TSheetKey } from '../../shared/import-format';
import {
  amountProblem,
  countProblem,
  RECORD_LIMITS,
  readEnum,
  readText,
  type TRuleProblem,
} from '../../shared/record-rules';
import {
  cellText,
  isBlank,
  parseDate,
  parseInteger,
  parseNumber,
  parsePercentNumber,
  parseYesNo,
  splitList,
  type TParsed,
} from './cells';
import type { HeaderMap } from './headers';
import type { ProblemLog } from './problems';
import type { StringPool } from './string-pool';
import type { ImportProblem, RawRow } from './types';

interface EnumLike<K extends string> {
  entries: readonly EnumEntry<K>[];
  parse(text: string): K | undefined;
}

/**
 * Reads typed values out of one row by column key, logging each problem with sheet, row, header
 * and value. A sheet module asks for every column, then checks `hasErrors` before using the row.
 */
export class RowReader {
  hasErrors = false;
  private readonly requiredKeys: Set<string>;

  constructor(
    readonly sheet: TSheetKey,
    private readonly raw: RawRow,
    private readonly headers: HeaderMap,
    private readonly log: ProblemLog,
    /** Shared copies of repeated values (branch codes, dates, titles, lists) for the rows of one import. */
    readonly pool: StringPool,
  ) {
    this.requiredKeys = requiredColumns(sheet);
  }

  get row(): number {
    return this.raw.row;
  }

  /** Logs an error at this row (for checks that involve several cells). */
  error(problem: Omit<ImportProblem, 'sheet' | 'row'>): void {
    this.hasErrors = true;
    this.log.error({ sheet: this.sheet, row: this.raw.row, ...problem });
  }

  warn(problem: Omit<ImportProblem, 'sheet' | 'row'>): void {
    this.log.warn({ sheet: this.sheet, row: this.raw.row, ...problem });
  }

  /** The text of a cell as written, for messages. */
  shown(column: string): string {
    const i = this.headers.indexOf.get(column);
    return i === undefined ? '' : cellText(this.raw.cells[i] ?? null);
  }

  private cell(column: string) {
    const i = this.headers.indexOf.get(column);
    return i === undefined ? null : (this.raw.cells[i] ?? null);
  }

  private take<T>(column: string, parse: (c: ReturnType<RowReader['cell']>) => TParsed<T>): T | null {
    const cell = this.cell(column);
    if (isBlank(cell)) {
      if (this.requiredKeys.has(column)) this.error({ code: 'value_required', column });
      return null;
    }
    const parsed = parse(cell);
    if ('problem' in parsed) {
      const { params } = parsed;
      this.error({ code: parsed.problem, column, value: cellText(cell), ...(params ? { params } : {}) });
      return null;
    }
    return parsed.value;
  }

  /** A text of at most `maxLength` characters (RECORD_LIMITS of shared/record-rules.ts). */
  text(column: string, maxLength: number): string | null {
    return this.take<string>(column, (cell) => {
      const t = readText(cellText(cell), maxLength);
      return 'problem' in t ? { problem: t.problem.code, params: t.problem.params } : t;
    });
  }

  date(column: string): string | null {
    return this.take(column, parseDate);
  }

  /** A whole number ≥ 0 (every count in the format is non-negative). */
  count(column: string): number | null {
    const n = this.take(column, parseInteger);
    const problem = n === null ? null : countProblem(n);
    if (problem) {
      this.check(column, problem);
      return null;
    }
    return n;
  }

  integer(column: string): number | null {
    return this.take(column, parseInteger);
  }

  nonNegative(column: string): number | null {
    const n = this.take(column, parseNumber);
    const problem = n === null ? null : amountProblem(n);
    if (problem) {
      this.check(column, problem);
      return null;
    }
    return n;
  }

  percentNumber(column: string): { n: number; isPercent: boolean } | null {
    return this.take(column, parsePercentNumber);
  }

  yesNo(column: string): boolean {
    return this.take(column, parseYesNo) ?? false;
  }

  enumOf<K extends string>(column: string, e: EnumLike<K>): K | null {
    const text = this.text(column, RECORD_LIMITS.enumText);
    if (text === null) return null;
    // The shared rule's parse (readEnum) without its result object per cell: this runs for every enum cell.
    const key = e.parse(text);
    if (key === undefined) this.refuseEnum(column, e, text);
    return key ?? null;
  }

  /** A list cell; with an enum every item must be one of its values. */
  list(column: string): string[] {
    const cell = this.cell(column);
    return isBlank(cell) ? [] : splitList(cell);
  }

  enumList<K extends string>(column: string, e: EnumLike<K>): K[] {
    const keys: K[] = [];
    for (const item of this.list(column)) {
      const key = e.parse(item);
      if (key === undefined) this.refuseEnum(column, e, item);
      else if (!keys.includes(key)) keys.push(key);
    }
    return keys;
  }

  private refuseEnum<K extends string>(column: string, e: EnumLike<K>, text: string): void {
    const result = readEnum(e, text);
    if ('problem' in result) this.check(column, result.problem, text);
  }

  /** Logs a cross-field problem of the shared rules (attended vs expected, left before joined). */
  check(column: string, problem: TRuleProblem | null, value?: string): void {
    if (!problem) return;
    const { params } = problem;
    this.error({
      code: problem.code,
      column,
      value: value ?? this.shown(column),
      ...(params ? { params } : {}),
    });
  }
}

const requiredCache = new Map<TSheetKey, Set<string>>();

function requiredColumns(sheet: TSheetKey): Set<string> {
  let set = requiredCache.get(sheet);
  if (!set) {
    set = new Set(SHEETS[sheet].columns.filter((c) => c.isRequired).map((c) => c.key));
    requiredCache.set(sheet, set);
  }
  return set;
}
