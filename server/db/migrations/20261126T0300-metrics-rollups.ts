import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// The metrics engine (server/metrics) reads three things this migration creates:
// - `calendar_slots`: every month, quarter and year from 1990 to 2100 with first/last day, so slot
//   calendars are plain joins on every database (no generate_series / recursive date arithmetic);
// - `branch_slot_stats`: per branch and calendar slot (month, quarter and year rows), the sums every
//   activity and result metric is built from (sessions, attendance, rituals, per-type / per-format /
//   per-module counts, achievement sums), plus `s_<type>` = met slots of that requirement inside the
//   row's slot (a year row knows how many of its months had a theme day), so a period made of whole
//   slots is read as a handful of rows per branch;
// - `rollup_dirty`: (branch, month) pairs whose stats are stale. Triggers on activities, their
//   format/module/sharer rows and achievements add to it on EVERY write path (importer, forms, demo, SQL), and
//   `refreshRollups` (server/metrics/rollups.ts) recomputes exactly those months from the raw rows before
//   any read, so the roll-up is exact whenever it is read.

const CALENDAR_FIRST_YEAR = 1990;
const CALENDAR_LAST_YEAR = 2100;

const TYPES = [
  'general_meeting',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'theme_day',
  'org_life_meeting',
  'democratic_appraisal',
  'secretary_lecture',
];
const FORMATS = [
  'reading',
  'video',
  'invited_speaker',
  'field_visit',
  'practice',
  'discussion',
  'member_sharing',
];
const MODULES = ['spirit', 'capability', 'development'];
const LEVELS = ['national', 'provincial', 'municipal', 'school'];
const INTEGER_COLUMNS = [
  'sessions',
  'att_sum',
  'exp_sum',
  'theme_days',
  'theme_complete',
  'integrated',
  ...TYPES.map((t) => `n_${t}`),
  ...FORMATS.map((f) => `f_${f}`),
  ...MODULES.map((m) => `m_${m}`),
  // Met slots of each requirement that lie inside this row's slot (see branch_slot_stats below).
  ...TYPES.map((t) => `s_${t}`),
  'ach_person_times',
  'ach_projects',
  ...LEVELS.map((l) => `ach_lvl_${l}`),
  'ach_awards',
  'ach_proposals',
];

const pad2 = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function calendarRows() {
  const rows: { label: string; length: string; start_on: string; end_on: string }[] = [];
  for (let y = CALENDAR_FIRST_YEAR; y <= CALENDAR_LAST_YEAR; y++) {
    rows.push({ label: String(y), length: 'year', start_on: `${y}-01-01`, end_on: `${y}-12-31` });
    for (let q = 1; q <= 4; q++) {
      const last = q * 3;
      rows.push({
        label: `${y}-Q${q}`,
        length: 'quarter',
        start_on: `${y}-${pad2(last - 2)}-01`,
        end_on: `${y}-${pad2(last)}-${pad2(lastDay(y, last))}`,
      });
    }
    for (let m = 1; m <= 12; m++) {
      rows.push({
        label: `${y}-${pad2(m)}`,
        length: 'month',
        start_on: `${y}-${pad2(m)}-01`,
        end_on: `${y}-${pad2(m)}-${pad2(lastDay(y, m))}`,
      });
    }
  }
  return rows;
}

