/**
 * Partial months at the edges of a counted range: an edge covering most of its month is read as the
 * month's roll-up row minus the raw rows of the other days (stat-sums.ts complementInMonth). Every
 * summable column of every branch equals the raw aggregation of the whole range.
 */
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { loadDemo } from '../../../server/demo';
import { RAW_COLUMNS, READ_INDEX } from '../../../server/metrics/columns';
import {
  complementInMonth,
  queryBranchSums,
  rawMonthlySumsSql,
} from '../../../server/metrics/queries/stat-sums';
import { planSums, queryWholeSlots } from '../../../server/metrics/range-plan';
import { refreshRollups } from '../../../server/metrics/rollups';
import { createTestDb } from '../../helpers/test-db';

/** Per branch, the raw sums of every day from..to (no roll-up involved). */
async function rawSums(db: Kysely<Database>, from: string, to: string) {
  const cols = RAW_COLUMNS.filter((c) => c in READ_INDEX);
  const { rows } = await sql<Record<string, number>>`select branch_id, ${sql.join(
    cols.map((c) => sql`sum(${sql.ref(c)}) as ${sql.ref(c)}`),
  )} from (${rawMonthlySumsSql({ kind: 'range', from, to })}) r group by branch_id`.execute(db);
  return { cols, rows };
}

describe('edges read as month minus the other days', () => {
  it('chooses the complement only for most of one month', () => {
    expect(complementInMonth({ from: '2025-11-01', to: '2025-11-19' })).toEqual({
      month: '2025-11-01',
      days: [{ from: '2025-11-20', to: '2025-11-30' }],
    });
    expect(complementInMonth({ from: '2024-02-05', to: '2024-02-25' })).toEqual({
      month: '2024-02-01',
      days: [
        { from: '2024-02-01', to: '2024-02-04' },
        { from: '2024-02-26', to: '2024-02-29' },
      ],
    });
    expect(complementInMonth({ from: '2025-11-01', to: '2025-11-10' })).toBeUndefined();
    expect(complementInMonth({ from: '2025-10-20', to: '2025-11-19' })).toBeUndefined();
  });

  it('gives every branch the raw sums of the range', async () => {
    const db = await createTestDb();
    await loadDemo(db, { branches: 30, years: 3, seed: 5, today: '2026-03-01' });
    await refreshRollups(db);
    const ranges = [
      ['2025-01-01', '2025-11-19'],
      ['2025-03-04', '2025-09-27'],
      ['2024-02-03', '2024-02-27'],
      ['2025-06-02', '2025-06-30'],
      ['2024-12-20', '2025-01-12'],
    ] as const;
    let complemented = 0;
    for (const [from, to] of ranges) {
      const plan = planSums(from, to, await queryWholeSlots(db, from, to));
      complemented += plan.edges.filter((e) => complementInMonth(e)).length;
      const fast = await queryBranchSums(db, plan);
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
    expect(complemented).toBeGreaterThanOrEqual(4);
  });
});
