/**
 * Active members and counted sharers per branch (metrics.md "Which branches and members count",
 * "Integration"): a membership row is active when it overlaps the counted range; a sharer counts for a
 * branch when that code is an active member of that same branch, whatever the activity's date.
 */
import { type RawBuilder, sql } from 'kysely';
import {
  addDays,
  daysInclusive,
  daysInYear,
  monthEndOf,
  monthStartsBetween,
  sameYear,
  yearEndOf,
  yearStartOf,
} from '../../../shared/schemas/period';
import type { DBOrTrx } from '../../db/database';
import { toNumber } from '../dialect';
import { branchFilter, slotCondition, type TSumsPlan } from './stat-sums';

export interface TMemberRange {
  start: string;
  asOf: string;
  /** How the counted range splits into whole slots (sharer roll-up) and raw edges. */
  plan: TSumsPlan;
  branchIds?: readonly number[];
}

export interface TMemberCounts {
  activeMembers: number;
  sharers: number;
}

export async function queryMemberCounts(
  db: DBOrTrx,
  range: TMemberRange,
): Promise<Map<number, TMemberCounts>> {
  const result = new Map<number, TMemberCounts>();
  const entry = (id: number) => {
    let counts = result.get(id);
    if (!counts) {
      counts = { activeMembers: 0, sharers: 0 };
      result.set(id, counts);
    }
    return counts;
  };
  await forEachMemberCount(
    db,
    range,
    (id, n) => {
      entry(id).activeMembers = n;
    },
    (id, n) => {
      entry(id).sharers = n;
    },
  );
  return result;
}

/** queryMemberCounts handing each branch's counts over as they are read (the engine's flat table). */
export async function forEachMemberCount(
  db: DBOrTrx,
  { start, asOf, plan, branchIds }: TMemberRange,
  onActive: (branchId: number, activeMembers: number) => void,
  onSharers: (branchId: number, sharers: number) => void,
): Promise<void> {
  const year = sameYear(start, asOf) ? yearStartOf(start) : null;
  const active = await sql<{
    branch_id: number;
    n: number;
  }>`${year === null ? activeAcrossYears({ start, asOf }, branchIds) : activeInsideYear(year, { start, asOf }, branchIds)}`.execute(
    db,
  );
  for (const row of active.rows) onActive(toNumber(row.branch_id), toNumber(row.n));
  const sharers = await sql<{
    branch_id: number;
    n: number;
  }>`${sharerCounts({ start, asOf, plan, branchIds })}`.execute(db);
  for (const row of sharers.rows) onSharers(toNumber(row.branch_id), toNumber(row.n));
}

/** The plan's slot when the counted range is exactly one calendar slot. */
function oneSlot(plan: TSumsPlan) {
  return plan.slots.length === 1 && plan.edges.length === 0 ? plan.slots[0] : undefined;
}

/**
 * Active members per branch in a range ending in a later calendar year than it starts: those active in
 * its last year's part (asOf's year start..asOf, from that year's roll-up row) plus those who left
 * between start and that year's start — disjoint by leaving day, and together every member who joined
 * by asOf and left on or after start (one who left before the last year joined before it). Reads the
 * last year's changes and the leavers of the earlier years by date, not every membership row.
 */
function activeAcrossYears(
  { start, asOf }: { start: string; asOf: string },
  branchIds: TMemberRange['branchIds'],
) {
  const lastYear = yearStartOf(asOf);
  return sql`select branch_id, sum(n) as n from (
      ${activeInsideYear(lastYear, { start: lastYear, asOf }, branchIds)}
      union all
      select branch_id, count(*) as n from members
      where left_on >= ${start} and left_on < ${lastYear} and ${branchFilter('branch_id', branchIds)}
      group by branch_id
    ) p group by branch_id`;
}

/**
 * Active members per branch in a range inside the calendar year starting `yearStart`: the year's count
 * from one roll-up row per branch (member-rollups.ts: the year's row inside the branch's span of
 * membership dates, its open members after the span, none before it), minus the members who joined
 * after the range and those who left before it, within that year. A member active in the year but not
 * in the range did exactly one of those (joined > asOf ≥ start > left is impossible, left ≥ joined),
 * and both sets are found by date (indexes members_joined_idx / members_left_idx), so a year to date
 * or a quarter reads a few rows per branch plus the year's changes, not every membership row.
 */
