import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// `metrics_version.n` moves only when something the metrics are computed from changes: a row inserted
// or deleted, or an update that changes a column the engine reads (dates, branch, type, counts, flags,
// hours, levels; never a title, a note, a member's name or role). The metrics memo keys on it, so a
// spreadsheet that corrects notes no longer throws away every computed period. `data_version` still
// moves on every write (the shared HTTP answers hold titles and notes too).
//
// The roll-up triggers of updates get the same guard: an update that changes no read column leaves
// the roll-ups as they are, and with them the version (refreshRollups moves it after a refresh).

const READ_COLUMNS: Record<string, string[]> = {
  activities: [
    'branch_id',
    'held_on',
    'type',
    'expected',
    'attended',
    'integrated_with_work',
    'oath_renewed',
    'dues_collected',
    'by_secretary',
  ],
  achievements: ['branch_id', 'achieved_on', 'kind', 'level', 'hours', 'participants'],
  members: ['code', 'branch_id', 'joined_on', 'left_on'],
};
// Every column of these matters (units: names and codes are in the computed rows).
const WHOLE_TABLES = [
  'units',
  'activity_formats',
  'activity_modules',
  'activity_sharers',
  'goals',
  'metric_weights',
];

const changed = (table: string) =>
  (READ_COLUMNS[table] ?? []).map((c) => `old.${c} is not new.${c}`).join(' or ');
const bump = 'update metrics_version set n = n + 1 where id = 1;';
const month = (alias: string, column: string) => `substr(${alias}.${column}, 1, 7) || '-01'`;
const markMonth = (alias: string, column: string) =>
  `insert or ignore into rollup_dirty (branch_id, month_start) values (${alias}.branch_id, ${month(alias, column)});`;
const markMembers = (alias: string) =>
  `insert or ignore into member_rollup_dirty (branch_id) values (${alias}.branch_id);`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metrics_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('metrics_version').values({ id: 1, n: 1 }).execute();
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  if (!isSqlite) return;
  const statements: string[] = [];
  for (const table of [...WHOLE_TABLES, ...Object.keys(READ_COLUMNS)]) {
    const guard = READ_COLUMNS[table] ? ` when ${changed(table)}` : '';
    statements.push(
      `create trigger ${table}_metrics_insert after insert on ${table} begin ${bump} end`,
      `create trigger ${table}_metrics_delete after delete on ${table} begin ${bump} end`,
      `create trigger ${table}_metrics_update after update on ${table}${guard} begin ${bump} end`,
    );
  }
  statements.push(
    'drop trigger activities_rollup_upd',
    `create trigger activities_rollup_upd after update on activities when ${changed('activities')}
     begin ${markMonth('old', 'held_on')} ${markMonth('new', 'held_on')} end`,
    'drop trigger achievements_rollup_upd',
    `create trigger achievements_rollup_upd after update on achievements when ${changed('achievements')}
     begin ${markMonth('old', 'achieved_on')} ${markMonth('new', 'achieved_on')} end`,
    'drop trigger members_rollup_upd',
    `create trigger members_rollup_upd after update on members when ${changed('members')}
     begin ${markMembers('old')} ${markMembers('new')} end`,
  );
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...WHOLE_TABLES, ...Object.keys(READ_COLUMNS)]) {
    for (const event of ['insert', 'delete', 'update'])
      await sql.raw(`drop trigger if exists ${table}_metrics_${event}`).execute(db);
  }
  await sql.raw('drop trigger if exists activities_rollup_upd').execute(db);
  await sql
    .raw(`create trigger activities_rollup_upd after update on activities
      begin ${markMonth('old', 'held_on')} ${markMonth('new', 'held_on')} end`)
    .execute(db);
  await sql.raw('drop trigger if exists achievements_rollup_upd').execute(db);
  await sql
    .raw(`create trigger achievements_rollup_upd after update on achievements
      begin ${markMonth('old', 'achieved_on')} ${markMonth('new', 'achieved_on')} end`)
    .execute(db);
  await sql.raw('drop trigger if exists members_rollup_upd').execute(db);
  await sql
    .raw(`create trigger members_rollup_upd after update on members
      begin ${markMembers('old')} ${markMembers('new')} end`)
    .execute(db);
  await db.schema.dropTable('metrics_version').execute();
}
