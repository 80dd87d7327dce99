/**
 * `backupDatabase`: a consistent copy of the live database through SQLite's online backup API, safe
 * while the server reads and writes. Copying app.db with `cp` is not: a copy taken during a write can
 * be malformed, and an idle copy misses commits still in app.db-wal.
 */
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { BackupError } from './backup-error';
import {
  fsyncPath,
  readContents,
  removeDatabaseFiles,
  sealCopy,
  type TDatabaseContents,
} from './database-file';

export interface TBackupResult extends TDatabaseContents {
  /** The database that was copied (absolute path). */
  databasePath: string;
  /** The backup written (absolute path). */
  file: string;
  bytes: number;
}

/** sqlite3_backup_step's page count for "every remaining page" (better-sqlite3 caps it at 2^31 − 1). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the database open in `source` to `file` (replacing it) and returns what the copy holds.
 * All pages are copied in one backup step, that is inside one read transaction: in WAL mode the server
 * keeps reading and writing meanwhile, and the copy is the database as of one commit (step by step, a
 * write by another connection between two steps would restart the copy, again and again under load).
 * The copy is written to `<file>.partial-<pid>` and renamed when complete, so `file` never holds half a
 * backup.
 */
export async function writeBackup(
  source: SQLite.Database,
  file: string,
): Promise<TDatabaseContents & { bytes: number }> {
  const partial = `${file}.partial-${process.pid}`;
  removeDatabaseFiles(partial);
  try {
    await source.backup(partial, { progress: () => ALL_PAGES });
    const copy = new SQLite(partial, { fileMustExist: true });
    let contents: TDatabaseContents;
    try {
      sealCopy(copy);
      contents = readContents(copy);
    } finally {
      copy.close();
    }
    fsyncPath(partial);
    renameSync(partial, file);
    fsyncPath(dirname(file));
    return { ...contents, bytes: statSync(file).size };
  } finally {
    removeDatabaseFiles(partial);
  }
}

/**
 * Backs up the database at `databasePath` to `file`. Refuses a `file` that exists unless
 * `isOverwriteAllowed` (the CLI's --force), and never writes over the database itself. The database is
 * neither migrated nor otherwise changed: the backup holds its schema as it is.
 */
export async function backupDatabase({
  databasePath: databaseUrlPath,
  file,
  isOverwriteAllowed = false,
}: {
  databasePath: string;
  file: string;
  isOverwriteAllowed?: boolean;
}): Promise<TBackupResult> {
  const databasePath = resolve(databaseUrlPath);
  const target = resolve(file);
  if (!existsSync(databasePath)) {
    throw new BackupError(
      'database_missing',
      `数据库文件不存在：${databasePath}（请检查 DATABASE_URL）。`,
      `There is no database file at ${databasePath} (check DATABASE_URL).`,
    );
  }
  if ([databasePath, `${databasePath}-wal`, `${databasePath}-shm`].includes(target)) {
    throw new BackupError(
      'same_file',
      `备份文件不能是数据库本身：${target}`,
      `The backup file cannot be the database itself: ${target}`,
    );
  }
  if (existsSync(target) && !isOverwriteAllowed) {
    throw new BackupError(
      'target_exists',
      `文件已存在：${target}。请换一个文件名，或加 --force 覆盖。`,
      `${target} already exists. Choose another name, or add --force to overwrite it.`,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  // Evidence files (uploads kept under data/, planned in a later issue) live outside the database:
  // when they come, copy them here next to the database copy (e.g. into `<file>.files/`), and let
  // restoreDatabase put them back.
  const source = new SQLite(databasePath, { fileMustExist: true, timeout: 5000 });
  try {
    return { databasePath, file: target, ...(await writeBackup(source, target)) };
  } finally {
    source.close();
  }
}
