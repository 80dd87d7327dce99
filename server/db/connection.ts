import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect } from 'kysely';
import type { Database } from './database';
import { migrateToLatest } from './migrate';
import { isPostgresUrl, openPostgres } from './postgres/connect';

export interface OpenDatabaseOptions {
  /** A file path, ':memory:', or `postgres://…` (a PostgreSQL server: postgres/connect.ts). */
  url: string;
  /** Run migrations to latest before returning (default true). */
  migrate?: boolean;
  /**
   * How long a write waits for another connection's write to finish (better-sqlite3 waits blocking
   * its thread). Default 5 s; the request thread uses 0 and retries without blocking (db/busy.ts).
   */
  busyTimeoutMs?: number;
}

/**
 * Opens the database at `url`, migrated to latest: the embedded file with WAL, foreign keys and a busy
 * timeout, or a pool on a PostgreSQL server.
 */
export async function openDatabase({
  url,
  migrate = true,
  busyTimeoutMs = 5000,
}: OpenDatabaseOptions): Promise<Kysely<Database>> {
  if (isPostgresUrl(url)) {
    const db = openPostgres(url);
    if (migrate) await migrateToLatest(db);
    return db;
  }
  const path = url.startsWith('file:') ? url.slice('file:'.length) : url;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  sqlite.pragma('synchronous = NORMAL');
  // The metrics read whole-branch roll-ups on every request: keep the hot pages in memory.
  // SQLite's default cache (~8 MB) makes a 10,000-branch database re-read from disk on every query.
  sqlite.pragma(`cache_size = -${Number(process.env.SQLITE_CACHE_MB ?? 256) * 1024}`);
  sqlite.pragma(`mmap_size = ${Number(process.env.SQLITE_MMAP_MB ?? 1024) * 1024 * 1024}`);
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  if (migrate) await migrateToLatest(db);
  return db;
}

/** Prepared statements kept per connection (by SQL text), least recently used dropped first. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The connection as Kysely sees it, with prepared statements reused: Kysely prepares every query it
 * runs, and the metrics SQL is long (40 packed sums, several joins) — preparing it again cost about
 * 4 % of a cold college evaluation. A statement still being iterated (`busy`) is never handed out.
 * Kysely's `begin` becomes `begin immediate` here (see prepare).
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      // Every transaction takes the write lock when it begins (all of ours write). A deferred one that
      // reads first fails at its first write with SQLITE_BUSY_SNAPSHOT — no busy wait — whenever another
      // connection (an API worker touching a session, a sign-in) committed in between.
      const sql = text === 'begin' ? 'begin immediate' : text;
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      return statement;
    },
  };
}
