/**
 * Periods and asOf (metrics.md "Periods, asOf and the counted range"), shared by server and client:
 * `2025`, `2025-Q2`, `2025-03`, `2025-03-01..2025-08-31`.
 */
import { z } from 'zod';
import { AppError } from '../app-error';
import type { TLang } from '../lang';
import {
  bilingualIssue,
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  CALENDAR_RANGE_MESSAGE,
  isCalendarDay,
  type TBilingual,
  ZCalendarDaySchema,
  ZIsoDateSchema,
} from './date';

export type TPeriodKind = 'year' | 'quarter' | 'month' | 'range';

export interface TParsedPeriod {
  /** The canonical text, e.g. `2025-Q2`. */
  label: string;
  kind: TPeriodKind;
  /** First and last day, inclusive, ISO. */
  start: string;
  end: string;
}

/** The counted range: period start .. effective asOf, both inclusive (metrics.md). */
export interface TCountedRange {
  period: TParsedPeriod;
  start: string;
  asOf: string;
}

const YEAR_RE = /^(\d{4})$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const RANGE_RE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

const pad2 = (n: number) => String(n).padStart(2, '0');

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

function isValidIsoDate(text: string): boolean {
  return ZIsoDateSchema.safeParse(text).success;
}

function dayNumber(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000
  );
}

/** Days from `start` to `end`, both inclusive (0 when end < start). */
export function daysInclusive(start: string, end: string): number {
  return Math.max(0, dayNumber(end) - dayNumber(start) + 1);
}

export function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10);
}

/** The same day one year earlier; 29 February becomes 28 February (metrics.md "Year over year"). */
export function shiftYearBack(iso: string): string {
  const year = Number(iso.slice(0, 4)) - 1;
  const rest = iso.slice(4);
  return rest === '-02-29' ? `${year}-02-28` : `${year}${rest}`;
}

/** Parses a period text; undefined when it is not one (or its range is empty / has invalid days). */
export function parsePeriod(text: string): TParsedPeriod | undefined {
  const t = text.trim();
  let m = YEAR_RE.exec(t);
  if (m) {
    const y = t;
    return { label: y, kind: 'year', start: `${y}-01-01`, end: `${y}-12-31` };
  }
  m = QUARTER_RE.exec(t);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const lastMonth = q * 3;
    return {
      label: `${m[1]}-Q${q}`,
      kind: 'quarter',
      start: `${m[1]}-${pad2(lastMonth - 2)}-01`,
      end: `${m[1]}-${pad2(lastMonth)}-${pad2(daysInMonth(y, lastMonth))}`,
    };
  }
  m = MONTH_RE.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { label: t, kind: 'month', start: `${t}-01`, end: `${t}-${pad2(daysInMonth(y, mo))}` };
  }
  m = RANGE_RE.exec(t);
  const [, start = '', end = ''] = m ?? [];
  if (m && isValidIsoDate(start) && isValidIsoDate(end) && start <= end) {
    return { label: t, kind: 'range', start, end };
  }
  return undefined;
}

/** Whether both ends of a parsed period lie inside the engine's calendar (date.ts). */
export function isPeriodInCalendar(period: TParsedPeriod): boolean {
  return isCalendarDay(period.start) && isCalendarDay(period.end);
}

const PERIOD_FORMAT_MESSAGE: TBilingual = {
  zh: '期间格式应为 2025、2025-Q2、2025-03 或 2025-03-01..2025-08-31',
  en: 'period must look like 2025, 2025-Q2, 2025-03 or 2025-03-01..2025-08-31',
};
const PERIOD_RANGE_MESSAGE: TBilingual = {
  zh: `期间须在 ${CALENDAR_FIRST_YEAR} 年至 ${CALENDAR_LAST_YEAR} 年之间`,
  en: `periods must lie within the years ${CALENDAR_FIRST_YEAR} to ${CALENDAR_LAST_YEAR}`,
};

/** A period text inside the engine's calendar, validated; parse it with `parsePeriod`. */
export const ZPeriodSchema = z
  .string()
  .max(32)
  .refine((t) => parsePeriod(t) !== undefined, bilingualIssue(PERIOD_FORMAT_MESSAGE, { isStandalone: true }))
  .refine(
    (t) => {
      const period = parsePeriod(t);
      return period === undefined || isPeriodInCalendar(period);
    },
    bilingualIssue(PERIOD_RANGE_MESSAGE, { isStandalone: true }),
  );
export type TPeriod = z.infer<typeof ZPeriodSchema>;

/** asOf: a valid day inside the engine's calendar. */
export const ZAsOfSchema = ZCalendarDaySchema;
export type TAsOf = z.infer<typeof ZAsOfSchema>;

