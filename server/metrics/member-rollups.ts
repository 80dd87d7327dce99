/**
 * Keeps the member roll-ups of migration 20261126T0500 exact: triggers on members list every branch whose
 * memberships changed in member_rollup_dirty; `refreshMemberRollups` (called by refreshRollups before
 * every read) recomputes those branches' active members per year, their open members and the `active`
 * flags of their sharer sets. A one-year period then reads one row per branch instead of scanning every
 * membership row of the college (metrics.md "Which branches and members count").
 */
import { type RawBuilder, sql } from 'kysely';
import type { DBOrTrx } from '../db/database';
import { sqlYearStartOf } from './dialect';

type TExpr = RawBuilder<unknown> | ReturnType<typeof sql.ref>;

/** 1 when `code` is a member of `branch` whose membership overlaps start..end, else 0. */
export function activeSharer(branch: TExpr, code: TExpr, start: TExpr, end: TExpr): RawBuilder<number> {
  return sql<number>`case when exists (select 1 from members m where m.branch_id = ${branch} and m.code = ${code}
    and m.joined_on <= ${end} and (m.left_on is null or m.left_on >= ${start})) then 1 else 0 end`;
}

/** Recomputes the branches in member_rollup_dirty, if any; returns how many there were. */
export async function refreshMemberRollups(trx: DBOrTrx): Promise<number> {
  const { n } = await trx
    .selectFrom('member_rollup_dirty')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(n) === 0) return 0;
  const dirty = sql`(select branch_id from member_rollup_dirty)`;
  await sql`delete from branch_member_years where branch_id in ${dirty}`.execute(trx);
  await sql`delete from branch_member_totals where branch_id in ${dirty}`.execute(trx);

  // Active in year Y = joined by the end of Y − left before Y begins (left_on ≥ joined_on, so the second
  // set lies inside the first): running sums of joins and leaves per year over the branch's span of years.
  const dirtyMembers = sql`member_rollup_dirty d cross join members m where m.branch_id = d.branch_id`;
  await sql`insert into branch_member_years (slot_start, branch_id, active_members)
    with ev as (
      select m.branch_id as branch_id, ${sqlYearStartOf(sql.ref('m.joined_on'))} as y, 1 as j, 0 as l from ${dirtyMembers}
      union all
      select m.branch_id, ${sqlYearStartOf(sql.ref('m.left_on'))}, 0, 1 from ${dirtyMembers} and m.left_on is not null
    ),
    yr as (select branch_id, y, sum(j) as j, sum(l) as l from ev group by branch_id, y),
    span as (select branch_id, min(y) as y0, max(y) as y1 from yr group by branch_id),
    grid as (
      select s.branch_id as branch_id, c.start_on as start_on from span s cross join calendar_slots c
      where c.length = 'year' and c.start_on >= s.y0 and c.start_on <= s.y1
    )
    select g.start_on, g.branch_id,
      sum(coalesce(yr.j, 0)) over w - sum(coalesce(yr.l, 0)) over w + coalesce(yr.l, 0)
    from grid g left join yr on yr.branch_id = g.branch_id and yr.y = g.start_on
    window w as (partition by g.branch_id order by g.start_on rows unbounded preceding)`.execute(trx);
  // After the span (no membership date in or after that year) exactly the members without left_on remain.
  await sql`insert into branch_member_totals (branch_id, open_members, last_start)
    select m.branch_id, sum(case when m.left_on is null then 1 else 0 end),
      max(${sqlYearStartOf(sql`coalesce(m.left_on, m.joined_on)`)})
    from ${dirtyMembers}
    group by m.branch_id`.execute(trx);

  const s = (column: string) => sql.ref(`branch_slot_sharers.${column}`);
  await sql`update branch_slot_sharers set active = (select ${activeSharer(s('branch_id'), s('member_code'), sql.ref('c.start_on'), sql.ref('c.end_on'))}
      from calendar_slots c where c.start_on = ${s('slot_start')} and c.length = ${s('length')})
    where branch_id in ${dirty}`.execute(trx);
  await sql`delete from member_rollup_dirty`.execute(trx);
  return Number(n);
}
