/**
 * Active members and counted sharers per branch (metrics.md "Which branches and members count",
 * "Integration"): a membership row is active when it overlaps the counted range; a sharer counts for a
 * branch when that code is an active member of that same branch, whatever the activity's date.
 */
import { sql } from 'kysely';
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
  { start, asOf, plan, branchIds }: TMemberRange,
): Promise<Map<number, TMemberCounts>> {
  const year = start.slice(0, 4) === asOf.slice(0, 4) ? `${start.slice(0, 4)}-01-01` : null;
  const active = await sql<{
    branch_id: number;
    n: number;
  }>`${year === null ? activeCounts({ start, asOf, plan, branchIds }) : activeInsideYear(year, { start, asOf }, branchIds)}`.execute(
    db,
  );
  const sharers = await sql<{
    branch_id: number;
    n: number;
  }>`${sharerCounts({ start, asOf, plan, branchIds })}`.execute(db);
  const result = new Map<number, TMemberCounts>();
  for (const row of active.rows)
    result.set(toNumber(row.branch_id), { activeMembers: toNumber(row.n), sharers: 0 });
  for (const row of sharers.rows) {
    const id = toNumber(row.branch_id);
    const entry = result.get(id) ?? { activeMembers: 0, sharers: 0 };
    entry.sharers = toNumber(row.n);
    result.set(id, entry);
  }
  return result;
}

/** The plan's slot when the counted range is exactly one calendar slot. */
function oneSlot(plan: TSumsPlan) {
  return plan.slots.length === 1 && plan.edges.length === 0 ? plan.slots[0]! : undefined;
}

/** Active members per branch from the raw membership rows (any range). */
function activeCounts({ start, asOf, branchIds }: TMemberRange) {
  return sql`select branch_id, count(*) as n from members
    where joined_on <= ${asOf} and (left_on is null or left_on >= ${start}) and ${branchFilter('branch_id', branchIds)}
    group by branch_id`;
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
  const yearEnd = `${yearStart.slice(0, 4)}-12-31`;
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
      where joined_on > ${asOf} and joined_on <= ${yearEnd} group by branch_id) j on j.branch_id = t.branch_id
    left join (select branch_id, count(*) as n from members
      where left_on >= ${yearStart} and left_on < ${start} group by branch_id) l on l.branch_id = t.branch_id
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
  // Distinct (branch, sharer) pairs of the range (roll-up sets of whole slots + raw edges; a code may
  // appear in several slots), then one membership lookup per pair.
  const parts = [
    sql`select branch_id, member_code from branch_slot_sharers
      where ${slotCondition(plan)} and ${branchFilter('branch_id', branchIds)}`,
    ...plan.edges.map(
      (
        e,
      ) => sql`select a.branch_id as branch_id, s.member_code as member_code from activities a cross join activity_sharers s
        where s.activity_id = a.id and a.held_on >= ${e.from} and a.held_on <= ${e.to}
          and ${branchFilter('a.branch_id', branchIds)}`,
    ),
  ];
  return sql`select x.branch_id as branch_id, count(*) as n
    from (select distinct branch_id, member_code from (${sql.join(parts, sql` union all `)}) u) x
    join members m on m.branch_id = x.branch_id and m.code = x.member_code
    where ${active}
    group by x.branch_id`;
}
