/**
 * The benchmark colleges: the demo generator's college of `branches` branches × 5 years (seed 1, today
 * BENCH_TODAY), built once with its roll-ups and cached as data/bench/demo-<branches>x5.db. Shared by
 * `npm run bench` (index.ts) and `npm run load` (load.ts), so both measure the same data.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { openDatabase } from '../db/connection';
import type { DB } from '../db/database';
import { loadDemo } from '../demo';
import { refreshRollups } from '../metrics/rollups';

/** The day the bench colleges end on (nothing is dated after it). */
export const BENCH_TODAY = '2026-11-20';
export const BENCH_YEARS = 5;
export const BENCH_SEED = 1;

export function benchDatasetPath(branches: number): string {
  return `data/bench/demo-${branches}x${BENCH_YEARS}.db`;
}

/** The cached database file of this size, built first when missing (minutes for 10,000 branches). */
export async function ensureBenchDataset(branches: number): Promise<string> {
  const path = benchDatasetPath(branches);
  if (!existsSync(path)) {
    mkdirSync('data/bench', { recursive: true });
    const tmp = `${path}.building`;
    const started = performance.now();
    console.error(`building ${path} …`);
    const db = await openDatabase({ url: tmp });
    await loadDemo(db, { branches, years: BENCH_YEARS, seed: BENCH_SEED, today: BENCH_TODAY });
    await refreshRollups(db);
    await db.destroy();
    renameSync(tmp, path);
    console.error(`built ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return path;
  }
  // A file built before a newer migration: migrated and its roll-ups brought up to date once here, so
  // no measured run (or copy of it) pays for the refresh a migration may have asked for.
  const db = await openDatabase({ url: path });
  try {
    await refreshRollups(db);
  } finally {
    await db.destroy();
  }
  return path;
}

/** The cached college of this size, opened (built first when missing). */
export async function openBenchDataset(branches: number): Promise<DB> {
  return openDatabase({ url: await ensureBenchDataset(branches) });
}
