import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// `branch_slot_sharers.first_on`: the first day a code shared in the slot. A year to date (1 January
// until a day of the year) counts the year's sharer pairs whose first_on is on or before that day,
// instead of collecting the pairs of its quarters, months and days (server/metrics/queries/
// member-stats.ts). Filled by the next refresh: existing data is marked stale here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('branch_slot_sharers').addColumn('first_on', 'date').execute();
  const month = sql`substr(a.held_on, 1, 7) || '-01'`;
  await sql`insert into rollup_dirty (branch_id, month_start)
    select distinct a.branch_id, ${month} from activities a cross join activity_sharers s
    where s.activity_id = a.id
      and not exists (select 1 from rollup_dirty d where d.branch_id = a.branch_id and d.month_start = ${month})`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('branch_slot_sharers').dropColumn('first_on').execute();
}
