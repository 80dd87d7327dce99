import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// Index weights belong to a goal year (metrics.md "Composite index and rank"): a year without weights
// of its own uses those of the latest earlier year that has them, else the defaults. The weights stored
// so far applied to every year: they become the own weights of the first goal year (or of 1990, the
// calendar's first year, without goals), so every period keeps the index it had — unless they are
// the defaults the first migration stored, which a year without weights uses anyway (a new database
// then has none: every year says "default weights").

/** The defaults of 20261126T0000, as that migration stored them. */
const INITIAL_DEFAULTS: Record<string, number> = {
  complianceRate: 30,
  attendanceRate: 10,
  ritualRate: 5,
  formatEvenness: 10,
  workIntegrationRate: 10,
  sharingCoverage: 10,
  moduleBalance: 5,
  volunteerHoursPerMember: 10,
  projectsApproved: 10,
};

const EVENTS = ['insert', 'update', 'delete'];

async function versionTriggers(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter.constructor.name !== 'SqliteAdapter') return;
  for (const event of EVENTS)
    await sql
      .raw(
        `create trigger if not exists metric_weights_version_${event} after ${event} on metric_weights
         begin update data_version set n = n + 1 where id = 1; end`,
      )
      .execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metric_weights_by_year')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('metric', 'varchar(40)', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_weights_by_year_pk', ['year', 'metric'])
    .execute();
  const stored = await db.selectFrom('metric_weights').select(['metric', 'weight']).execute();
  const isInitial =
    stored.length === Object.keys(INITIAL_DEFAULTS).length &&
    stored.every((r) => INITIAL_DEFAULTS[r.metric] === Number(r.weight));
  if (!isInitial) {
    await sql`insert into metric_weights_by_year (year, metric, weight)
      select (select coalesce(min(year), 1990) from goals), metric, weight from metric_weights`.execute(db);
  }
  await db.schema.dropTable('metric_weights').execute();
  await db.schema.alterTable('metric_weights_by_year').renameTo('metric_weights').execute();
  await versionTriggers(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metric_weights_one_set')
    .addColumn('metric', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .execute();
  // The latest year's weights become the one set.
  await sql`insert into metric_weights_one_set (metric, weight)
    select metric, weight from metric_weights where year = (select max(year) from metric_weights)`.execute(
    db,
  );
  await db.schema.dropTable('metric_weights').execute();
  await db.schema.alterTable('metric_weights_one_set').renameTo('metric_weights').execute();
  await versionTriggers(db);
}
