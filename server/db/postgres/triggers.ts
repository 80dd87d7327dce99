import { type Kysely, sql } from 'kysely';

// Frozen in time once released, like ../migrations: never import app code here.
//
// PostgreSQL's part of the trigger migrations (20261126T0300 metrics-rollups, 0500 member-rollups,
// 20261206T1000 data-version, 20261209T0200 weights-per-year, 20261212T0100 metrics-version), in the
// state those leave SQLite in. Their SQLite triggers are row triggers; here each (table, event) has ONE
// statement trigger with transition tables (old_rows / new_rows): an import of 50,000 rows runs one
// insert into rollup_dirty, not 50,000. The outcome is the same on every write path:
// - data_version moves when a statement wrote at least one row of the table;
// - metrics_version moves when a row is inserted or deleted, or an update changed a column the engine
//   reads (READ_COLUMNS; every column of the other tables) — `is distinct from` is SQLite's `is not`;
// - rollup_dirty gets the (branch, month) of every inserted, deleted or changed activity or
//   achievement (old and new month), and of the activity of every changed format/module/sharer row;
// - member_rollup_dirty gets the branch (old and new) of every inserted, deleted or changed member.
// An update that changes a row's id counts as changed (it has no unchanged partner).

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
const WHOLE_TABLES = [
  'units',
  'activity_formats',
  'activity_modules',
  'activity_sharers',
  'goals',
  'metric_weights',
];
const EVENTS = ['insert', 'update', 'delete'] as const;
type Event = (typeof EVENTS)[number];

const month = (column: string) => `substr(r.${column}, 1, 7) || '-01'`;

/** The roll-up marks of `rows` (a subquery of the table's rows), or none for tables without a roll-up. */
function marks(table: string, rows: string): string {
  if (table === 'activities' || table === 'achievements') {
    const column = table === 'activities' ? 'held_on' : 'achieved_on';
    return `insert into rollup_dirty (branch_id, month_start)
      select distinct r.branch_id, ${month(column)} from (${rows}) r on conflict do nothing;`;
  }
  if (table.startsWith('activity_')) {
    return `insert into rollup_dirty (branch_id, month_start)
      select distinct a.branch_id, substr(a.held_on, 1, 7) || '-01'
      from activities a join (${rows}) r on a.id = r.activity_id on conflict do nothing;`;
  }
  if (table === 'members') {
    return `insert into member_rollup_dirty (branch_id)
      select distinct r.branch_id from (${rows}) r on conflict do nothing;`;
  }
  return '';
}

/** The rows of a statement the metrics see a change in. */
function changedRows(table: string, event: Event): string {
  if (event === 'insert') return 'select * from new_rows';
  if (event === 'delete') return 'select * from old_rows';
  const columns = READ_COLUMNS[table];
  if (!columns) return 'select * from old_rows union all select * from new_rows';
  const same = columns.map((c) => `o.${c} is not distinct from n.${c}`).join(' and ');
  return `select * from old_rows o where not exists (select 1 from new_rows n where n.id = o.id and ${same})
    union all
    select * from new_rows n where not exists (select 1 from old_rows o where o.id = n.id and ${same})`;
}

function triggerFunction(table: string, event: Event): string {
  const written = event === 'delete' ? 'old_rows' : 'new_rows';
  const changed = changedRows(table, event);
  return `create function ${table}_after_${event}() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from ${written}) then
        update data_version set n = n + 1 where id = 1;
      end if;
      if exists (select 1 from (${changed}) c) then
        update metrics_version set n = n + 1 where id = 1;
        ${marks(table, changed)}
      end if;
      return null;
    end $$`;
}

function referencing(event: Event): string {
  if (event === 'insert') return 'new table as new_rows';
  if (event === 'delete') return 'old table as old_rows';
  return 'old table as old_rows new table as new_rows';
}

const TABLES = [...WHOLE_TABLES, ...Object.keys(READ_COLUMNS)];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    for (const event of EVENTS) {
      await sql.raw(triggerFunction(table, event)).execute(db);
      await sql
        .raw(
          `create trigger ${table}_after_${event} after ${event} on ${table}
           referencing ${referencing(event)} for each statement execute function ${table}_after_${event}()`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    for (const event of EVENTS) {
      await sql.raw(`drop trigger if exists ${table}_after_${event} on ${table}`).execute(db);
      await sql.raw(`drop function if exists ${table}_after_${event}()`).execute(db);
    }
  }
}
