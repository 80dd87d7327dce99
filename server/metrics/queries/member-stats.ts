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
  const active = await sql<{ branch_id: number; n: number }>`select branch_id, count(*) as n from members
    where joined_on <= ${asOf} and (left_on is null or left_on >= ${start}) and ${branchFilter('branch_id', branchIds)}
    group by branch_id`.execute(db);
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

/** Counted sharers per branch: distinct (branch, sharer) pairs of the range that are active members there. */
function sharerCounts({ start, asOf, plan, branchIds }: TMemberRange) {
  const active = sql`m.joined_on <= ${asOf} and (m.left_on is null or m.left_on >= ${start})`;
  if (plan.slots.length === 1 && plan.edges.length === 0) {
    // One roll-up slot (a year, quarter or month): its pairs are already distinct (primary key) and
    // arrive in branch order, so the join streams into the GROUP BY without a DISTINCT or a sort.
    return sql`select s.branch_id as branch_id, count(*) as n
      from branch_slot_sharers s cross join members m
      where ${slotCondition(plan, 's.')} and ${branchFilter('s.branch_id', branchIds)}
        and m.branch_id = s.branch_id and m.code = s.member_code and ${active}
      group by s.branch_id`;
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
