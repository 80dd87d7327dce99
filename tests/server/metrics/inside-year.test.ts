/**
 * Member counts of ranges inside one calendar year and across years (member-index.ts: membership rows
 * and share days in memory) are exactly what the raw membership and sharer rows give, for every branch
 * of a generated college with churn inside the ranges.
 */
import { describe, expect, it } from 'vitest';
import { loadDemo } from '../../../server/demo';
import { queryMemberCounts } from '../../../server/metrics/queries/member-stats';
import { refreshRollups } from '../../../server/metrics/rollups';
import { createTestDb } from '../../helpers/test-db';
import { nonZeroCounts as nonZero, rawMemberCounts as rawCounts } from './raw-member-counts';

describe('member counts of ranges inside one year', () => {
  it('equal the raw rows for years to date, most of a year and shorter ranges', async () => {
    const db = await createTestDb();
    await loadDemo(db, { branches: 40, years: 3, seed: 9, today: '2026-03-01' });
    // Churn inside 2025: members leaving in spring, joining in autumn, one joining after the ranges.
    const open = (
      await db
        .selectFrom('members')
        .select('id')
        .where('left_on', 'is', null)
        .where('joined_on', '<=', '2025-01-01')
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
    await db
      .updateTable('members')
      .set({ left_on: '2025-04-15' })
      .where('id', 'in', open.slice(0, 30))
      .execute();
    await db
      .updateTable('members')
      .set({ joined_on: '2025-10-10' })
      .where('id', 'in', open.slice(30, 60))
      .execute();
    await db
      .updateTable('members')
      .set({ joined_on: '2025-12-28' })
      .where('id', 'in', open.slice(60, 70))
      .execute();
    await refreshRollups(db);
    const ranges = [
      ['2025-01-01', '2025-11-19'],
      ['2025-03-05', '2025-12-20'],
      ['2025-02-01', '2025-12-31'],
      ['2025-01-01', '2025-07-31'],
      ['2024-01-01', '2024-10-31'],
      ['2025-04-01', '2025-06-30'],
      ['2025-05-10', '2025-06-20'],
      ['2024-11-15', '2025-02-10'],
      ['2024-01-01', '2025-12-31'],
      ['2024-06-15', '2026-02-20'],
      ['2025-04-15', '2025-04-15'],
    ] as const;
    let differsFromYear = 0;
    for (const [from, to] of ranges) {
      const counts = await queryMemberCounts(db, { start: from, asOf: to });
      const raw = await rawCounts(db, from, to);
      expect(nonZero(counts), `${from}..${to}`).toEqual(nonZero(raw));
      expect([...raw.values()].some((c) => c.sharers > 0)).toBe(true);
      const yearStart = `${from.slice(0, 4)}-01-01`;
      const year = await rawCounts(db, yearStart, `${from.slice(0, 4)}-12-31`);
      differsFromYear += [...raw].filter(([id, c]) => year.get(id)?.sharers !== c.sharers).length;
    }
    // The corrections matter: many branches count fewer sharers in these ranges than in their year.
    expect(differsFromYear).toBeGreaterThan(20);
  });
});
