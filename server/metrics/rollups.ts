/**
 * Keeps branch_day_stats and branch_slot_stats exact. Triggers (migration 20261126T0300) list every
 * (branch, month) touched by a write in rollup_dirty; `refreshRollups` recomputes the days of exactly
 * those months from the raw rows, each month from its days, then the quarters and years containing
 * them from their months. The engine calls it before every read, and
 * writers may call it at the end of their transaction, so a read never sees a stale slot.
 */
import { type RawBuilder, sql } from 'kysely';
import { REQUIREMENT_SLOTS, REQUIREMENTS, type TSlotLength } from '../../shared/domain';
import type { DBOrTrx } from '../db/database';
import { MET_COLUMN, RAW_COLUMNS, STAT_COLUMNS, TYPE_COLUMN } from './columns';
import { lockDataVersion, sqlMonthStartOf, sqlYearEndOf, sqlYearStartOf } from './dialect';
import { activeSharer, refreshMemberRollups } from './member-rollups';
import { rawSumsSql } from './queries/stat-sums';

const RANK: Record<TSlotLength, number> = { month: 0, quarter: 1, year: 2 };

/**
 * s_<type> of a row of `length` built from child rows `r` (or from raw month sums when `length` is
 * month): the child's met count for shorter slots, 0/1 for the row's own slot, 0 for longer slots.
 */
function metExprs(length: TSlotLength): RawBuilder<unknown> {
  return sql.join(
    REQUIREMENTS.keys.map((t) => {
      const own = RANK[REQUIREMENT_SLOTS[t]];
      const n = sql.ref(TYPE_COLUMN[t]);
      const expr =
        own > RANK[length]
          ? sql`0`
          : own === RANK[length]
            ? length === 'month'
              ? sql`case when ${n} > 0 then 1 else 0 end`
              : sql`case when sum(${n}) > 0 then 1 else 0 end`
            : sql`sum(${sql.ref(MET_COLUMN[t])})`;
      return sql`${expr} as ${sql.ref(MET_COLUMN[t])}`;
    }),
  );
}

const allColumns = sql.join(['length', 'slot_start', 'branch_id', ...STAT_COLUMNS].map((c) => sql.ref(c)));

/** The (branch, slot) pairs of `length` that contain a dirty month. */
function affected(length: 'quarter' | 'year') {
  // The slot starts in the month's year; length is compared unindexably (see recomputeYearToDate).
  return sql`select distinct d.branch_id as branch_id, c.start_on as start_on, c.end_on as end_on
    from rollup_dirty d cross join calendar_slots c
    where c.start_on >= ${sqlYearStartOf(sql.ref('d.month_start'))} and c.start_on <= d.month_start
      and c.end_on >= d.month_start and c.length || '' = ${length}`;
}

/** The day rows of the dirty (branch, month) pairs, as `b` (with the pair as `d`). */
const dirtyDays = sql`rollup_dirty d cross join calendar_slots c cross join branch_day_stats b
  where c.length = 'month' and c.start_on = d.month_start
    and b.branch_id = d.branch_id and b.day >= c.start_on and b.day <= c.end_on`;

async function recompute(trx: DBOrTrx): Promise<void> {
  const raw = sql.join(RAW_COLUMNS.map((c) => sql.ref(c)));
  // Days from the raw rows, then each month from its days.
  await sql`delete from branch_day_stats where (day, branch_id) in (select b.day, b.branch_id from ${dirtyDays})`.execute(
    trx,
  );
  await sql`insert into branch_day_stats (day, branch_id, ${raw})
    select day, branch_id, ${raw} from (${rawSumsSql({ kind: 'dirty' }, 'day')}) r`.execute(trx);
  await sql`delete from branch_slot_stats where length = 'month'
    and (slot_start, branch_id) in (select month_start, branch_id from rollup_dirty)`.execute(trx);
  const monthSums = sql.join(RAW_COLUMNS.map((c) => sql`sum(${sql.ref(`b.${c}`)}) as ${sql.ref(c)}`));
  await sql`insert into branch_slot_stats (${allColumns})
    select 'month', month_start, branch_id, ${raw}, ${metExprs('month')}
    from (select d.branch_id as branch_id, d.month_start as month_start, ${monthSums} from ${dirtyDays}
      group by d.branch_id, d.month_start) r`.execute(trx);

  for (const [length, child] of [
    ['quarter', 'month'],
    ['year', 'quarter'],
  ] as const) {
    await sql`delete from branch_slot_stats where length = ${length}
      and (slot_start, branch_id) in (select start_on, branch_id from (${affected(length)}) x)`.execute(trx);
    const sums = sql.join(RAW_COLUMNS.map((c) => sql`sum(${sql.ref(c)})`));
    await sql`insert into branch_slot_stats (${allColumns})
      select ${length}, x.start_on, x.branch_id, ${sums}, ${metExprs(length)}
      from (${affected(length)}) x
      join branch_slot_stats r on r.branch_id = x.branch_id and r.length = ${child}
        and r.slot_start >= x.start_on and r.slot_start <= x.end_on
      group by x.branch_id, x.start_on`.execute(trx);
  }
  await recomputeYearToDate(trx);
  await recomputeSharers(trx);
  // Every row rewritten above lies in its dirty month's year: those years' kept parts are stale
  // (college-sums.ts keeps them per year and version across metrics versions).
  await sql`insert into rollup_year_versions (year, n)
    select distinct cast(substr(month_start, 1, 4) as integer), 1 from rollup_dirty where true
    on conflict (year) do update set n = rollup_year_versions.n + 1`.execute(trx);
  await sql`delete from rollup_dirty`.execute(trx);
}

