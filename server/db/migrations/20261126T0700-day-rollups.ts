import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// `branch_day_stats`: per branch and day with any activity or achievement, the same summable columns
// as branch_slot_stats (no met-slot columns: a day is no slot). A counted range that starts or ends
// inside a month reads those days here instead of aggregating raw activities, their format and module
// rows and achievements (the current year until yesterday, a month so far, their year-earlier
// counterparts). Kept exact like the slot roll-up: `refreshRollups` recomputes the days of every
// (branch, month) in rollup_dirty, then that month's row from its days. Existing data is marked stale
// here and filled by the first refresh.

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
  'ach_person_times',
  'ach_projects',
  ...LEVELS.map((l) => `ach_lvl_${l}`),
  'ach_awards',
  'ach_proposals',
];

export async function up(db: Kysely<any>): Promise<void> {
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  let days = db.schema
    .createTable('branch_day_stats')
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('branch_id', 'integer', (c) => c.notNull());
  for (const column of INTEGER_COLUMNS)
    days = days.addColumn(column, 'integer', (c) => c.notNull().defaultTo(0));
  days = days
    .addColumn('ach_hours', 'double precision', (c) => c.notNull().defaultTo(0))
    // Clustered by day: an edge of a range reads one contiguous run of rows for all branches.
    .addPrimaryKeyConstraint('branch_day_stats_pkey', ['day', 'branch_id']);
  if (isSqlite) days = days.modifyEnd(sql`without rowid`);
  await days.execute();
  // The refresh replaces a branch's days month by month.
  await db.schema
    .createIndex('branch_day_stats_branch_idx')
    .on('branch_day_stats')
    .columns(['branch_id', 'day'])
    .execute();

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
  await db.schema.dropTable('branch_day_stats').execute();
}
