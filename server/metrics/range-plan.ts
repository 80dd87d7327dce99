/**
 * Splits a counted range into the fewest whole calendar slots (years, then quarters, then months, read
 * from the roll-up) and partial-month edges (read from raw rows). The slots come from calendar_slots.
 */
import { sql } from 'kysely';
import { addDays, addMonths, sameYear, yearStartOf } from '../../shared/schemas/period';
import type { DBOrTrx } from '../db/database';
import { memoizedByVersion } from './memo';
import type { TSumsPlan } from './queries/stat-sums';

export interface TCalendarSlot {
  label: string;
  length: 'month' | 'quarter' | 'year';
  start: string;
  end: string;
}

/**
 * Every calendar slot lying wholly inside from..to, by start (a longer slot before the shorter ones it
 * starts with). The calendar is written once by its migration; it is read whole once per connection (a
 * page asked for it in each call: ≈ 1,400 small queries a minute under load).
 */
export async function queryWholeSlots(db: DBOrTrx, from: string, to: string): Promise<TCalendarSlot[]> {
  const calendar = await memoizedByVersion(db, 'calendar', 'migrated', () => readCalendar(db));
  return calendar.filter((slot) => slot.start >= from && slot.end <= to);
}

async function readCalendar(db: DBOrTrx): Promise<TCalendarSlot[]> {
  const { rows } = await sql<{
    label: string;
    length: TCalendarSlot['length'];
    start_on: string;
    end_on: string;
  }>`select label, length, start_on, end_on from calendar_slots order by start_on, end_on desc`.execute(db);
  return rows.map((r) => ({
    label: r.label,
    length: r.length,
    start: String(r.start_on),
    end: String(r.end_on),
  }));
}

/**
 * The plan for from..to given its whole slots: a slot is read unless a longer chosen slot contains it;
 * the days not covered by any slot (at most one partial month at each end) are edges.
 */
export function planSums(
  from: string,
  to: string,
  wholeSlots: readonly TCalendarSlot[],
  monthsOnly = false,
): TSumsPlan {
  const order = monthsOnly ? (['month'] as const) : (['year', 'quarter', 'month'] as const);
  const chosen: TCalendarSlot[] = [];
  for (const length of order) {
    for (const slot of wholeSlots) {
      if (slot.length !== length) continue;
      if (chosen.some((c) => c.start <= slot.start && c.end >= slot.end)) continue;
      chosen.push(slot);
    }
  }
  chosen.sort((a, b) => (a.start < b.start ? -1 : 1));
  const edges: TSumsPlan['edges'] = [];
  const [first] = chosen;
  const last = chosen.at(-1);
  if (!first || !last) {
    edges.push({ from, to });
  } else {
    if (from < first.start) edges.push({ from, to: addDays(first.start, -1) });
    if (last.end < to) edges.push({ from: addDays(last.end, 1), to });
  }
  return { slots: chosen.map((s) => ({ length: s.length, start: s.start })), edges };
}

/** Due slots per length for a window made of `wholeSlots`. */
export function dueByLength(wholeSlots: readonly TCalendarSlot[]): Record<TCalendarSlot['length'], number> {
  const due = { month: 0, quarter: 0, year: 0 };
  for (const s of wholeSlots) due[s.length] += 1;
  return due;
}

/**
 * The plan with the whole slots of a year that start on 1 January and stop before its end (a year to
 * date: Q1–Q3 + October) replaced by that year's `ytd` roll-up row (rollups.ts): one row per branch
 * instead of several to add up. For the slot roll-up only — sharer sets have no ytd rows.
 */
export function yearToDate(plan: TSumsPlan): TSumsPlan {
  // The plan's slots are in date order: group them by calendar year.
  const byYear: TSumsPlan['slots'][] = [];
  for (const slot of plan.slots) {
    const group = byYear.at(-1);
    if (group?.[0] && sameYear(group[0].start, slot.start)) group.push(slot);
    else byYear.push([slot]);
  }
  const slots: TSumsPlan['slots'] = [];
  for (const group of byYear) {
    const [first] = group;
    const last = group.at(-1);
    if (
      first &&
      last &&
      group.length > 1 &&
      first.start === yearStartOf(first.start) &&
      first.length !== 'year'
    ) {
      slots.push({ length: 'ytd', start: lastMonthOf(last) });
    } else {
      slots.push(...group);
    }
  }
  return { slots, edges: plan.edges };
}

/** The first day of the last month of a whole slot. */
function lastMonthOf(slot: TSumsPlan['slots'][number]): string {
  return addMonths(slot.start, slot.length === 'quarter' ? 2 : slot.length === 'year' ? 11 : 0);
}
