/**
 * The college's sums added up in memory from parts kept per version (college-sums.ts) are exactly the
 * joined SQL's (stat-sums.ts) for every branch, over whole years, year-to-date rows, quarters, months,
 * partial-month edges read as days or as their month minus its other days, and ranges across years;
 * after a write the parts follow the new data.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadDemo } from '../../../server/demo';
import { READ_COLUMNS } from '../../../server/metrics/columns';
import { forEachCollegeSums } from '../../../server/metrics/queries/college-sums';
import { queryBranchSums, type TSumsPlan } from '../../../server/metrics/queries/stat-sums';
import { planSums, queryWholeSlots, yearToDate } from '../../../server/metrics/range-plan';
import { refreshRollups } from '../../../server/metrics/rollups';
import { createTestDb } from '../../helpers/test-db';
import { addActivity } from './seed';

type TDb = Awaited<ReturnType<typeof createTestDb>>;

/** Branch id → sums, without the branches whose sums are all 0 (the SQL gives every branch a row). */
async function viaSql(db: TDb, plan: TSumsPlan) {
  const rows = await queryBranchSums(db, plan);
  return Object.fromEntries(
    [...rows].filter(([, row]) => row.some((v) => v !== 0)).map(([id, row]) => [id, [...row]]),
  );
}

async function inMemory(db: TDb, plan: TSumsPlan) {
  const out: Record<number, number[]> = {};
  await forEachCollegeSums(db, plan, undefined, (id: number, values: ArrayLike<number>, at: number) => {
    const row = Array.from({ length: READ_COLUMNS.length }, (_, c) => values[at + c] as number);
    if (row.some((v) => v !== 0)) out[id] = row;
  });
  return out;
}

const RANGES = [
  ['2025-01-01', '2025-12-31'],
  ['2025-01-01', '2025-11-19'],
  ['2026-01-01', '2026-02-27'],
  ['2025-04-01', '2025-06-30'],
  ['2025-03-01', '2025-03-31'],
  ['2025-03-05', '2025-08-20'],
  ['2025-07-15', '2025-07-15'],
  ['2025-07-02', '2025-07-30'],
  ['2024-02-10', '2026-02-27'],
  ['2020-01-01', '2026-02-28'],
];

describe('college sums from kept parts', () => {
  it('equal the joined SQL for every branch and range, and follow a write', async () => {
    const db = await createTestDb();
    await loadDemo(db, { branches: 30, years: 3, seed: 5, today: '2026-02-28' });
    await refreshRollups(db);
    const check = async () => {
      let compared = 0;
      for (const [start, asOf] of RANGES) {
        const plan = planSums(start!, asOf!, await queryWholeSlots(db, start!, asOf!));
        for (const p of [plan, yearToDate(plan)]) {
          const expected = await viaSql(db, p);
          expect(await inMemory(db, p), `${start}..${asOf}`).toEqual(expected);
          compared += Object.keys(expected).length;
        }
      }
      return compared;
    };
    expect(await check()).toBeGreaterThan(300);
    // A write moves the metrics version: the kept parts are read again.
    const before = await inMemory(
      db,
      planSums('2025-01-01', '2025-12-31', await queryWholeSlots(db, '2025-01-01', '2025-12-31')),
    );
    await db
      .deleteFrom('achievements')
      .where('achieved_on', '>=', '2025-03-01')
      .where('achieved_on', '<=', '2025-07-20')
      .execute();
    await refreshRollups(db);
    const after = await inMemory(
      db,
      planSums('2025-01-01', '2025-12-31', await queryWholeSlots(db, '2025-01-01', '2025-12-31')),
    );
    expect(after).not.toEqual(before);
    await check();
  });

  it('keep the parts of a year no write touched, and read a touched year again', async () => {
    const db = await createTestDb();
    await loadDemo(db, { branches: 12, years: 3, seed: 9, today: '2026-02-28' });
    await refreshRollups(db);
    const year2025 = planSums(
      '2025-01-01',
      '2025-12-31',
      await queryWholeSlots(db, '2025-01-01', '2025-12-31'),
    );
    const kept = await inMemory(db, year2025);
    expect(await viaSql(db, year2025)).toEqual(kept);
    // A roll-up row of 2025 changed behind the engine's back (no trigger sees it): a kept part does not
    // notice, so the figures staying put shows the part was not read again…
    const bump = () =>
      sql`update branch_slot_stats set sessions = sessions + 100 where length = 'year'
      and slot_start = '2025-01-01'`.execute(db);
    await bump();
    const branch = await db
      .selectFrom('units')
      .select('id')
      .where('kind', '=', 'branch')
      .executeTakeFirstOrThrow();
    // …after a write in 2026 (the metrics version moves, 2025's roll-up version does not).
    await addActivity(db, branch.id, '2026-02-10', 'theme_day', { expected: 5, attended: 5 });
    await refreshRollups(db);
    expect(await inMemory(db, year2025)).toEqual(kept);
    // A write in 2025 rewrites that year's rows (repairing the bump) and moves its version: read again.
    await bump();
    await addActivity(db, branch.id, '2025-05-10', 'theme_day', { expected: 5, attended: 5 });
    await refreshRollups(db);
    const reread = await inMemory(db, year2025);
    expect(reread).toEqual(await viaSql(db, year2025));
    expect(reread[branch.id]?.[0]).toBe((kept[branch.id]?.[0] ?? 0) + 1);
    // Days from December into January (no whole month): one part of two years, read again when either
    // year is written.
    const newYear = planSums('2025-12-05', '2026-01-10', []);
    expect(newYear.edges).toEqual([{ from: '2025-12-05', to: '2026-01-10' }]);
    const before = await inMemory(db, newYear);
    await addActivity(db, branch.id, '2026-01-05', 'theme_day', { expected: 5, attended: 5 });
    await refreshRollups(db);
    const after = await inMemory(db, newYear);
    expect(after).toEqual(await viaSql(db, newYear));
    expect(after[branch.id]?.[0]).toBe((before[branch.id]?.[0] ?? 0) + 1);
  });
});
