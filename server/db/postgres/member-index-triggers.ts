import { type Kysely, sql } from 'kysely';
import { WATCHED } from '../migrations/20261213T0100-member-index-version';

// PostgreSQL's part of migration 20261213T0100-member-index-version, in the state it leaves SQLite in:
// member_index_version moves when a statement inserted or deleted a row of members or activity_sharers,
// deleted an activity, or changed a watched column of a member or an activity. One statement trigger
// per (table, event) with transition tables, as in ./triggers.ts; the name sorts after that file's
// `<table>_after_<event>`, so every write moves the version rows in the same order (data, metrics,
// member index).

function changed(event: 'insert' | 'update' | 'delete', columns: string[] | undefined): string {
  if (event === 'insert') return 'select 1 from new_rows';
  if (event === 'delete') return 'select 1 from old_rows';
  if (!columns) return 'select 1 from new_rows';
  const same = columns.map((c) => `o.${c} is not distinct from n.${c}`).join(' and ');
  // An old row without an identical new one (or a new one without an identical old one): an id change
  // leaves both unmatched.
  return `select 1 from old_rows o where not exists (select 1 from new_rows n where n.id = o.id and ${same})
    union all
    select 1 from new_rows n where not exists (select 1 from old_rows o where o.id = n.id and ${same})`;
}

const referencing = (event: 'insert' | 'update' | 'delete') =>
  event === 'insert'
    ? 'new table as new_rows'
    : event === 'delete'
      ? 'old table as old_rows'
      : 'old table as old_rows new table as new_rows';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, { events, columns }] of Object.entries(WATCHED)) {
    for (const event of events) {
      const name = `${table}_member_index_${event}`;
      await sql
        .raw(`create function ${name}() returns trigger language plpgsql as $$
          begin
            if exists (${changed(event, columns)}) then
              update member_index_version set n = n + 1 where id = 1;
            end if;
            return null;
          end $$`)
        .execute(db);
      await sql
        .raw(`create trigger ${name} after ${event} on ${table}
          referencing ${referencing(event)} for each statement execute function ${name}()`)
        .execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, { events }] of Object.entries(WATCHED)) {
    for (const event of events) {
      await sql.raw(`drop trigger if exists ${table}_member_index_${event} on ${table}`).execute(db);
      await sql.raw(`drop function if exists ${table}_member_index_${event}()`).execute(db);
    }
  }
}
