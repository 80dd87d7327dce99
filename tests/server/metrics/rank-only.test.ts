/**
 * The rank-only path (evaluate.ts computeRanks: only the weighted metrics with a goal and complianceRate per
 * branch, from one reused sums object) ranks exactly like ranking the full evaluation, for every branch
 * of the mini fixture and of a generated demo, over years, quarters, months and odd ranges, with the
 * shipped weights and with every metric weighted and given a goal; and the evaluated table's index
 * equals the index of every branch's full values.
 */
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { loadDemo } from '../../../server/demo';
import { importPath } from '../../../server/import';
import { getBranchDetail } from '../../../server/metrics/api';
import { roundIndex } from '../../../server/metrics/derive';
import { computeRange, computeRanks, type RangeTable, type TRange } from '../../../server/metrics/evaluate';
import { clearMetricsMemo } from '../../../server/metrics/memo';
import { loadWeights } from '../../../server/metrics/queries/goals';
import { ranksOf } from '../../../server/metrics/rank';
import { refreshRollups } from '../../../server/metrics/rollups';
import { openScope } from '../../../server/metrics/scope';
import { METRIC_KEYS, RATE_METRICS } from '../../../shared/metric-keys';
import { describeOnBothBackends } from '../../helpers/test-db';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));

const sorted = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]);

/**
 * The table's index and complianceRate (computed from sums, one metric at a time) equal metrics.md's
 * index over the row's goals (100 × Σ w·attainment / Σ w, weights in order), row by row.
 */
function indexFromGoals(
  goals: ReturnType<RangeTable['goalsAt']>,
  weights: Awaited<ReturnType<typeof loadWeights>>,
): number | null {
  let num = 0;
  let den = 0;
  for (const [key, w] of Object.entries(weights) as [keyof typeof goals, number][]) {
    const attainment = goals[key]?.attainment;
    if (!(w > 0) || attainment === undefined || attainment === null) continue;
    num += w * attainment;
    den += w;
  }
  return den > 0 ? roundIndex((100 * num) / den) : null;
}

async function expectIndexFromValues(db: Kysely<Database>, table: RangeTable, goalYear: number) {
  const weights = await loadWeights(db, goalYear);
  for (let i = 0; i < table.size; i++) {
    const values = table.valuesAt(i);
    expect(table.indexAt(i)).toBe(indexFromGoals(table.goalsAt(i, values), weights));
    expect(table.complianceRateAt(i)).toBe(values.complianceRate);
  }
}

/** Both paths over `range`; returns how many branches were ranked. */
async function expectSameRanks(db: Kysely<Database>, range: TRange): Promise<number> {
  const table = await computeRange(db, range);
  await expectIndexFromValues(db, table, Number(range.start.slice(0, 4)));
  const full = ranksOf(table);
  const rankOnly = await computeRanks(db, range);
  expect(sorted(rankOnly.rank)).toEqual(sorted(full.rank));
  expect(sorted(rankOnly.groupRank)).toEqual(sorted(full.groupRank));
  return full.rank.size;
}

/** Every metric weighted (weights 1…15) and given a yearly goal for every branch, for `years`. */
async function weighEverything(db: Kysely<Database>, years: readonly number[]) {
  await db.deleteFrom('metric_weights').execute();
  await db
    .insertInto('metric_weights')
    .values(years.flatMap((year) => METRIC_KEYS.map((metric, i) => ({ year, metric, weight: i + 1 }))))
    .execute();
  await db.deleteFrom('goals').where('scope_type', '=', 'all').execute();
  await db
    .insertInto('goals')
    .values(
      years.flatMap((year) =>
        METRIC_KEYS.map((metric) => ({
          year,
          scope_type: 'all' as const,
          scope_ref: '',
          metric,
          // Rates reachable by some branches, counts and levels small enough to be met by some.
          target: (RATE_METRICS as readonly string[]).includes(metric) ? 0.7 : 3,
        })),
      ),
    )
    .execute();
}

const RANGES: TRange[] = [
  { start: '2025-01-01', asOf: '2025-12-31' },
  { start: '2025-01-01', asOf: '2025-06-30' },
  { start: '2025-04-01', asOf: '2025-06-30' },
  { start: '2025-05-01', asOf: '2025-05-31' },
  { start: '2025-03-01', asOf: '2025-08-31' },
  { start: '2024-01-01', asOf: '2024-12-31' },
];

describeOnBothBackends('rank-only path', (createDb) => {
  it('gives every branch of the mini fixture the same rank and categoryRank', async () => {
    const db = await createDb();
    expect((await importPath(db, fixture)).ok).toBe(true);
    await refreshRollups(db);
    let ranked = 0;
    for (const range of RANGES) ranked += await expectSameRanks(db, range);
    expect(ranked).toBeGreaterThan(0);
    await weighEverything(db, [2024, 2025]);
    await refreshRollups(db);
    for (const range of RANGES) await expectSameRanks(db, range);
  });

  it('gives every branch of a generated demo the same rank and categoryRank', async () => {
    const db = await createDb();
    await loadDemo(db, { branches: 80, years: 3, seed: 7, today: '2026-03-01' });
    await refreshRollups(db);
    for (const range of RANGES) expect(await expectSameRanks(db, range)).toBeGreaterThan(40);
    await weighEverything(db, [2024, 2025]);
    await refreshRollups(db);
    for (const range of RANGES) expect(await expectSameRanks(db, range)).toBeGreaterThan(40);

    // A cold branch page (rank-only path) shows the rank a warm one (ranks from the full range) does.
    const units = await db.selectFrom('units').select('id').where('kind', '=', 'branch').execute();
    const request = { period: '2025', today: '2026-03-01' };
    const full = ranksOf(await computeRange(db, { start: '2025-01-01', asOf: '2025-12-31' }));
    for (const { id } of units.slice(0, 10)) {
      clearMetricsMemo(db);
      const { row } = await getBranchDetail(db, { scope: await openScope(db, request), branchId: id });
      expect(row.metrics.rank).toBe(full.rank.get(id) ?? null);
      expect(row.metrics.categoryRank).toBe(full.groupRank.get(id) ?? null);
    }
  });
});
