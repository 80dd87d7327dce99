import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// `setup_version.n` moves on every write to the college's setup the metrics read besides its records:
// units (a branch's names, codes, category, general branch, dates of existence), goals and index
// weights. A period's computed results (server/metrics/versions.ts) are kept per the versions of what
// they read: this one, the member index version, and the roll-up version of each year they span. So an
// import of this year's sessions keeps last year's evaluated periods, where the metrics version (which
// every such write moves) threw away every period of every year.
//
// PostgreSQL's triggers: db/postgres/setup-version-triggers.ts.

/** The tables of the setup (PostgreSQL's triggers read the same list). */
export const SETUP_TABLES = ['units', 'goals', 'metric_weights'] as const;

const EVENTS = ['insert', 'update', 'delete'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('setup_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('setup_version').values({ id: 1, n: 1 }).execute();
  if (db.getExecutor().adapter.constructor.name !== 'SqliteAdapter') return;
  for (const table of SETUP_TABLES)
    for (const event of EVENTS)
      await sql
        .raw(
          `create trigger ${table}_setup_${event} after ${event} on ${table}
           begin update setup_version set n = n + 1 where id = 1; end`,
        )
        .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of SETUP_TABLES)
    for (const event of EVENTS) await sql.raw(`drop trigger if exists ${table}_setup_${event}`).execute(db);
  await db.schema.dropTable('setup_version').execute();
}
