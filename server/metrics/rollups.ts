/**
 * Keeps branch_month_stats exact. Triggers (migration 20261126T0300) list every (branch, month) touched
 * by a write in rollup_dirty; `refreshRollups` recomputes exactly those months from the raw rows.
 * The engine calls it before every read, and writers may call it at the end of their transaction
 * (the importer does), so a read never sees a stale month.
 */
import { sql } from 'kysely';
import type { DBOrTrx } from '../db/database';
import { STAT_COLUMNS } from './columns';
import { monthStartOf } from './dialect';
import { rawMonthlySumsSql } from './queries/activity-sums';

async function recompute(trx: DBOrTrx): Promise<void> {
  await sql`delete from branch_month_stats where exists (select 1 from rollup_dirty d
      where d.branch_id = branch_month_stats.branch_id and d.month_start = branch_month_stats.month_start)`.execute(trx);
  const columns = sql.join(['branch_id', 'month_start', ...STAT_COLUMNS].map((c) => sql.ref(c)));
  await sql`insert into branch_month_stats (${columns}) ${rawMonthlySumsSql({ kind: 'dirty' })}`.execute(trx);
  await sql`delete from rollup_dirty`.execute(trx);
}

/** Recomputes the stale months, if any; returns how many (branch, month) pairs were refreshed. */
export async function refreshRollups(db: DBOrTrx): Promise<number> {
  const pending = await db.selectFrom('rollup_dirty').select('branch_id').limit(1).executeTakeFirst();
  if (!pending) return 0;
  const count = async (trx: DBOrTrx) =>
    Number((await trx.selectFrom('rollup_dirty').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  if (db.isTransaction) {
    const n = await count(db);
    await recompute(db);
    return n;
  }
  return db.transaction().execute(async (trx) => {
    const n = await count(trx);
    await recompute(trx);
    return n;
  });
}

/** Marks every month that has activities stale and recomputes the whole roll-up (repair / tests). */
export async function rebuildRollups(db: DBOrTrx): Promise<number> {
  const run = async (trx: DBOrTrx) => {
    await sql`delete from branch_month_stats`.execute(trx);
    await sql`insert into rollup_dirty (branch_id, month_start)
      select distinct branch_id, ${monthStartOf(sql.ref('held_on'))} from activities
      where not exists (select 1 from rollup_dirty d where d.branch_id = activities.branch_id
        and d.month_start = ${monthStartOf(sql.ref('activities.held_on'))})`.execute(trx);
    return refreshRollups(trx);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
