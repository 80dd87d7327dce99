/**
 * What backup and restore need to know about a database file: where DATABASE_URL points, whether a
 * file is SQLite at all, and what a database holds (latest migration, rows of the main tables).
 */
import { closeSync, existsSync, fsyncSync, openSync, readSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type SQLite from 'better-sqlite3';
import { isPostgresUrl } from '../db/postgres/connect';
import { BackupError } from './backup-error';

/** The tables whose row counts backup and restore report, with their names in both languages. */
export const COUNTED_TABLES = [
  { table: 'units', zh: '组织', en: 'units' },
  { table: 'members', zh: '党员', en: 'members' },
  { table: 'activities', zh: '组织生活', en: 'activities' },
  { table: 'achievements', zh: '成果', en: 'achievements' },
  { table: 'goals', zh: '目标', en: 'goals' },
  { table: 'users', zh: '账号', en: 'users' },
  { table: 'audit_log', zh: '操作日志', en: 'audit entries' },
] as const;

export type TCountedTable = (typeof COUNTED_TABLES)[number]['table'];

export interface TDatabaseContents {
  /** The last migration applied (`20261126T0900-sharer-first-day`), null when there is none. */
  latestMigration: string | null;
  /** Rows per counted table; a table the schema does not have yet is left out. */
  rowCounts: Partial<Record<TCountedTable, number>>;
}

/** Kysely's record of applied migrations. */
export const MIGRATION_TABLE = 'kysely_migration';

/** The database file of DATABASE_URL as an absolute path (`file:` prefix allowed); `:memory:` has none. */
export function databaseFilePath(databaseUrl: string): string {
  if (isPostgresUrl(databaseUrl)) {
    throw new BackupError(
      'postgres_database',
      'DATABASE_URL 指向 PostgreSQL 服务器，backup/restore 只用于 SQLite 数据库文件，未作任何操作。' +
        '请用 pg_dump -Fc 备份（pg_dump -Fc -f 备份.dump "$DATABASE_URL"），用 pg_restore 恢复' +
        '（pg_restore --clean --if-exists -d "$DATABASE_URL" 备份.dump），附件文件夹另行复制。',
      'DATABASE_URL is a PostgreSQL server; backup and restore work on SQLite database files only, so nothing was done. ' +
        'Back it up with pg_dump -Fc (pg_dump -Fc -f backup.dump "$DATABASE_URL") and restore with pg_restore ' +
        '(pg_restore --clean --if-exists -d "$DATABASE_URL" backup.dump); copy the attachments folder as well.',
    );
  }
  const path = databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
  if (path === ':memory:' || path === '') {
    throw new BackupError(
      'memory_database',
      'DATABASE_URL 是 :memory:，没有数据库文件可以备份或恢复。',
      'DATABASE_URL is :memory:: there is no database file to back up or restore.',
    );
  }
  return resolve(path);
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** Whether the file starts with SQLite's header (an empty file would otherwise open as an empty database). */
export function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const read = readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

function hasTable(sqlite: SQLite.Database, name: string): boolean {
  return (
    sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(name) !== undefined
  );
}

/** The applied migrations in the order Kysely applied them (by name, as its timestamps sort). */
export function appliedMigrations(sqlite: SQLite.Database): string[] | null {
  if (!hasTable(sqlite, MIGRATION_TABLE)) return null;
  return (
    sqlite.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as { name: string }[]
  ).map((r) => r.name);
}

export function readContents(sqlite: SQLite.Database): TDatabaseContents {
  const applied = appliedMigrations(sqlite);
  const rowCounts: TDatabaseContents['rowCounts'] = {};
  for (const { table } of COUNTED_TABLES) {
    if (!hasTable(sqlite, table)) continue;
    rowCounts[table] = (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
  }
  return { latestMigration: applied?.at(-1) ?? null, rowCounts };
}

/**
 * Makes a finished copy one self-contained file: rollback-journal mode (a copy of a WAL database is
 * marked WAL, and opening it would leave -wal and -shm files beside it), then a quick check.
 */
export function sealCopy(sqlite: SQLite.Database): void {
  sqlite.pragma('journal_mode = DELETE');
  const check = sqlite.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
}

/** Removes a database file's companions (-wal, -shm, -journal) and, with `isWithMain`, the file. */
export function removeDatabaseFiles(path: string, { isWithMain = true } = {}): void {
  for (const suffix of [...(isWithMain ? [''] : []), '-wal', '-shm', '-journal']) {
    rmSync(path + suffix, { force: true });
  }
}

/** Flushes a file, or a folder's entries (after a rename), to disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function hasCompanionWal(path: string): boolean {
  return existsSync(`${path}-wal`);
}

/** `20261206T213000` (UTC), for file names. */
export function fileTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '');
}
