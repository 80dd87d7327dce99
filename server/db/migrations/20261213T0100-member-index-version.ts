import { type Kysely, sql } from 'kysely';

// Frozen in time: never import app code here.
//
// `member_index_version.n` moves only when what the engine's member index is built from changes
// (server/metrics/member-index.ts): a membership row (its id, code, branch or dates), a sharer row, or
// an activity's id, branch or day (its sharers' share days), or an activity deleted. Each API worker
// holds that index in memory and rebuilt it after every import (≈ 0.3–0.5 s each at 2,000 branches,
// all workers at once, while every period was cold); an import of sessions that adds no sharer and
// moves no membership now keeps it. Every change of what the index counts also moves metrics_version
// (only a bare change of a row's id moves this version alone), so a memoized period never mixes an old
// index with new data.
//
// PostgreSQL's triggers: db/postgres/member-index-triggers.ts.

/** What the index is built from, per table (PostgreSQL's triggers read the same list). */
export const WATCHED: Record<string, { events: ('insert' | 'update' | 'delete')[]; columns?: string[] }> = {
  members: {
    events: ['insert', 'update', 'delete'],
    columns: ['id', 'code', 'branch_id', 'joined_on', 'left_on'],
  },
  activity_sharers: { events: ['insert', 'update', 'delete'] },
  // An activity without sharers is not in the index; its sharer rows are inserted after it.
  activities: { events: ['update', 'delete'], columns: ['id', 'branch_id', 'held_on'] },
};

const bump = 'update member_index_version set n = n + 1 where id = 1;';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member_index_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('member_index_version').values({ id: 1, n: 1 }).execute();
  const isSqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
  if (!isSqlite) return;
  for (const [table, { events, columns }] of Object.entries(WATCHED)) {
    for (const event of events) {
      const guard =
        event === 'update' && columns
          ? ` when ${columns.map((c) => `old.${c} is not new.${c}`).join(' or ')}`
          : '';
      await sql
        .raw(
          `create trigger ${table}_member_index_${event} after ${event} on ${table}${guard} begin ${bump} end`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, { events }] of Object.entries(WATCHED))
    for (const event of events)
      await sql.raw(`drop trigger if exists ${table}_member_index_${event}`).execute(db);
  await db.schema.dropTable('member_index_version').execute();
}
