import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// `data_version.n` moves on every write to the data the metrics are computed from (units, members,
// activities and their formats/modules/sharers, achievements, goals, weights), by triggers, so on EVERY
// write path. Caches of computed results (the metrics memo, the shared HTTP answers) key on it:
// SQLite's own data_version / total_changes also move on session, login and audit writes, which made
// every signed-in user's sliding session expiry throw away the college's computed metrics.

const TABLES = [
  'units',
  'members',
  'activities',
  'activity_formats',
  'activity_modules',
  'activity_sharers',
  'achievements',
  'goals',
  'metric_weights',
];
const EVENTS = ['insert', 'update', 'delete'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('data_version').values({ id: 1, n: 1 }).execute();
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  if (!isSqlite) return;
  for (const table of TABLES) {
    for (const event of EVENTS) {
      await sql
        .raw(
          `create trigger ${table}_version_${event} after ${event} on ${table}
           begin update data_version set n = n + 1 where id = 1; end`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    for (const event of EVENTS) await sql.raw(`drop trigger if exists ${table}_version_${event}`).execute(db);
  }
  await db.schema.dropTable('data_version').execute();
}
