/**
 * `backupDatabase`: a consistent copy of the live database through SQLite's online backup API, safe
 * while the server reads and writes. Copying app.db with `cp` is not: a copy taken during a write can
 * be malformed, and an idle copy misses commits still in app.db-wal.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { attachmentsDirOf } from '../attachments/attachment-store';
import { backupFilesDir, completeStoredFiles, copyStoredFiles, type TBackupFiles } from './attachment-files';
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
  /** The evidence files, copied into `<file>.attachments/`. */
  attachments: TBackupFiles;
}

/** sqlite3_backup_step's page count for "every remaining page" (better-sqlite3 caps it at 2^31 − 1). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the database open in `source` to `file` (replacing it) and returns what the copy holds.
 * All pages are copied in one backup step, that is inside one read transaction: in WAL mode the server
 * keeps reading and writing meanwhile, and the copy is the database as of one commit (step by step, a
 * write by another connection between two steps would restart the copy, again and again under load).
 * The copy is written to `<file>.partial-<pid>` and renamed when complete, so `file` never holds half a
 * backup. `beforeRename` sees the finished copy first (the evidence files are completed from its rows).
 */
export async function writeBackup(
  source: SQLite.Database,
  file: string,
  beforeRename?: (copy: SQLite.Database) => void,
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
      beforeRename?.(copy);
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
  attachmentsDir = attachmentsDirOf(databaseUrlPath),
}: {
  databasePath: string;
  file: string;
  isOverwriteAllowed?: boolean;
  /** The evidence files (ATTACHMENTS_DIR; by default the `attachments` folder beside the database). */
  attachmentsDir?: string;
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
  const filesDir = backupFilesDir(target);
  if ((existsSync(target) || existsSync(filesDir)) && !isOverwriteAllowed) {
    throw new BackupError(
      'target_exists',
      `文件已存在：${existsSync(target) ? target : filesDir}。请换一个文件名，或加 --force 覆盖。`,
      `${existsSync(target) ? target : filesDir} already exists. Choose another name, or add --force to overwrite it.`,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  // The evidence files: every file there is now, then (on the finished database copy) those of rows
  // added meanwhile; the folder is renamed into place just before the database copy is.
  const partialFiles = `${filesDir}.partial-${process.pid}`;
  rmSync(partialFiles, { recursive: true, force: true });
  copyStoredFiles(attachmentsDir, partialFiles);
  const source = new SQLite(databasePath, { fileMustExist: true, timeout: 5000 });
  try {
    let attachments: TBackupFiles | undefined;
    const written = await writeBackup(source, target, (copy) => {
      const files = completeStoredFiles(copy, attachmentsDir, partialFiles);
      rmSync(filesDir, { recursive: true, force: true });
      if (files.folder) renameSync(partialFiles, filesDir);
      attachments = { ...files, folder: files.folder && filesDir };
    });
    if (!attachments) throw new Error('the backup copy was not completed');
    return { databasePath, file: target, ...written, attachments };
  } finally {
    source.close();
    rmSync(partialFiles, { recursive: true, force: true });
  }
}
