/**
 * The college's monthly trend parts, kept per calendar slot rather than per requested range: every
 * period that contains a month (this year to date, last year, a quarter, any custom range) asks for the
 * same college aggregates of that month, so each whole month's sums and each slot's due/met counts are
 * computed once per connection and the versions of what they read (its year's roll-ups; for due/met the
 * setup too: memo.ts, versions.ts) and a trend is assembled from them. Only the
 * partial months at the edges of a range are read from the day roll-up for that range.
 *
 * Why a whole slot's aggregate does not depend on the range around it:
 * - due/met: a slot inside start..asOf counts for a branch when the slot lies inside the branch's
 *   existence (slot-stats.ts); that already implies the branch is reported in the range.
 * - sums: a month's roll-up rows are summed over every unit, then the rows of units that are not
 *   reported in the range (founded after it, dissolved before it — records outside a branch's existence)
 *   are subtracted, which reads next to nothing, so the result is exactly the reported branches' sum.
 */
import { sql } from 'kysely';
import { REQUIREMENT_SLOTS, REQUIREMENTS, type TSlotLength } from '../../../shared/domain';
import type { DBOrTrx } from '../../db/database';
import { TYPE_COLUMN } from '../columns';
import { packValues, toNumber, unpackNumbers } from '../dialect';
import { memoizedTiny } from '../memo';
import type { TCalendarSlot } from '../range-plan';
import { versionsOf, yearVersion } from '../versions';
import { reportedBranchIds } from './reported-branches';
import { queryMonthlySums, type TMonthlyActivity, type TSumsPlan } from './stat-sums';

const SUM_COLUMNS = ['sessions', 'att_sum', 'exp_sum'] as const;