function activeInsideYear(
  yearStart: string,
  { start, asOf }: { start: string; asOf: string },
  branchIds: TMemberRange['branchIds'],
) {
  const yearEnd = yearEndOf(yearStart);
  const year = sql`coalesce(y.active_members, case when t.last_start < ${yearStart} then t.open_members else 0 end)`;
  if (start === yearStart && asOf === yearEnd) {
    return sql`select t.branch_id as branch_id, ${year} as n
      from branch_member_totals t
      left join branch_member_years y on y.slot_start = ${yearStart} and y.branch_id = t.branch_id
      where ${branchFilter('t.branch_id', branchIds)}`;
  }
  return sql`select t.branch_id as branch_id, ${year} - coalesce(j.n, 0) - coalesce(l.n, 0) as n
    from branch_member_totals t
    left join branch_member_years y on y.slot_start = ${yearStart} and y.branch_id = t.branch_id
    left join (select branch_id, count(*) as n from members
      where joined_on > ${asOf} and joined_on <= ${yearEnd} and ${branchFilter('branch_id', branchIds)}
      group by branch_id) j on j.branch_id = t.branch_id
    left join (select branch_id, count(*) as n from members
      where left_on >= ${yearStart} and left_on < ${start} and ${branchFilter('branch_id', branchIds)}
      group by branch_id) l on l.branch_id = t.branch_id
    where ${branchFilter('t.branch_id', branchIds)}`;
}

/** Counted sharers per branch: distinct (branch, sharer) pairs of the range that are active members there. */
function sharerCounts({ start, asOf, plan, branchIds }: TMemberRange) {
  const active = sql`m.joined_on <= ${asOf} and (m.left_on is null or m.left_on >= ${start})`;
  if (oneSlot(plan)) {
    // One roll-up slot (a year, quarter or month) is the whole counted range: its pairs are already
    // distinct (primary key) and carry whether the code is an active member there (member-rollups.ts).
    return sql`select branch_id, count(*) as n from branch_slot_sharers
      where ${slotCondition(plan)} and ${branchFilter('branch_id', branchIds)} and active = 1
      group by branch_id`;
  }
  const year = sameYear(start, asOf) ? yearStartOf(start) : null;
  if (year !== null && isMostOfYear(year, start, asOf))
    return sharersInsideYear(year, { start, asOf, plan, branchIds });
  // Distinct (branch, sharer) pairs of the range (roll-up sets of whole slots + raw edges; a code may
  // appear in several slots), then one membership lookup per pair.
  return sql`select x.branch_id as branch_id, count(*) as n
    from (${pairsOf(plan, branchIds)}) x
    join members m on m.branch_id = x.branch_id and m.code = x.member_code
    where ${active}
    group by x.branch_id`;
}

/** Whether start..asOf covers more days of the year starting `yearStart` than it leaves out. */
function isMostOfYear(yearStart: string, start: string, asOf: string): boolean {
  const days = daysInclusive(start, asOf);
  const yearDays = daysInYear(Number(yearStart.slice(0, 4)));
  return days < yearDays && days * 2 > yearDays;
}

/** Whole months of from..to as month slots, and the days of partial months as raw edges. */
function monthsOf(from: string, to: string): TSumsPlan {
  const slots: TSumsPlan['slots'] = [];
  const edges: TSumsPlan['edges'] = [];
  for (const month of monthStartsBetween(from, to)) {
    const monthEnd = monthEndOf(month);
    const a = month < from ? from : month;
    const b = monthEnd > to ? to : monthEnd;
    if (a === month && b === monthEnd) slots.push({ length: 'month', start: month });
    else edges.push({ from: a, to: b });
  }
  return { slots, edges };
}

/** Distinct (branch, sharer) pairs of a plan: roll-up sets of its whole slots plus raw edges. */
function pairsOf(plan: TSumsPlan, branchIds: TMemberRange['branchIds']): RawBuilder<unknown> {
  const parts = [
    ...(plan.slots.length
      ? [
          sql`select branch_id, member_code from branch_slot_sharers
            where ${slotCondition(plan)} and ${branchFilter('branch_id', branchIds)}`,
        ]
      : []),
    ...plan.edges.map(
      (e) => sql`select a.branch_id as branch_id, s.member_code as member_code
        from activities a cross join activity_sharers s
        where s.activity_id = a.id and a.held_on >= ${e.from} and a.held_on <= ${e.to}
          and ${branchFilter('a.branch_id', branchIds)}`,
    ),
  ];
  return parts.length
    ? sql`select distinct branch_id, member_code from (${sql.join(parts, sql` union all `)}) u`
    : sql`select null as branch_id, null as member_code where 1 = 0`;
}

