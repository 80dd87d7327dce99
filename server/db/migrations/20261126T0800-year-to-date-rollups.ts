import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// `branch_slot_stats` rows of length 'ytd': per branch and month, 1 January to the end of that month
// (the summable columns of its months; per requirement the met slots of its own length lying inside).
// A counted range from 1 January to a day of the year (the dashboard's default "this year until
// yesterday" and its year-earlier counterpart) reads one such row plus the days of the current month,
// instead of adding up quarters and months. No schema change (length is free text); existing data is
// marked stale here and filled by the first refresh (server/metrics/rollups.ts).

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of [
    ['activities', 'held_on'],
    ['achievements', 'achieved_on'],
  ] as const) {
    const month = sql`substr(${sql.ref(`t.${column}`)}, 1, 7) || '-01'`;
    await sql`insert into rollup_dirty (branch_id, month_start)
      select distinct t.branch_id, ${month} from ${sql.table(table)} t
      where not exists (select 1 from rollup_dirty d where d.branch_id = t.branch_id and d.month_start = ${month})`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from branch_slot_stats where length = 'ytd'`.execute(db);
}