/**
 * `ytd` rows: per branch and month, 1 January to the end of that month — the summable columns of its
 * month rows, and for each requirement the met slots of its own length lying inside (months, quarters
 * ending by then, the year only in December). A dirty month changes its own and the later ytd rows of
 * its year.
 */
async function recomputeYearToDate(trx: DBOrTrx): Promise<void> {
  const affectedYtd = sql`select distinct d.branch_id as branch_id, c.start_on as start_on, c.end_on as end_on,
      ${sqlYearStartOf(sql.ref('d.month_start'))} as year_start
    from rollup_dirty d cross join calendar_slots c
    where c.start_on >= d.month_start and c.start_on <= ${sqlYearEndOf(sql.ref('d.month_start'))}
      -- not indexable on purpose: otherwise SQLite builds an automatic index on length and scans every
      -- month to 2100 per dirty month (PERFORMANCE.md "Refresh")
      and c.length || '' = 'month'`;
  await sql`delete from branch_slot_stats where length = 'ytd'
    and (slot_start, branch_id) in (select start_on, branch_id from (${affectedYtd}) x)`.execute(trx);
  const raw = RAW_COLUMNS.map(
    (c) => sql`sum(case when r.length = 'month' then ${sql.ref(`r.${c}`)} else 0 end)`,
  );
  const met = REQUIREMENTS.keys.map(
    (t) =>
      sql`sum(case when r.length = ${REQUIREMENT_SLOTS[t]} then ${sql.ref(`r.${MET_COLUMN[t]}`)} else 0 end)`,
  );
  await sql`insert into branch_slot_stats (${allColumns})
    select 'ytd', x.start_on, x.branch_id, ${sql.join([...raw, ...met])}
    from (${affectedYtd}) x
    join branch_slot_stats r on r.branch_id = x.branch_id and r.length in ('month', 'quarter', 'year')
      and r.slot_start >= x.year_start and r.slot_start <= x.start_on
    join calendar_slots rc on rc.length = r.length and rc.start_on = r.slot_start and rc.end_on <= x.end_on
    group by x.branch_id, x.start_on`.execute(trx);
}

async function recomputeSharers(trx: DBOrTrx): Promise<void> {
  // One row per (slot, branch, code) with the day the code first shared in the slot (first_on).
  await sql`delete from branch_slot_sharers where length = 'month'
    and (slot_start, branch_id) in (select month_start, branch_id from rollup_dirty)`.execute(trx);
  await sql`insert into branch_slot_sharers (length, slot_start, branch_id, member_code, active, first_on)
    select 'month', d.month_start, d.branch_id, s.member_code,
      ${activeSharer(sql.ref('d.branch_id'), sql.ref('s.member_code'), sql.ref('c.start_on'), sql.ref('c.end_on'))},
      min(a.held_on)
    from rollup_dirty d cross join calendar_slots c cross join activities a cross join activity_sharers s
    where c.start_on = d.month_start and c.length = 'month'
      and a.branch_id = d.branch_id and a.held_on >= c.start_on and a.held_on <= c.end_on
      and s.activity_id = a.id
    group by d.month_start, d.branch_id, s.member_code, c.start_on, c.end_on`.execute(trx);
  for (const [length, child] of [
    ['quarter', 'month'],
    ['year', 'quarter'],
  ] as const) {
    await sql`delete from branch_slot_sharers where length = ${length}
      and (slot_start, branch_id) in (select start_on, branch_id from (${affected(length)}) x)`.execute(trx);
    await sql`insert into branch_slot_sharers (length, slot_start, branch_id, member_code, active, first_on)
      select ${length}, x.start_on, x.branch_id, r.member_code,
        ${activeSharer(sql.ref('x.branch_id'), sql.ref('r.member_code'), sql.ref('x.start_on'), sql.ref('x.end_on'))},
        min(r.first_on)
      from (${affected(length)}) x
      join branch_slot_sharers r on r.branch_id = x.branch_id and r.length = ${child}
        and r.slot_start >= x.start_on and r.slot_start <= x.end_on
      group by x.start_on, x.end_on, x.branch_id, r.member_code`.execute(trx);
  }
}

