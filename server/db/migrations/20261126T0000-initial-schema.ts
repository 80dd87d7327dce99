import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here. Types are portable (SQLite now, PostgreSQL later):
// dates are ISO `date` text, yes/no are 0/1 integers, hours are double precision.

const DEFAULT_WEIGHTS: Record<string, number> = {
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

/** An auto-assigned integer key: SQLite's rowid alias, or an identity column elsewhere. */
function identity(db: Kysely<any>) {
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  return (c: ColumnDefinitionBuilder) =>
    isSqlite ? c.primaryKey() : c.primaryKey().generatedByDefaultAsIdentity();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('units.id').onDelete('set null'))
    .addColumn('category', 'varchar(20)')
    .addColumn('established_on', 'date', (c) => c.notNull())
    .addColumn('dissolved_on', 'date')
    .addColumn('has_groups', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('units_kind_check', sql`kind in ('committee', 'general_branch', 'branch')`)
    .addCheckConstraint('units_dates_check', sql`dissolved_on is null or dissolved_on >= established_on`)
    .execute();
  await db.schema.createIndex('units_parent_idx').on('units').column('parent_id').execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('role', 'varchar(20)', (c) => c.notNull().defaultTo('member'))
    .addColumn('joined_on', 'date', (c) => c.notNull())
    .addColumn('left_on', 'date')
    .addUniqueConstraint('members_branch_code_key', ['branch_id', 'code'])
    .addCheckConstraint('members_dates_check', sql`left_on is null or left_on >= joined_on`)
    .execute();
  await db.schema.createIndex('members_code_idx').on('members').column('code').execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('type', 'varchar(30)', (c) => c.notNull())
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('expected', 'integer')
    .addColumn('attended', 'integer')
    .addColumn('integrated_with_work', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('oath_renewed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dues_collected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('by_secretary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    // The natural key (import-format.md) leads with branch and date, so it also serves
    // "activities of these branches in this range".
    .addUniqueConstraint('activities_natural_key', ['branch_id', 'held_on', 'type', 'title'])
    .addCheckConstraint(
      'activities_attendance_check',
      sql`attended is null or (expected is not null and attended between 0 and expected)`,
    )
    .execute();
  await db.schema
    .createIndex('activities_held_on_idx')
    .on('activities')
    .columns(['held_on', 'branch_id'])
    .execute();

  for (const [table, column] of [
    ['activity_formats', 'format'],
    ['activity_modules', 'module'],
    ['activity_sharers', 'member_code'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
      .addColumn(column, 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pkey`, ['activity_id', column])
      .execute();
  }

  await db.schema
    .createTable('achievements')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('achieved_on', 'date', (c) => c.notNull())
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('level', 'varchar(20)')
    .addColumn('hours', 'double precision')
    .addColumn('participants', 'integer')
    .addColumn('notes', 'text')
    .addUniqueConstraint('achievements_natural_key', ['branch_id', 'achieved_on', 'kind', 'title'])
    .execute();
  await db.schema
    .createIndex('achievements_achieved_on_idx')
    .on('achievements')
    .columns(['achieved_on', 'branch_id'])
    .execute();

  await db.schema
    .createTable('goals')
    .addColumn('id', 'integer', (c) => identity(db)(c))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('scope_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('scope_ref', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('metric', 'varchar(40)', (c) => c.notNull())
    .addColumn('target', 'double precision', (c) => c.notNull())
    .addUniqueConstraint('goals_natural_key', ['year', 'scope_type', 'scope_ref', 'metric'])
    .addCheckConstraint('goals_scope_check', sql`scope_type in ('all', 'category', 'branch')`)
    .execute();

  await db.schema
    .createTable('metric_weights')
    .addColumn('metric', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .execute();
  await db
    .insertInto('metric_weights')
    .values(Object.entries(DEFAULT_WEIGHTS).map(([metric, weight]) => ({ metric, weight })))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'metric_weights',
    'goals',
    'achievements',
    'activity_sharers',
    'activity_modules',
    'activity_formats',
    'activities',
    'members',
    'units',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
