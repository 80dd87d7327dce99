/**
 * The benchmark colleges: the demo generator's college of `branches` branches × 5 years (seed 1, today
 * BENCH_TODAY), built once with its roll-ups and cached as data/bench/demo-<branches>x5.db. Shared by
 * `npm run bench` (index.ts) and `npm run load` (load.ts), so both measure the same data.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../db/connection';
import { copyDatabase } from '../db/copy-db';
import type { DB } from '../db/database';
import { type PostgresCluster, startKeptPostgresCluster } from '../db/postgres/cluster';
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

/**
 * The PostgreSQL cluster of the bench (`--backend postgres`): kept in data/bench/pg between runs, so each
 * college is copied to it once. Memory as an operator would give a dedicated database on this machine
 * (a quarter of the RAM at most for shared_buffers; the rest is the OS's file cache).
 */
export function startBenchPostgres(): Promise<PostgresCluster> {
  return startKeptPostgresCluster(resolve('data/bench/pg'), {
    shared_buffers: '2GB',
    effective_cache_size: '8GB',
    work_mem: '64MB',
  });
}

/**
 * The bench college of this size on the bench cluster: database `demo_<branches>x5`, a copy of the
 * SQLite file made once by copy-db (db/copy-db.ts) — the same rows, ids and roll-ups. Delete
 * data/bench/pg to copy again (after the SQLite file was rebuilt).
 */
export async function openPostgresBenchDataset(cluster: PostgresCluster, branches: number): Promise<DB> {
  const name = `demo_${branches}x${BENCH_YEARS}`;
  const sqlitePath = await ensureBenchDataset(branches);
  const admin = await openDatabase({ url: cluster.url(), migrate: false });
  try {
    const { rows } = await sql`select 1 from pg_database where datname = ${name}`.execute(admin);
    if (rows.length === 0) await sql`create database ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const db = await openDatabase({ url: cluster.url(name) });
  const copied = await db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  if (!copied) {
    // One transaction: an interrupted copy leaves the database empty, and the next run copies again.
    const started = performance.now();
    console.error(`copying ${sqlitePath} to PostgreSQL ${name} …`);
    const source = await openDatabase({ url: sqlitePath });
    try {
      await copyDatabase(source, db);
    } finally {
      await source.destroy();
    }
    await sql`analyze`.execute(db);
    console.error(`copied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return db;
}
