/**
 * `restoreDatabase`: replaces the database with a backup, only after the backup proved sound, and only
 * when nothing else has the database open. The order makes every refusal leave the database as it was:
 *
 * 1. copy the backup beside the database (`<db>.restore-<pid>.tmp`) and check the copy (check-backup.ts);
 *    bring it to the latest migration and refresh the roll-ups, as the server would at start; check the
 *    evidence files of `<file>.attachments/` against its rows (attachment-files.ts) and copy them beside
 *    the attachments folder;
 * 2. open the current database alone (exclusive lock; a running server holds it open → `in_use`) and
 *    back it up to `<db>.before-restore-<UTC time>.bak` through the same online backup as `backup`;
 * 3. close it (SQLite checkpoints and removes its -wal), move the attachments folder beside that backup
 *    (`….bak.attachments`), then rename the checked copy over the database and the staged files over the
 *    folder: a crash leaves either the old or the new database, never a mixture.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { attachmentsDirOf } from '../attachments/attachment-store';
import { openDatabase } from '../db/connection';
import { refreshRollups } from '../metrics/rollups';
import {
  backupFilesDir,
  checkBackupFiles,
  hasEntries,
  moveFolder,
  stageBackupFiles,
  type TBackupFiles,
} from './attachment-files';
import { writeBackup } from './backup';
import { BackupError } from './backup-error';
import { checkBackup, toBackupError } from './check-backup';
import {
  fileTimestamp,
  fsyncPath,
  hasCompanionWal,
  hasSqliteHeader,
  readContents,
  removeDatabaseFiles,
  type TDatabaseContents,
} from './database-file';

export interface TRestoreResult extends TDatabaseContents {
  /** The database that was replaced (absolute path). */
  databasePath: string;
  /** The backup restored (absolute path). */
  file: string;
  /** The backup's own latest migration; `latestMigration` is the one the database has now. */
  backupMigration: string | null;
  /** Where the replaced database was saved; null when there was no database yet. */
  previousBackup: string | null;
  /** The replaced database could not be read as SQLite: its files were copied byte for byte. */
  isPreviousCopiedRaw: boolean;
  /** The evidence files restored into the attachments folder (`folder`). */
  attachments: TBackupFiles;
  /** Where the attachments folder it replaced was moved (beside the previous database's backup); null: there was none. */
  previousAttachments: string | null;
}

function inUse(databasePath: string): BackupError {
  return new BackupError(
    'in_use',
    `数据库正在被使用（服务是否在运行？）：${databasePath}。请先停止服务（npm start / npm run dev），再恢复。数据库未作任何修改。`,
    `The database ${databasePath} is in use (is the server running?). Stop the server, then restore. Nothing was changed.`,
  );
}

const isBusy = (error: unknown) => /^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '');

/**
 * Opens the database with an exclusive lock that lasts until it is closed. Any other connection, even
 * an idle one (the server between requests), holds a shared lock on a WAL database, so this fails at
 * once with SQLITE_BUSY while the server runs.
 */
function openAlone(databasePath: string): SQLite.Database {
  const sqlite = new SQLite(databasePath, { fileMustExist: true, timeout: 0 });
  try {
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.exec('begin exclusive; commit');
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw isBusy(error) ? inUse(databasePath) : error;
  }
}

/** Refuses early, before the backup is checked (which takes a while on a large file), if the server runs. */
function assertNotInUse(databasePath: string): void {
  if (!existsSync(databasePath)) return;
  try {
    openAlone(databasePath).close();
  } catch (error) {
    // A database that cannot be read is not in use by a server that works; savePrevious handles it.
    if (error instanceof BackupError) throw error;
  }
}

/** `<db>.before-restore-20261206T213000.bak`, with `-2`, `-3` … when a restore ran in the same second. */
function previousBackupPath(databasePath: string, now: Date): string {
  const base = `${databasePath}.before-restore-${fileTimestamp(now)}`;
  let path = `${base}.bak`;
  for (let n = 2; existsSync(path); n++) path = `${base}-${n}.bak`;
  return path;
}

/**
 * Copies the backup beside the database and checks, migrates and refreshes the copy; checks the backup's
 * evidence files against its rows and copies them to `stagingFiles`.
 */
async function stageBackup(
  file: string,
  staging: string,
  stagingFiles: string,
): Promise<{ backup: TDatabaseContents; staged: TDatabaseContents; files: TBackupFiles }> {
  copyFileSync(file, staging);
  const copy = new SQLite(staging, { fileMustExist: true });
  let backup: TDatabaseContents;
  try {
    backup = await checkBackup(copy, file);
  } finally {
    copy.close();
  }
  const db = await openDatabase({ url: staging });
  try {
    await refreshRollups(db);
  } finally {
    await db.destroy();
  }
  const migrated = new SQLite(staging, { fileMustExist: true });
  try {
    const files = checkBackupFiles(migrated, file);
    stageBackupFiles(migrated, file, stagingFiles);
    return { backup, staged: readContents(migrated), files };
  } finally {
    migrated.close();
  }
}

