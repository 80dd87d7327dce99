/**
 * Partial months at the edges of a counted range are read from the day roll-up (branch_day_stats):
 * every summable column of every branch equals the raw aggregation of the whole range, and the day rows
 * equal the raw rows aggregated per day. A year to date read from its ytd row equals its slots added up.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { loadDemo } from '../../../server/demo';
import { RAW_COLUMNS, READ_INDEX } from '../../../server/metrics/columns';
import { queryBranchSums, rawSumsSql } from '../../../server/metrics/queries/stat-sums';
import { planSums, queryWholeSlots, yearToDate } from '../../../server/metrics/range-plan';
import { refreshRollups } from '../../../server/metrics/rollups';
import { describeOnBothBackends } from '../../helpers/test-db';

/** Per branch, the raw sums of every day from..to (no roll-up involved). */
async function rawSums(db: Kysely<Database>, from: string, to: string) {
  const cols = RAW_COLUMNS.filter((c) => c in READ_INDEX);
  const { rows } = await sql<Record<string, number>>`select branch_id, ${sql.join(
    cols.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`),
  )} from (${rawSumsSql({ kind: 'range', from, to })}) r group by branch_id`.execute(db);
  return { cols, rows };
}

/** Branches with any non-zero sum (a branch without rows may be read as zeros or not at all). */
const nonZero = (m: Map<number, readonly number[]>) =>
  Object.fromEntries([...m].filter(([, row]) => row.some((v) => v !== 0)));

describeOnBothBackends('edges of a counted range', (createDb) => {
  it('gives every branch the raw sums of the range', async () => {
    const db = await createDb();
    await loadDemo(db, { branches: 30, years: 3, seed: 5, today: '2026-03-01' });
    await refreshRollups(db);
    const ranges = [
      ['2025-01-01', '2025-11-19'],
      ['2025-03-04', '2025-09-27'],
      ['2024-02-03', '2024-02-27'],
      ['2025-06-02', '2025-06-30'],
      ['2024-12-20', '2025-01-12'],
      ['2025-01-01', '2025-05-31'],
      ['2024-01-01', '2025-06-30'],
      ['2025-01-01', '2025-03-31'],
    ] as const;
    let ytdRows = 0;
    let edges = 0;
    for (const [from, to] of ranges) {
      const plan = planSums(from, to, await queryWholeSlots(db, from, to));
      edges += plan.edges.length;
      const fast = await queryBranchSums(db, plan);
      // A year to date read as one ytd row per branch gives every column (met slots too) of the slots.
      const ytd = yearToDate(plan);
      ytdRows += ytd.slots.filter((slot) => slot.length === 'ytd').length;
      expect(nonZero(await queryBranchSums(db, ytd)), `${from}..${to} ytd`).toEqual(nonZero(fast));
      const { cols, rows } = await rawSums(db, from, to);
      expect(rows.length).toBeGreaterThan(20);
      for (const row of rows) {
        const got = fast.get(row.branch_id!);
        for (const c of cols) {
          const value = got?.[READ_INDEX[c as keyof typeof READ_INDEX]] ?? 0;
          if (c === 'ach_hours') expect(value, `${from}..${to} ${c}`).toBeCloseTo(row[c]!, 9);
          else expect(value, `${from}..${to} ${c}`).toBe(row[c]);
        }
      }
    }
    expect(edges).toBe(6);
    expect(ytdRows).toBe(3);
    // The day rows themselves: the raw rows per branch and day, column by column.
    const cols = RAW_COLUMNS.map((c) => sql.ref(c));
    const { rows: days } = await sql`select day, branch_id, ${sql.join(cols)} from branch_day_stats
      order by day, branch_id`.execute(db);
    const { rows: raw } = await sql`select day, branch_id, ${sql.join(cols)}
      from (${rawSumsSql({ kind: 'range', from: '1990-01-01', to: '2100-12-31' }, 'day')}) r
      order by day, branch_id`.execute(db);
    expect(days.length).toBeGreaterThan(1000);
    expect(days).toEqual(raw);
  });
});
