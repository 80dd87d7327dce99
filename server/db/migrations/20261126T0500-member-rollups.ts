import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// Active members and counted sharers without scanning every membership row of the college:
// - `branch_member_years`: per branch and calendar year (slot_start = its 1 January), the members whose
//   [joined_on, left_on] overlaps the year, for every year from the branch's first membership date to
//   its last (joined_on or left_on); a year before that span has no member, a year after it has
//   exactly the members without left_on (`branch_member_totals.open_members`).
// - `branch_member_totals`: per branch with members, open_members and last_start (1 January of the
//   year of its last membership date).
// - `branch_slot_sharers.active`: 1 when the sharer code is a member of that branch active somewhere in
//   that slot, so a one-slot period counts its sharers from the sharer set alone.
// - `member_rollup_dirty`: branches whose memberships changed. Triggers on members fill it on EVERY
//   write path (importer, forms, demo, SQL); `refreshRollups` (server/metrics/rollups.ts) recomputes
//   those branches before any read, like rollup_dirty.

export async function up(db: Kysely<any>): Promise<void> {
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  let years = db.schema
    .createTable('branch_member_years')
    .addColumn('slot_start', 'date', (c) => c.notNull())
    .addColumn('branch_id', 'integer', (c) => c.notNull())
    .addColumn('active_members', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('branch_member_years_pkey', ['slot_start', 'branch_id']);
  if (isSqlite) years = years.modifyEnd(sql`without rowid`);
  await years.execute();

  await db.schema
    .createTable('branch_member_totals')
    .addColumn('branch_id', 'integer', (c) => c.primaryKey())
    .addColumn('open_members', 'integer', (c) => c.notNull())
    .addColumn('last_start', 'date', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('member_rollup_dirty')
    .addColumn('branch_id', 'integer', (c) => c.primaryKey())
    .execute();

  await db.schema
    .alterTable('branch_slot_sharers')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  if (isSqlite) {
    const mark = (alias: string) =>
      `insert or ignore into member_rollup_dirty (branch_id) values (${alias}.branch_id);`;
    const statements = [
      `create trigger members_rollup_ins after insert on members begin ${mark('new')} end`,
      `create trigger members_rollup_del after delete on members begin ${mark('old')} end`,
      `create trigger members_rollup_upd after update on members begin ${mark('old')} ${mark('new')} end`,
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
    // Existing data: every branch with members is stale until the first refresh.
    await sql
      .raw('insert or ignore into member_rollup_dirty (branch_id) select distinct branch_id from members')
      .execute(db);
  }
  // PostgreSQL (later issue): the same triggers as a plpgsql function.
}

export async function down(db: Kysely<any>): Promise<void> {
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  if (isSqlite) {
    for (const op of ['ins', 'del', 'upd'])
      await sql.raw(`drop trigger if exists members_rollup_${op}`).execute(db);
  }
  await db.schema.alterTable('branch_slot_sharers').dropColumn('active').execute();
  await db.schema.dropTable('member_rollup_dirty').execute();
  await db.schema.dropTable('branch_member_totals').execute();
  await db.schema.dropTable('branch_member_years').execute();
}