/** Saves the current database before it is replaced; returns where, and whether it was copied raw. */
async function savePrevious(databasePath: string, previous: string): Promise<{ isCopiedRaw: boolean }> {
  let current: SQLite.Database;
  try {
    current = openAlone(databasePath);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    // Not readable as SQLite (damaged: the reason to restore): keep its files as they are.
    copyFileSync(databasePath, previous);
    if (hasCompanionWal(databasePath)) copyFileSync(`${databasePath}-wal`, `${previous}-wal`);
    return { isCopiedRaw: true };
  }
  try {
    await writeBackup(current, previous);
  } finally {
    current.close();
  }
  // Closed cleanly as the only connection, the database has no -wal or -shm left; one that appeared
  // meanwhile belongs to a connection that opened it since.
  if (hasCompanionWal(databasePath) || existsSync(`${databasePath}-shm`)) throw inUse(databasePath);
  return { isCopiedRaw: false };
}

/**
 * Restores `file` (made by `backupDatabase`) as the database at `databasePath`. Refuses (BackupError,
 * nothing changed) a file that is missing, not SQLite, damaged or truncated, of another schema or of a
 * newer version, and a database that another connection has open. The server must be stopped.
 */
export async function restoreDatabase({
  databasePath: databaseUrlPath,
  file,
  now = new Date(),
  attachmentsDir: attachmentsUrlDir = attachmentsDirOf(databaseUrlPath),
}: {
  databasePath: string;
  file: string;
  now?: Date;
  /** The evidence files (ATTACHMENTS_DIR; by default the `attachments` folder beside the database). */
  attachmentsDir?: string;
}): Promise<TRestoreResult> {
  const attachmentsDir = resolve(attachmentsUrlDir);
  const databasePath = resolve(databaseUrlPath);
  const source = resolve(file);
  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new BackupError(
      'backup_missing',
      `备份文件不存在：${source}`,
      `There is no backup file at ${source}.`,
    );
  }
  if (source === databasePath) {
    throw new BackupError(
      'same_file',
      `备份文件不能是数据库本身：${source}`,
      `The backup file cannot be the database itself: ${source}`,
    );
  }
  if (!hasSqliteHeader(source)) {
    throw new BackupError(
      'not_sqlite',
      `不是 SQLite 数据库文件：${source}`,
      `${source} is not an SQLite database file.`,
    );
  }
  if (hasCompanionWal(source)) {
    throw new BackupError(
      'live_database',
      `${source} 旁边有 -wal 文件：这是正在使用的数据库，或者不完整的复制（部分提交还在 -wal 里）。请用 npm run cli -- backup 生成备份，再恢复那个备份。`,
      `${source} has a -wal file beside it: it is a database in use, or an incomplete copy (some commits are still in the -wal). Make a backup with npm run cli -- backup and restore that.`,
    );
  }

  assertNotInUse(databasePath);
  mkdirSync(dirname(databasePath), { recursive: true });
  const staging = `${databasePath}.restore-${process.pid}.tmp`;
  const stagingFiles = `${attachmentsDir}.restore-${process.pid}.tmp`;
  removeDatabaseFiles(staging);
  try {
    let staged: Awaited<ReturnType<typeof stageBackup>>;
    try {
      staged = await stageBackup(source, staging, stagingFiles);
    } catch (error) {
      throw toBackupError(error, source) ?? error;
    }

    let previousBackup: string | null = null;
    let isPreviousCopiedRaw = false;
    if (existsSync(databasePath)) {
      previousBackup = previousBackupPath(databasePath, now);
      ({ isCopiedRaw: isPreviousCopiedRaw } = await savePrevious(databasePath, previousBackup));
    }
    // The files it replaces go with the saved database, as a backup's do (restorable the same way).
    let previousAttachments: string | null = null;
    if (hasEntries(attachmentsDir)) {
      previousAttachments = backupFilesDir(
        previousBackup ?? `${attachmentsDir}.before-restore-${fileTimestamp(now)}`,
      );
      moveFolder(attachmentsDir, previousAttachments);
    }
    rmSync(attachmentsDir, { recursive: true, force: true });
    // With no database (a new installation, or a deleted one), leftovers of an old one must not be
    // replayed into the restored file.
    removeDatabaseFiles(databasePath, { isWithMain: false });
    renameSync(staging, databasePath);
    if (staged.files.folder) renameSync(stagingFiles, attachmentsDir);
    fsyncPath(dirname(databasePath));
    return {
      databasePath,
      file: source,
      backupMigration: staged.backup.latestMigration,
      previousBackup,
      isPreviousCopiedRaw,
      ...staged.staged,
      attachments: { ...staged.files, folder: staged.files.folder && attachmentsDir },
      previousAttachments,
    };
  } finally {
    removeDatabaseFiles(staging);
    rmSync(stagingFiles, { recursive: true, force: true });
  }
}
