import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// `att_all` in both roll-ups: Σ attended over the activities that recorded attended, whatever their
// expected — the sum behind attendedPersonTimes (组织生活参与人次, metrics.md). `att_sum` is not it:
// it only counts activities with expected > 0 (the attendance rate's numerator). Existing data is
// marked stale here and filled by the first refresh (server/metrics/rollups.ts), as 0800 did.

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['branch_slot_stats', 'branch_day_stats'])
    await db.schema
      .alterTable(table)
      .addColumn('att_all', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  const month = sql`substr(t.held_on, 1, 7) || '-01'`;
  await sql`insert into rollup_dirty (branch_id, month_start)
    select distinct t.branch_id, ${month} from activities t
    where t.attended is not null
      and not exists (select 1 from rollup_dirty d where d.branch_id = t.branch_id and d.month_start = ${month})`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['branch_slot_stats', 'branch_day_stats'])
    await db.schema.alterTable(table).dropColumn('att_all').execute();
}
