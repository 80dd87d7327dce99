/**
 * The slot roll-up stays exact after import, re-import and edits on any write path, on SQLite (row
 * triggers) and on PostgreSQL (statement triggers, db/postgres/triggers.ts).
 */
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { importPath } from '../../../server/import';
import { computeMetrics, toMetricsCase } from '../../../server/metrics/report';
import { rebuildRollups, refreshRollups } from '../../../server/metrics/rollups';
import { describeOnBothBackends } from '../../helpers/test-db';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));

async function snapshot(db: Kysely<Database>) {
  const stats = await sql`select * from branch_slot_stats order by length, slot_start, branch_id`.execute(db);
  const days = await sql`select * from branch_day_stats order by day, branch_id`.execute(db);
  const sharers =
    await sql`select * from branch_slot_sharers order by length, slot_start, branch_id, member_code`.execute(
      db,
    );
  return { stats: stats.rows, days: days.rows, sharers: sharers.rows };
}

/** The incrementally maintained roll-up equals one rebuilt from scratch. */
async function expectExact(db: Kysely<Database>) {
  await refreshRollups(db);
  const incremental = await snapshot(db);
  await rebuildRollups(db);
  expect(incremental).toEqual(await snapshot(db));
  return incremental;
}

describeOnBothBackends('roll-up maintenance', (createDb) => {
  it('is exact after import, re-import and edits of every kind', async () => {
    const db = await createDb();
    expect((await importPath(db, fixture)).ok).toBe(true);
    const afterImport = await expectExact(db);
    expect(afterImport.stats.length).toBeGreaterThan(50);

    expect((await importPath(db, fixture)).ok).toBe(true);
    expect(await expectExact(db)).toEqual(afterImport);

    const xz01 = (
      await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow()
    ).id;
    const first = await db
      .selectFrom('activities')
      .select(['id', 'held_on'])
      .where('branch_id', '=', xz01)
      .orderBy('held_on')
      .executeTakeFirstOrThrow();
    // Move an activity to another month and quarter, drop a format, add a sharer, delete another activity,
    // add an achievement and edit one.
    await db.updateTable('activities').set({ held_on: '2025-11-30' }).where('id', '=', first.id).execute();
    await db
      .deleteFrom('activity_formats')
      .where('activity_id', '=', first.id)
      .where('format', '=', 'video')
      .execute();
    await db
      .insertInto('activity_sharers')
      .values({ activity_id: first.id, member_code: 'M00005' })
      .execute();
    const last = await db
      .selectFrom('activities')
      .select('id')
      .where('branch_id', '=', xz01)
      .orderBy('held_on', 'desc')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('activities').where('id', '=', last.id).execute();
    await db
      .insertInto('achievements')
      .values({
        branch_id: xz01,
        achieved_on: '2025-02-02',
        kind: 'award',
        title: 'x',
        level: 'school',
        hours: null,
        participants: null,
        notes: null,
      })
      .execute();
    await db
      .updateTable('achievements')
      .set({ hours: 100 })
      .where('branch_id', '=', xz01)
      .where('kind', '=', 'volunteer_service')
      .execute();
    await expectExact(db);

    const c = toMetricsCase(await computeMetrics(db, { period: '2025', today: '2026-06-01' }));
    expect(c.branches.XZ01!.sessions).toBe(32);
    expect(c.branches.XZ01!.awards).toBe(1);
    expect(c.branches.XZ01!.volunteerHours).toBe(200);
    expect(c.branches.XZ01!.sharingCoverage).toBe(14 / 16);
    // January lost its theme day: a new unmet slot.
    expect(c.branches.XZ01!.backlog).toContainEqual({ type: 'theme_day', slot: '2025-01' });

    // Within a caller's transaction too (the importer's path): triggers mark, refresh recomputes.
    await db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('activities')
        .where('branch_id', '=', xz01)
        .where('held_on', '>=', '2025-12-01')
        .execute();
      await refreshRollups(trx);
    });
    await expectExact(db);
  });
});