const sumList = sql.join(SUM_COLUMNS.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`));

function activityOf(row: Record<string, unknown> | undefined): TMonthlyActivity {
  return {
    sessions: toNumber(row?.sessions ?? 0),
    att_sum: toNumber(row?.att_sum ?? 0),
    exp_sum: toNumber(row?.exp_sum ?? 0),
  };
}

/**
 * Sessions and attendance sums of the branches reported in start..asOf per month (`YYYY-MM-01`), for a
 * months-only plan of that range (range-plan.ts planSums with monthsOnly).
 */
export async function queryCollegeMonthlySums(
  db: DBOrTrx,
  { start, asOf }: { start: string; asOf: string },
  plan: TSumsPlan,
): Promise<Map<string, TMonthlyActivity>> {
  const months = plan.slots.map((s) => s.start);
  const versions = await versionsOf(db);
  const [whole, unreported, edges] = await Promise.all([
    memoizedTiny(
      db,
      months.map((m) => `collegeMonthSums|${m}@${yearVersion(versions, Number(m.slice(0, 4)))}`),
      async (missing) => {
        const wanted = missing.map((i) => months[i] as string);
        const { rows } = await sql<Record<string, unknown>>`select slot_start, ${sumList}
          from branch_slot_stats where length = 'month' and slot_start in (${sql.join(wanted)})
          group by slot_start`.execute(db);
        const bySlot = new Map(rows.map((r) => [String(r.slot_start), r]));
        return wanted.map((m) => activityOf(bySlot.get(m)));
      },
    ),
    months.length
      ? sql<Record<string, unknown>>`select slot_start, ${sumList} from branch_slot_stats
          where length = 'month' and slot_start in (${sql.join(months)})
            and branch_id in (select id from units where id not in (${reportedBranchIds({ start, asOf })}))
          group by slot_start`.execute(db)
      : Promise.resolve({ rows: [] }),
    plan.edges.length
      ? queryMonthlySums(db, { slots: [], edges: plan.edges }, reportedBranchIds({ start, asOf }))
      : Promise.resolve(new Map<string, TMonthlyActivity>()),
  ]);
  const outside = new Map(unreported.rows.map((r) => [String(r.slot_start), activityOf(r)]));
  const result = new Map<string, TMonthlyActivity>(edges);
  months.forEach((m, i) => {
    const all = whole[i] as TMonthlyActivity;
    const less = outside.get(m);
    result.set(m, {
      sessions: all.sessions - (less?.sessions ?? 0),
      att_sum: all.att_sum - (less?.att_sum ?? 0),
      exp_sum: all.exp_sum - (less?.exp_sum ?? 0),
    });
  });
  return result;
}

/** The branches owing one calendar slot and, per requirement (REQUIREMENTS order), those meeting it. */
interface TSlotAggregate {
  branches: number;
  withGroups: number;
  met: number[];
}

/**
 * Due and met slots of every branch reported in the range per month (`YYYY-MM`), booking a slot in the
 * month it ends; `wholeSlots` are the calendar slots lying wholly inside the range (range-plan.ts
 * queryWholeSlots). The same numbers as slot-stats.ts querySlotsByMonth without a branch filter.
 */
export async function queryCollegeSlotsByMonth(
  db: DBOrTrx,
  wholeSlots: readonly TCalendarSlot[],
): Promise<Map<string, { dueSlots: number; metSlots: number }>> {
  const versions = await versionsOf(db);
  const aggregates = await memoizedTiny(
    db,
    wholeSlots.map(
      (s) =>
        `collegeSlot|${s.length}|${s.start}@${versions.setup}:${yearVersion(versions, Number(s.start.slice(0, 4)))}`,
    ),
    (missing) =>
      querySlotAggregates(
        db,
        missing.map((i) => wholeSlots[i] as TCalendarSlot),
      ),
  );
  const byMonth = new Map<string, { dueSlots: number; metSlots: number }>();
  wholeSlots.forEach((slot, s) => {
    const aggregate = aggregates[s] as TSlotAggregate;
    const month = slot.end.slice(0, 7);
    const point = byMonth.get(month) ?? { dueSlots: 0, metSlots: 0 };
    REQUIREMENTS.keys.forEach((t, i) => {
      if (REQUIREMENT_SLOTS[t] !== slot.length) return;
      point.dueSlots += t === 'group_meeting' ? aggregate.withGroups : aggregate.branches;
      point.metSlots += aggregate.met[i] ?? 0;
    });
    byMonth.set(month, point);
  });
  return byMonth;
}

async function querySlotAggregates(db: DBOrTrx, slots: readonly TCalendarSlot[]): Promise<TSlotAggregate[]> {
  if (slots.length === 0) return [];
  // Every whole slot of the span of the missing ones (one index range; a long range's slots would be
  // too many terms for one OR), the missing ones picked below.
  const from = slots.reduce((a, s) => (s.start < a ? s.start : a), slots[0]?.start ?? '');
  const to = slots.reduce((a, s) => (s.end > a ? s.end : a), slots[0]?.end ?? '');
  const chosen = sql`c.start_on >= ${from} and c.start_on <= ${to} and c.end_on <= ${to}`;
  // A branch owes a slot lying inside its existence (slot-stats.ts).
  const owes = sql`u.kind = 'branch' and c.start_on >= u.established_on
    and (u.dissolved_on is null or c.end_on <= u.dissolved_on)`;
  const metCols = REQUIREMENTS.keys.map((t) =>
    t === 'group_meeting'
      ? sql`sum(case when u.has_groups = 1 and r.${sql.ref(TYPE_COLUMN[t])} > 0 then 1 else 0 end)`
      : sql`sum(case when r.${sql.ref(TYPE_COLUMN[t])} > 0 then 1 else 0 end)`,
  );
  const [owing, meeting] = await Promise.all([
    sql<{ length: TSlotLength; start_on: string; branches: unknown; with_groups: unknown }>`
      select c.length as length, c.start_on as start_on, count(*) as branches, sum(u.has_groups) as with_groups
      from calendar_slots c cross join units u
      where (${chosen}) and ${owes}
      group by c.length, c.start_on`.execute(db),
    sql<{ length: TSlotLength; start_on: string; v: unknown }>`
      select c.length as length, c.start_on as start_on, ${packValues(metCols)} as v
      from calendar_slots c cross join branch_slot_stats r cross join units u
      where (${chosen}) and r.length = c.length and r.slot_start = c.start_on and u.id = r.branch_id and ${owes}
      group by c.length, c.start_on`.execute(db),
  ]);
  const key = (length: string, start: unknown) => `${length}|${String(start)}`;
  const owingBy = new Map(owing.rows.map((r) => [key(r.length, r.start_on), r]));
  const metBy = new Map(meeting.rows.map((r) => [key(r.length, r.start_on), unpackNumbers(r.v)]));
  return slots.map((s) => {
    const o = owingBy.get(key(s.length, s.start));
    return {
      branches: toNumber(o?.branches ?? 0),
      withGroups: toNumber(o?.with_groups ?? 0),
      met: metBy.get(key(s.length, s.start)) ?? REQUIREMENTS.keys.map(() => 0),
    };
  });
}