/** The period and asOf as a request carries them (asOf optional: defaulted by `resolveCountedRange`). */
export const ZPeriodInputSchema = z.object({
  period: ZPeriodSchema,
  asOf: ZAsOfSchema.optional(),
});
export type TPeriodInput = z.infer<typeof ZPeriodInputSchema>;

/**
 * The effective asOf (metrics.md): default the period's last day, or yesterday while the period is
 * still running; later than the period's end → its end; before its start → AppError (BAD_REQUEST).
 */
export function resolveCountedRange(
  periodText: string,
  asOf: string | undefined,
  today: string,
): TCountedRange {
  const period = parsePeriod(periodText);
  if (!period) {
    throw new AppError('BAD_REQUEST', {
      zh: `期间格式无效：${periodText}`,
      en: `invalid period: ${periodText}`,
    });
  }
  // The API refuses these at its edge (ZPeriodSchema, ZAsOfSchema); callers without a schema (CLI,
  // tests, the bench) get the same rule here, so no engine walk ever starts outside the calendar.
  if (!isPeriodInCalendar(period)) throw new AppError('BAD_REQUEST', PERIOD_RANGE_MESSAGE);
  let effective: string;
  if (asOf !== undefined) {
    if (!isCalendarDay(asOf)) {
      throw new AppError('BAD_REQUEST', {
        zh: `截止日期无效：${asOf}（${CALENDAR_RANGE_MESSAGE.zh}）`,
        en: `invalid asOf: ${asOf} (${CALENDAR_RANGE_MESSAGE.en})`,
      });
    }
    effective = asOf;
  } else {
    const yesterday = addDays(today, -1);
    effective = yesterday < period.end ? yesterday : period.end;
  }
  if (effective > period.end) effective = period.end;
  if (effective < period.start) {
    throw new AppError('BAD_REQUEST', {
      zh: `截止日期 ${effective} 早于期间开始 ${period.start}`,
      en: `asOf ${effective} is before the period's first day ${period.start}`,
    });
  }
  return { period, start: period.start, asOf: effective };
}

/**
 * The first days of every month that meets from..to (ISO days, from ≤ to), in order. Bounded by
 * construction: the count is computed from the two dates, not by stepping until a text comparison
 * stops (which never stops past year 9999).
 */
export function monthStartsBetween(from: string, to: string): string[] {
  const first = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1;
  const last = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1;
  const starts: string[] = [];
  for (let k = first; k <= last; k++) {
    starts.push(`${String(Math.floor(k / 12)).padStart(4, '0')}-${pad2((k % 12) + 1)}-01`);
  }
  return starts;
}

/** The first day of the month of an ISO day. */
export function monthStartOf(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/** The last day of the month of an ISO day. */
export function monthEndOf(iso: string): string {
  return `${iso.slice(0, 7)}-${pad2(daysInMonth(Number(iso.slice(0, 4)), Number(iso.slice(5, 7))))}`;
}

/** The first day of the month `months` after (or before, when negative) the month of an ISO day. */
export function addMonths(iso: string, months: number): string {
  const k = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(k / 12)).padStart(4, '0')}-${pad2((k % 12) + 1)}-01`;
}

/** The first day of the year of an ISO day. */
export function yearStartOf(iso: string): string {
  return `${iso.slice(0, 4)}-01-01`;
}

/** The last day of the year of an ISO day. */
export function yearEndOf(iso: string): string {
  return `${iso.slice(0, 4)}-12-31`;
}

/** Whether two ISO days lie in the same calendar year. */
export function sameYear(a: string, b: string): boolean {
  return a.slice(0, 4) === b.slice(0, 4);
}

/** The goal year: the calendar year of the period's first day. */
export function goalYearOf(start: string): number {
  return Number(start.slice(0, 4));
}

/** `2025年` / `2025年第2季度` / `2025年3月` / `2025-03-01 至 2025-08-31` (and English). */
export function formatPeriod(period: string, lang: TLang): string {
  const p = parsePeriod(period);
  if (!p) return period;
  const year = p.start.slice(0, 4);
  const month = Number(p.start.slice(5, 7));
  switch (p.kind) {
    case 'year':
      return lang === 'zh' ? `${year}年` : year;
    case 'quarter':
      return lang === 'zh' ? `${year}年第${period.slice(-1)}季度` : `Q${period.slice(-1)} ${year}`;
    case 'month':
      return lang === 'zh'
        ? `${year}年${month}月`
        : new Date(Date.UTC(Number(year), month - 1, 1)).toLocaleString('en', {
            month: 'long',
            year: 'numeric',
            timeZone: 'UTC',
          });
    case 'range':
      return lang === 'zh' ? `${p.start} 至 ${p.end}` : `${p.start} to ${p.end}`;
  }
}
