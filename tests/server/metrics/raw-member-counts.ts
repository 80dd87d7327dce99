/** metrics.md straight from the rows, for comparing the engine's member counts with. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../server/db/database';

export type TCountsByBranch = Map<number, { activeMembers: number; sharers: number }>;

/** Members overlapping from..to; distinct sharers of the branch's activities in it who are among them. */
export async function rawMemberCounts(
  db: Kysely<Database>,
  from: string,
  to: string,
): Promise<TCountsByBranch> {
  const active = await sql<{ branch_id: number; n: number }>`select branch_id, count(*) as n from members
    where joined_on <= ${to} and (left_on is null or left_on >= ${from}) group by branch_id`.execute(db);
  const sharers = await sql<{ branch_id: number; n: number }>`select x.branch_id, count(*) as n
    from (select distinct a.branch_id, s.member_code from activities a
      join activity_sharers s on s.activity_id = a.id where a.held_on >= ${from} and a.held_on <= ${to}) x
    join members m on m.branch_id = x.branch_id and m.code = x.member_code
    where m.joined_on <= ${to} and (m.left_on is null or m.left_on >= ${from})
    group by x.branch_id`.execute(db);
  const out: TCountsByBranch = new Map();
  for (const r of active.rows) out.set(r.branch_id, { activeMembers: r.n, sharers: 0 });
  for (const r of sharers.rows) {
    const entry = out.get(r.branch_id) ?? { activeMembers: 0, sharers: 0 };
    entry.sharers = r.n;
    out.set(r.branch_id, entry);
  }
  return out;
}

/** The branches with any count, as a plain object (for toEqual). */
export const nonZeroCounts = (m: TCountsByBranch) =>
  Object.fromEntries([...m].filter(([, c]) => c.activeMembers > 0 || c.sharers > 0));
