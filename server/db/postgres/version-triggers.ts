import { type Kysely, sql } from 'kysely';

// PostgreSQL's statement triggers that move a version row (`<versionTable>.n`, id 1) when a statement
// changed a watched table: an insert or delete of any row, an update that changed a watched column (or
// any update without a column list). One trigger per (table, event) with transition tables, as in
// ./triggers.ts, named `<table>_<suffix>_<event>`: the name sorts after that file's
// `<table>_after_<event>`, so every write moves the version rows in the same order (data, metrics, then
// these).

type TEvent = 'insert' | 'update' | 'delete';

export type TWatched = Record<string, { events: readonly TEvent[]; columns?: readonly string[] }>;

function changed(event: TEvent, columns: readonly string[] | undefined): string {
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

const referencing = (event: TEvent) =>
  event === 'insert'
    ? 'new table as new_rows'
    : event === 'delete'
      ? 'old table as old_rows'
      : 'old table as old_rows new table as new_rows';

/** The up and down of a migration adding the triggers of `versionTable` over `watched`. */
export function versionTriggers(
  suffix: string,
  versionTable: string,
  watched: TWatched,
): { up: (db: Kysely<unknown>) => Promise<void>; down: (db: Kysely<unknown>) => Promise<void> } {
  return {
    async up(db) {
      for (const [table, { events, columns }] of Object.entries(watched)) {
        for (const event of events) {
          const name = `${table}_${suffix}_${event}`;
          await sql
            .raw(`create function ${name}() returns trigger language plpgsql as $$
          begin
            if exists (${changed(event, columns)}) then
              update ${versionTable} set n = n + 1 where id = 1;
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
    },
    async down(db) {
      for (const [table, { events }] of Object.entries(watched)) {
        for (const event of events) {
          await sql.raw(`drop trigger if exists ${table}_${suffix}_${event} on ${table}`).execute(db);
          await sql.raw(`drop function if exists ${table}_${suffix}_${event}()`).execute(db);
        }
      }
    },
  };
}
