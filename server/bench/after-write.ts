/**
 * `npm run bench:after-write`: what the first call of each period costs after a write of this year's
 * sessions (an import correcting 500 of them, refreshed), in process on a copy of the bench college.
 * Periods whose years the write did not touch are kept (metrics/versions.ts): last year's and earlier
 * cost a lookup; this year's are evaluated again, with their year-earlier side kept.
 *
 *   BENCH_SIZES=2000,10000 BENCH_RUNS=5 npm run bench:after-write
 */
import { copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../db/connection';
import { getBranchMetrics } from '../metrics/api';
import { clearPeriodResults } from '../metrics/memo';
import { refreshRollups } from '../metrics/rollups';
import { openScope } from '../metrics/scope';
import { BENCH_TODAY, ensureBenchDataset } from './datasets';
import { formatTable } from './load-stats';

const sizes = (process.env.BENCH_SIZES ?? '2000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
/** This year to date, last year, a quarter of each, the year before last. */
const PERIODS = ['2026', '2025', '2026-Q3', '2025-Q4', '2024'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const rows: string[][] = [['branches', 'period', 'after a 2026 write p50 ms', 'cold p50 ms']];
for (const size of sizes) {
  const copy = join(tmpdir(), `bench-after-write-${size}-${process.pid}.db`);
  copyFileSync(await ensureBenchDataset(size), copy);
  const db = await openDatabase({ url: copy });
  try {
    const time = async (period: string) => {
      const started = performance.now();
      await getBranchMetrics(db, { scope: await openScope(db, { period, today: BENCH_TODAY }) });
      return performance.now() - started;
    };
    const afterWrite = new Map<string, number[]>();
    const cold = new Map<string, number[]>();
    for (const period of PERIODS) await time(period);
    for (let run = 0; run < runs; run++) {
      // Flips a flag the metrics read on 500 of this year's sessions: their months' roll-ups and this
      // year's roll-up version move, as an import correcting them does.
      await sql`update activities set integrated_with_work = 1 - integrated_with_work
        where id in (select id from activities where held_on >= '2026-01-01' order by id limit 500)`.execute(
        db,
      );
      await refreshRollups(db);
      for (const period of PERIODS)
        afterWrite.set(period, [...(afterWrite.get(period) ?? []), await time(period)]);
      // The same periods as `npm run bench` measures them cold: their results cleared, the college data
      // (member index, branch list) kept, as the API workers rebuild it after an import.
      for (const period of PERIODS) {
        clearPeriodResults(db);
        cold.set(period, [...(cold.get(period) ?? []), await time(period)]);
      }
      for (const period of PERIODS) await time(period);
    }
    for (const period of PERIODS)
      rows.push([
        String(size),
        period,
        median(afterWrite.get(period) ?? []).toFixed(1),
        median(cold.get(period) ?? []).toFixed(1),
      ]);
  } finally {
    await db.destroy();
    rmSync(copy, { force: true });
    rmSync(`${copy}-wal`, { force: true });
    rmSync(`${copy}-shm`, { force: true });
  }
}
console.log(formatTable(rows, ''));
console.log(`\n${runs} runs; cold = the period's results cleared (as npm run bench), the college data kept`);