export async function up(db: Kysely<any>): Promise<void> {
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';

  await db.schema
    .createTable('calendar_slots')
    .addColumn('label', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('length', 'varchar(10)', (c) => c.notNull())
    .addColumn('start_on', 'date', (c) => c.notNull())
    .addColumn('end_on', 'date', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('calendar_slots_start_idx')
    .on('calendar_slots')
    .columns(['start_on', 'end_on', 'length', 'label'])
    .execute();
  const rows = calendarRows();
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('calendar_slots')
      .values(rows.slice(i, i + 200))
      .execute();
  }

  let stats = db.schema
    .createTable('branch_slot_stats')
    .addColumn('length', 'varchar(10)', (c) => c.notNull())
    .addColumn('slot_start', 'date', (c) => c.notNull())
    .addColumn('branch_id', 'integer', (c) => c.notNull());
  for (const column of INTEGER_COLUMNS) {
    stats = stats.addColumn(column, 'integer', (c) => c.notNull().defaultTo(0));
  }
  stats = stats.addColumn('ach_hours', 'double precision', (c) => c.notNull().defaultTo(0));
  // Clustered by slot then branch: a period reads a few contiguous ranges covering all branches.
  stats = stats.addPrimaryKeyConstraint('branch_slot_stats_pkey', ['length', 'slot_start', 'branch_id']);
  if (isSqlite) stats = stats.modifyEnd(sql`without rowid`);
  await stats.execute();
  await db.schema
    .createIndex('branch_slot_stats_branch_idx')
    .on('branch_slot_stats')
    .columns(['branch_id', 'length', 'slot_start'])
    .execute();

  // The distinct sharers of each branch and slot: sharingCoverage counts distinct codes over a period,
  // which sums cannot give, so the roll-up keeps the (small) sets themselves.
  let sharers = db.schema
    .createTable('branch_slot_sharers')
    .addColumn('length', 'varchar(10)', (c) => c.notNull())
    .addColumn('slot_start', 'date', (c) => c.notNull())
    .addColumn('branch_id', 'integer', (c) => c.notNull())
    .addColumn('member_code', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('branch_slot_sharers_pkey', [
      'length',
      'slot_start',
      'branch_id',
      'member_code',
    ]);
  if (isSqlite) sharers = sharers.modifyEnd(sql`without rowid`);
  await sharers.execute();
  await db.schema
    .createIndex('branch_slot_sharers_branch_idx')
    .on('branch_slot_sharers')
    .columns(['branch_id', 'length', 'slot_start'])
    .execute();

  await db.schema
    .createTable('rollup_dirty')
    .addColumn('branch_id', 'integer', (c) => c.notNull())
    .addColumn('month_start', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_dirty_pkey', ['branch_id', 'month_start'])
    .execute();

  // Covering indexes for the per-period member, sharer and achievement aggregates.
  await db.schema
    .createIndex('members_branch_period_idx')
    .on('members')
    .columns(['branch_id', 'code', 'joined_on', 'left_on'])
    .execute();

  if (isSqlite) {
    const month = (alias: string, column = 'held_on') => `substr(${alias}.${column}, 1, 7) || '-01'`;
    const mark = (alias: string, column = 'held_on') =>
      `insert or ignore into rollup_dirty (branch_id, month_start) values (${alias}.branch_id, ${month(alias, column)});`;
    const markChild = (alias: string) =>
      `insert or ignore into rollup_dirty (branch_id, month_start)
         select a.branch_id, ${month('a')} from activities a where a.id = ${alias}.activity_id;`;
    const statements = [
      `create trigger activities_rollup_ins after insert on activities begin ${mark('new')} end`,
      `create trigger activities_rollup_del after delete on activities begin ${mark('old')} end`,
      `create trigger activities_rollup_upd after update on activities begin ${mark('old')} ${mark('new')} end`,
    ];
    statements.push(
      `create trigger achievements_rollup_ins after insert on achievements begin ${mark('new', 'achieved_on')} end`,
      `create trigger achievements_rollup_del after delete on achievements begin ${mark('old', 'achieved_on')} end`,
      `create trigger achievements_rollup_upd after update on achievements begin ${mark('old', 'achieved_on')} ${mark('new', 'achieved_on')} end`,
    );
    for (const table of ['activity_formats', 'activity_modules', 'activity_sharers']) {
      statements.push(
        `create trigger ${table}_rollup_ins after insert on ${table} begin ${markChild('new')} end`,
        `create trigger ${table}_rollup_del after delete on ${table} begin ${markChild('old')} end`,
        `create trigger ${table}_rollup_upd after update on ${table} begin ${markChild('old')} ${markChild('new')} end`,
      );
    }
    for (const statement of statements) await sql.raw(statement).execute(db);
    // Existing data: everything is stale until the first refresh.
    await sql
      .raw(
        `insert or ignore into rollup_dirty (branch_id, month_start) select distinct branch_id, ${month('activities')} from activities`,
      )
      .execute(db);
    await sql
      .raw(`insert or ignore into rollup_dirty (branch_id, month_start)
        select distinct branch_id, ${month('achievements', 'achieved_on')} from achievements`)
      .execute(db);
  }
  // PostgreSQL (later issue): the same triggers as plpgsql functions, month = date_trunc('month', held_on)::date.
}

export async function down(db: Kysely<any>): Promise<void> {
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  if (isSqlite) {
    for (const table of [
      'activities',
      'activity_formats',
      'activity_modules',
      'activity_sharers',
      'achievements',
    ]) {
      for (const op of ['ins', 'del', 'upd'])
        await sql.raw(`drop trigger if exists ${table}_rollup_${op}`).execute(db);
    }
  }
  await db.schema.dropIndex('members_branch_period_idx').execute();
  await db.schema.dropTable('rollup_dirty').execute();
  await db.schema.dropTable('branch_slot_stats').execute();
  await db.schema.dropTable('branch_slot_sharers').execute();
  await db.schema.dropTable('calendar_slots').execute();
}
