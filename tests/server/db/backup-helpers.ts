/** Reading database files for the backup and restore tests: metrics, contents, integrity, the CLI. */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../../../server/db/connection';
import { computeMetrics, toMetricsCase } from '../../../server/metrics/report';
import { CLI_COMMAND, cliArgs } from '../../helpers/cli';
import { dumpDatabase } from '../import/import-helpers';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * What a database shows: the metrics of two years (the CLI's `metrics --json` case) and a digest of every
 * row of every table. Opening through openDatabase refreshes stale roll-ups first, as the server would.
 */
export async function stateOf(path: string, today: string): Promise<{ metrics: string; rows: string }> {
  const db = await openDatabase({ url: path });
  try {
    const metrics = [];
    for (const period of ['2024', '2025']) {
      metrics.push(toMetricsCase(await computeMetrics(db, { period, today })));
    }
    const rows = createHash('sha256')
      .update(await dumpDatabase(db))
      .digest('hex');
    return { metrics: JSON.stringify(metrics), rows };
  } finally {
    await db.destroy();
  }
}

export function integrityCheck(path: string): string[] {
  // Read-write: a read-only connection to a WAL database would leave its -wal and -shm behind.
  const sqlite = new SQLite(path, { fileMustExist: true });
  try {
    return (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  } finally {
    sqlite.close();
  }
}

export function fileDigest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** `npm run cli -- <args>` as a user runs it, against DATABASE_URL `databasePath`. */
export function cli(args: string[], databasePath: string): SpawnSyncReturns<string> {
  return spawnSync(CLI_COMMAND, cliArgs(...args), {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databasePath },
    encoding: 'utf8',
    timeout: 120_000,
  });
}
