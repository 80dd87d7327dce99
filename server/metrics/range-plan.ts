/** Splits a counted range into whole months (read from the roll-up) and partial-month edges (raw rows). */
import { addDays, daysInMonth } from '../../shared/schemas/period';
import type { TSumsPlan } from './queries/activity-sums';

const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;
const monthEnd = (iso: string) => `${iso.slice(0, 8)}${String(daysInMonth(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)))).padStart(2, '0')}`;
const nextMonth = (iso: string) => addDays(monthEnd(iso), 1);
const prevMonth = (iso: string) => monthStart(addDays(monthStart(iso), -1));

export function planSums(start: string, asOf: string): TSumsPlan {
  const isFirst = start.endsWith('-01');
  const isLast = asOf === monthEnd(asOf);
  if (monthStart(start) === monthStart(asOf)) {
    return isFirst && isLast
      ? { wholeMonths: { first: monthStart(start), last: monthStart(start) }, edges: [] }
      : { edges: [{ from: start, to: asOf }] };
  }
  const edges: TSumsPlan['edges'] = [];
  let first = monthStart(start);
  if (!isFirst) {
    edges.push({ from: start, to: monthEnd(start) });
    first = nextMonth(start);
  }
  let last = monthStart(asOf);
  if (!isLast) {
    edges.push({ from: monthStart(asOf), to: asOf });
    last = prevMonth(asOf);
  }
  return first <= last ? { wholeMonths: { first, last }, edges } : { edges };
}

/** Month starts (`YYYY-MM-01`) from the month of `start` to the month of `asOf`. */
export function monthsOf(start: string, asOf: string): string[] {
  const months: string[] = [];
  for (let m = monthStart(start); m <= asOf; m = nextMonth(m)) months.push(m);
  return months;
}
