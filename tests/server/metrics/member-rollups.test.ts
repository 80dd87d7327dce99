/**
 * The member roll-ups (active members per year, sharer `active` flags) stay exact on every write path,
 * and the engine's member counts of a year, or of a range inside one, equal the raw membership scan.
 */
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { importPath } from '../../../server/import';
import { queryMemberCounts } from '../../../server/metrics/queries/member-stats';
import { rebuildRollups, refreshRollups } from '../../../server/metrics/rollups';
import { createTestDb } from '../../helpers/test-db';
import { nonZeroCounts, rawMemberCounts } from './raw-member-counts';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));

async function snapshot(db: Kysely<Database>) {
  const years = await sql`select * from branch_member_years order by slot_start, branch_id`.execute(db);
  const totals = await sql`select * from branch_member_totals order by branch_id`.execute(db);
  const sharers =
    await sql`select * from branch_slot_sharers order by length, slot_start, branch_id, member_code`.execute(
      db,
    );
  return { years: years.rows, totals: totals.rows, sharers: sharers.rows };
}

/** The incrementally maintained roll-ups equal ones rebuilt from scratch. */
async function expectExact(db: Kysely<Database>) {
  await refreshRollups(db);
  const incremental = await snapshot(db);
  await rebuildRollups(db);
  expect(incremental).toEqual(await snapshot(db));
  return incremental;
}

/** Ranges inside year `y`: year to date, a quarter, a month, an odd span, one day. */
const insideYear = (y: number) => [
  [`${y}-01-01`, `${y}-11-19`],
  [`${y}-04-01`, `${y}-06-30`],
  [`${y}-03-01`, `${y}-03-31`],
  [`${y}-03-05`, `${y}-08-20`],
  [`${y}-07-15`, `${y}-07-15`],
];

/**
 * Per year 2019–2028: the engine's member counts (member-index.ts) equal the raw membership and sharer
 * rows for the year and for ranges inside it. Returns the one-year counts.
 */
async function expectSameAsRaw(db: Kysely<Database>) {
  await refreshRollups(db);
  const all: Record<string, Record<number, { activeMembers: number; sharers: number }>> = {};
  for (let y = 2019; y <= 2028; y++) {
    for (const [from, to] of [[`${y}-01-01`, `${y}-12-31`], ...insideYear(y)]) {
      const counts = await queryMemberCounts(db, { start: from!, asOf: to! });
      const raw = nonZeroCounts(await rawMemberCounts(db, from!, to!));
      expect(nonZeroCounts(counts), `${from}..${to}`).toEqual(raw);
      // Some branches only (a branch page): every other one and an id that is no branch.
      const some = Object.keys(raw)
        .map(Number)
        .filter((_, i) => i % 2 === 0);
      const ofSome = await queryMemberCounts(db, { start: from!, asOf: to!, branchIds: [...some, 999_999] });
      expect(nonZeroCounts(ofSome), `${from}..${to} some`).toEqual(
        Object.fromEntries(some.map((id) => [id, raw[id]])),
      );
    }
    all[y] = nonZeroCounts(await queryMemberCounts(db, { start: `${y}-01-01`, asOf: `${y}-12-31` }));
  }
  return all;
}

const totalActive = (counts: Record<number, { activeMembers: number }>) =>
  Object.values(counts).reduce((n, c) => n + c.activeMembers, 0);

describe('member roll-ups', () => {
  it('are exact after import, re-import and member edits of every kind, and match the raw scan', async () => {
    const db = await createTestDb();
    expect((await importPath(db, fixture)).ok).toBe(true);
    const afterImport = await expectExact(db);
    expect(afterImport.years.length).toBeGreaterThan(5);
    expect(afterImport.sharers.some((r) => (r as { active: number }).active === 1)).toBe(true);
    const before = await expectSameAsRaw(db);
    expect(totalActive(before[2025]!)).toBeGreaterThan(10);
    expect(Object.values(before[2025]!).some((c) => c.sharers > 0)).toBe(true);

    expect((await importPath(db, fixture)).ok).toBe(true);
    expect(await expectExact(db)).toEqual(afterImport);

    const unitId = async (code: string) =>
      (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    const xz01 = await unitId('XZ01');
    const sharer = await db
      .selectFrom('branch_slot_sharers')
      .select(['member_code', 'branch_id'])
      .where('length', '=', 'year')
      .where('slot_start', '=', '2025-01-01')
      .where('active', '=', 1)
      .executeTakeFirstOrThrow();
    // A sharer leaves before the year: no longer counted; a member joins after every other date (the
    // span grows); one moves branch; one is deleted; one gets a left_on.
    await db
      .updateTable('members')
      .set({ joined_on: '2020-01-01', left_on: '2024-06-30' })
      .where('branch_id', '=', sharer.branch_id)
      .where('code', '=', sharer.member_code)
      .execute();
    await db
      .insertInto('members')
      .values({
        code: 'MNEW1',
        name: '新',
        branch_id: xz01,
        role: 'member',
        joined_on: '2027-05-01',
        left_on: null,
      })
      .execute();
    const moved = await db
      .selectFrom('members')
      .select('id')
      .where('branch_id', '=', xz01)
      .where('left_on', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const other = await db
      .selectFrom('units')
      .select('id')
      .where('kind', '=', 'branch')
      .where('id', '!=', xz01)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('members').set({ branch_id: other.id }).where('id', '=', moved.id).execute();
    const removed = await db
      .selectFrom('members')
      .select('id')
      .where('branch_id', '=', xz01)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('members').where('id', '=', removed.id).execute();
    await db
      .updateTable('members')
      .set({ left_on: '2026-03-31' })
      .where('branch_id', '=', other.id)
      .where('left_on', 'is', null)
      .execute();
    await expectExact(db);
    const after = await expectSameAsRaw(db);
    expect(after[2025]![sharer.branch_id]!.sharers).toBeLessThan(before[2025]![sharer.branch_id]!.sharers);
    expect(after[2028]![xz01]!.activeMembers).toBeGreaterThan(0);

    // Within a caller's transaction too (the importer's path): triggers mark, refresh recomputes.
    await db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('members')
        .where('branch_id', '=', xz01)
        .where('joined_on', '>=', '2025-01-01')
        .execute();
      await refreshRollups(trx);
    });
    await expectExact(db);
    await expectSameAsRaw(db);
  });
});
