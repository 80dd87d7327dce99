import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database';
import { migrateToLatest } from './migrate';

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:'. */
  url: string;
  /** Run migrations to latest before returning (default true). */
  migrate?: boolean;
}

/** Opens the embedded database with WAL, foreign keys and a busy timeout, migrated to latest. */
export async function openDatabase({ url, migrate = true }: OpenDatabaseOptions): Promise<Kysely<Database>> {
  const path = url.startsWith('file:') ? url.slice('file:'.length) : url;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // The metrics read whole-branch roll-ups on every request: keep the hot pages in memory.
  // SQLite's default cache (~8 MB) makes a 10,000-branch database re-read from disk on every query.
  sqlite.pragma(`cache_size = -${Number(process.env.SQLITE_CACHE_MB ?? 256) * 1024}`);
  sqlite.pragma(`mmap_size = ${Number(process.env.SQLITE_MMAP_MB ?? 1024) * 1024 * 1024}`);
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  if (migrate) await migrateToLatest(db);
  return db;
}
