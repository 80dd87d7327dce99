/**
 * Active members and counted sharers per branch (metrics.md "Which branches and members count",
 * "Integration"): a membership row is active when it overlaps the counted range; a sharer counts for a
 * branch when that code is an active member of that same branch, whatever the activity's date.
 */
import { sql } from 'kysely';
import type { DBOrTrx } from '../../db/database';
import { toNumber } from '../dialect';

export interface TMemberRange {
  start: string;
  asOf: string;
  branchIds?: readonly number[];
}

export interface TMemberCounts {
  activeMembers: number;
  sharers: number;
}

function branchFilter(column: string, branchIds: readonly number[] | undefined) {
  if (branchIds === undefined) return sql`1 = 1`;
  if (branchIds.length === 0) return sql`1 = 0`;
  return sql`${sql.ref(column)} in (${sql.join(branchIds.map((id) => sql.lit(id)))})`;
}

export async function queryMemberCounts(db: DBOrTrx, { start, asOf, branchIds }: TMemberRange): Promise<Map<number, TMemberCounts>> {
  const active = await sql<{ branch_id: number; n: number }>`select branch_id, count(*) as n from members
    where joined_on <= ${asOf} and (left_on is null or left_on >= ${start}) and ${branchFilter('branch_id', branchIds)}
    group by branch_id`.execute(db);
  const sharers = await sql<{ branch_id: number; n: number }>`select a.branch_id as branch_id, count(distinct s.member_code) as n
    from activities a
    join activity_sharers s on s.activity_id = a.id
    join members m on m.branch_id = a.branch_id and m.code = s.member_code
    where a.held_on >= ${start} and a.held_on <= ${asOf} and ${branchFilter('a.branch_id', branchIds)}
      and m.joined_on <= ${asOf} and (m.left_on is null or m.left_on >= ${start})
    group by a.branch_id`.execute(db);
  const result = new Map<number, TMemberCounts>();
  for (const row of active.rows) result.set(toNumber(row.branch_id), { activeMembers: toNumber(row.n), sharers: 0 });
  for (const row of sharers.rows) {
    const id = toNumber(row.branch_id);
    const entry = result.get(id) ?? { activeMembers: 0, sharers: 0 };
    entry.sharers = toNumber(row.n);
    result.set(id, entry);
  }
  return result;
}