/**
 * Counted sharers of a range covering most of one calendar year (a year to date, its year-earlier
 * counterpart): the year's sharer set (one roll-up, flagged active for members active in the year)
 * minus the pairs whose member is not active in the range (joined after it or left before it, found
 * by date) and minus the pairs that occur in the year only outside the range (the complement's pairs —
 * usually the future, i.e. none — without an occurrence inside it). The same count as joining the
 * range's pairs to members, without reading most of the year's pairs twice.
 */
function sharersInsideYear(yearStart: string, { start, asOf, plan, branchIds }: TMemberRange) {
  const yearEnd = yearEndOf(yearStart);
  if (start === yearStart) {
    // A year to date: a pair occurs in it exactly when the code first shared on or before asOf; its
    // member, active in the year, is active in the range unless they joined after asOf.
    return sql`select y.branch_id as branch_id, y.n - coalesce(g.n, 0) as n
      from (select branch_id, count(*) as n from branch_slot_sharers
        where length = 'year' and slot_start = ${yearStart} and active = 1 and first_on <= ${asOf}
          and ${branchFilter('branch_id', branchIds)}
        group by branch_id) y
      left join (select s.branch_id as branch_id, count(*) as n from members m cross join branch_slot_sharers s
        where m.joined_on > ${asOf} and m.joined_on <= ${yearEnd} and ${branchFilter('m.branch_id', branchIds)}
          and s.length = 'year' and s.slot_start = ${yearStart} and s.branch_id = m.branch_id
          and s.member_code = m.code and s.active = 1 and s.first_on <= ${asOf}
        group by s.branch_id) g on g.branch_id = y.branch_id`;
  }
  const complement = [
    ...(start > yearStart ? [monthsOf(yearStart, addDays(start, -1))] : []),
    ...(asOf < yearEnd ? [monthsOf(addDays(asOf, 1), yearEnd)] : []),
  ].reduce<TSumsPlan>(
    (all, p) => ({ slots: [...all.slots, ...p.slots], edges: [...all.edges, ...p.edges] }),
    {
      slots: [],
      edges: [],
    },
  );
  // One primary-key lookup per slot (an OR of slots inside one EXISTS makes SQLite scan the branch's
  // whole sharer history through branch_slot_sharers_branch_idx).
  const inRange = [
    ...plan.slots.map(
      (slot) => sql`exists (select 1 from branch_slot_sharers r where r.length = ${slot.length}
        and r.slot_start = ${slot.start} and r.branch_id = c.branch_id and r.member_code = c.member_code)`,
    ),
    ...plan.edges.map(
      (e) => sql`exists (select 1 from activities a cross join activity_sharers s
        where a.branch_id = c.branch_id and a.held_on >= ${e.from} and a.held_on <= ${e.to}
          and s.activity_id = a.id and s.member_code = c.member_code)`,
    ),
  ];
  const occursInRange = inRange.length ? sql.join(inRange, sql` or `) : sql`1 = 0`;
  return sql`select y.branch_id as branch_id, y.n - coalesce(g.n, 0) - coalesce(o.n, 0) as n
    from (select branch_id, count(*) as n from branch_slot_sharers
      where length = 'year' and slot_start = ${yearStart} and active = 1 and ${branchFilter('branch_id', branchIds)}
      group by branch_id) y
    left join (select s.branch_id as branch_id, count(*) as n from members m cross join branch_slot_sharers s
      where (m.joined_on > ${asOf} and m.joined_on <= ${yearEnd} or m.left_on >= ${yearStart} and m.left_on < ${start})
        and ${branchFilter('m.branch_id', branchIds)} and s.length = 'year' and s.slot_start = ${yearStart} and s.branch_id = m.branch_id
        and s.member_code = m.code and s.active = 1
      group by s.branch_id) g on g.branch_id = y.branch_id
    left join (select c.branch_id as branch_id, count(*) as n from (${pairsOf(complement, branchIds)}) c
      cross join members m
      where m.branch_id = c.branch_id and m.code = c.member_code
        and m.joined_on <= ${asOf} and (m.left_on is null or m.left_on >= ${start})
        and not (${occursInRange})
      group by c.branch_id) o on o.branch_id = y.branch_id`;
}