/**
 * Recomputes the stale slots and member roll-ups, if any; returns how many (branch, month) pairs plus
 * branches with changed memberships were stale.
 */
export async function refreshRollups(db: DBOrTrx): Promise<number> {
  // One probe of both dirty sets: the common case (nothing changed) costs one statement.
  const { rows } = await sql<{ pending: number }>`select case
    when exists (select 1 from rollup_dirty) or exists (select 1 from member_rollup_dirty) then 1 else 0
    end as pending`.execute(db);
  if (!rows[0]?.pending) return 0;
  const run = async (trx: DBOrTrx) => {
    // PostgreSQL reads at READ COMMITTED: without the lock a write committed between the recompute and
    // the final `delete from rollup_dirty` would lose its mark, and its month would never be refreshed.
    // Every data write's trigger updates the data_version row first, so writers wait for this refresh.
    // SQLite's transaction holds the write lock already.
    await lockDataVersion(trx);
    const { n } = await trx
      .selectFrom('rollup_dirty')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    // Only when slots are stale: with an empty rollup_dirty its statements would still scan the roll-up.
    if (Number(n) > 0) await recompute(trx);
    const refreshed = Number(n) + (await refreshMemberRollups(trx));
    // Results computed from the stale roll-up (by a reader that raced the write) must not outlive it:
    // moving the data version drops them from every cache (memo.ts, the shared HTTP answers).
    if (refreshed > 0) {
      await sql`update data_version set n = n + 1 where id = 1`.execute(trx);
      await sql`update metrics_version set n = n + 1 where id = 1`.execute(trx);
    }
    return refreshed;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * Marks every month with activities or achievements and every branch with members stale and rebuilds
 * the roll-ups (repair, tests).
 */
export async function rebuildRollups(db: DBOrTrx): Promise<number> {
  const run = async (trx: DBOrTrx) => {
    // Every year's rows go, not only those of the months marked below: every year with rows moves.
    await sql`update rollup_year_versions set n = n + 1`.execute(trx);
    await sql`insert into rollup_year_versions (year, n)
      select distinct cast(substr(slot_start, 1, 4) as integer), 1 from branch_slot_stats where true
      on conflict (year) do nothing`.execute(trx);
    await sql`delete from branch_slot_stats`.execute(trx);
    await sql`delete from branch_day_stats`.execute(trx);
    await sql`delete from branch_slot_sharers`.execute(trx);
    await sql`insert into member_rollup_dirty (branch_id)
      select distinct branch_id from members t
      where not exists (select 1 from member_rollup_dirty d where d.branch_id = t.branch_id)`.execute(trx);
    for (const [table, column] of [
      ['activities', 'held_on'],
      ['achievements', 'achieved_on'],
    ] as const) {
      await sql`insert into rollup_dirty (branch_id, month_start)
        select distinct branch_id, ${sqlMonthStartOf(sql.ref(column))} from ${sql.table(table)} t
        where not exists (select 1 from rollup_dirty d where d.branch_id = t.branch_id
          and d.month_start = ${sqlMonthStartOf(sql.ref(`t.${column}`))})`.execute(trx);
    }
    const refreshed = await refreshRollups(trx);
    // Rows without records (left over) are gone now too: nothing computed before may be kept, even when
    // nothing was marked (then refreshRollups moved no version).
    if (refreshed === 0) {
      await sql`update data_version set n = n + 1 where id = 1`.execute(trx);
      await sql`update metrics_version set n = n + 1 where id = 1`.execute(trx);
    }
    return refreshed;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
