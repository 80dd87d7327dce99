/**
 * Ranges inside one calendar year read from the year's member roll-ups with corrections
 * (member-stats.ts: active = year's count − joins after − leaves before; sharers of most of a year =
 * the year's set − members inactive in the range − pairs only outside it) count exactly what the raw
 * membership and sharer rows give, for every branch of a generated college.
 */
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { loadDemo } from '../../../server/demo';
import { queryMemberCounts } from '../../../server/metrics/queries/member-stats';
import { planSums, queryWholeSlots } from '../../../server/metrics/range-plan';
import { refreshRollups } from '../../../server/metrics/rollups';
import { createTestDb } from '../../helpers/test-db';

/** metrics.md straight from the rows: members overlapping the range; distinct sharers who are among them. */
async function rawCounts(db: Kysely<Database>, from: string, to: string) {
  const active = await sql<{ branch_id: number; n: number }>`select branch_id, count(*) as n from members
    where joined_on <= ${to} and (left_on is null or left_on >= ${from}) group by branch_id`.execute(db);
  const sharers = await sql<{ branch_id: number; n: number }>`select x.branch_id, count(*) as n
    from (select distinct a.branch_id, s.member_code from activities a
      join activity_sharers s on s.activity_id = a.id where a.held_on >= ${from} and a.held_on <= ${to}) x
    join members m on m.branch_id = x.branch_id and m.code = x.member_code
    where m.joined_on <= ${to} and (m.left_on is null or m.left_on >= ${from})
    group by x.branch_id`.execute(db);
  const out = new Map<number, { activeMembers: number; sharers: number }>();
  for (const r of active.rows) out.set(r.branch_id, { activeMembers: r.n, sharers: 0 });
  for (const r of sharers.rows) {
    const entry = out.get(r.branch_id) ?? { activeMembers: 0, sharers: 0 };
    entry.sharers = r.n;
    out.set(r.branch_id, entry);
  }
  return out;
}

const nonZero = (m: Map<number, { activeMembers: number; sharers: number }>) =>
  Object.fromEntries([...m].filter(([, c]) => c.activeMembers > 0 || c.sharers > 0));

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
    ] as const;
    let differsFromYear = 0;
    for (const [from, to] of ranges) {
      const plan = planSums(from, to, await queryWholeSlots(db, from, to));
      const counts = await queryMemberCounts(db, { start: from, asOf: to, plan });
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
