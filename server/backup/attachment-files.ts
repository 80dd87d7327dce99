/**
 * The evidence files in a backup. They live outside the database (ATTACHMENTS_DIR), so a backup is two
 * things: `<file>` (the database) and `<file>.attachments/` (the files its attachment rows name, under
 * their stored names). Stored files are never changed once written, only added and removed, so the
 * backup copies them while the server runs: first every file there is, then — with the database copy
 * in hand — the files of rows added meanwhile, and it drops the files no row of the copy names.
 * Restore checks every file against its row (size, SHA-256) before it replaces anything.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { isStoredName, listStoredFiles } from '../attachments/attachment-store';
import { BackupError } from './backup-error';

/** The folder of a backup's files, beside it. */
export function backupFilesDir(file: string): string {
  return `${file}.attachments`;
}

export interface TBackupFiles {
  /** The folder holding the files (absolute path); null when there are none (no empty folders are made). */
  folder: string | null;
  files: number;
  bytes: number;
  /**
   * Files the database names that were not there to copy (lost from the attachments folder before the
   * backup, or removed between the database copy and the file copy). Their rows are kept.
   */
  missing: string[];
}

interface TStoredRow {
  stored_name: string;
  file_name: string;
  bytes: number;
  sha256: string;
}

/** The attachment rows of a database (none before the attachments migration). */
function storedRowsOf(sqlite: SQLite.Database): TStoredRow[] {
  const hasTable = sqlite
    .prepare(`select 1 from sqlite_master where type = 'table' and name = 'attachments'`)
    .get();
  if (!hasTable) return [];
  return sqlite
    .prepare('select stored_name, file_name, bytes, sha256 from attachments order by id')
    .all() as TStoredRow[];
}

/** Copies every stored file of `fromDir` into `toDir` (the first pass, before the database is copied). */
export function copyStoredFiles(fromDir: string, toDir: string): void {
  mkdirSync(toDir, { recursive: true });
  for (const name of listStoredFiles(fromDir)) copyFileSync(join(fromDir, name), join(toDir, name));
}

/**
 * The second pass, on the finished database copy: copies the files of rows added since the first pass,
 * removes the copied files no row names (deleted before the database was copied) and counts the rest.
 */
export function completeStoredFiles(copy: SQLite.Database, fromDir: string, toDir: string): TBackupFiles {
  const rows = storedRowsOf(copy);
  const named = new Set(rows.map((r) => r.stored_name));
  for (const name of listStoredFiles(toDir)) if (!named.has(name)) rmSync(join(toDir, name));
  const missing: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    const target = join(toDir, row.stored_name);
    if (!existsSync(target)) {
      const source = join(fromDir, row.stored_name);
      if (!isStoredName(row.stored_name) || !existsSync(source)) {
        missing.push(row.file_name);
        continue;
      }
      copyFileSync(source, target);
    }
    bytes += statSync(target).size;
  }
  const files = rows.length - missing.length;
  return { folder: files > 0 ? toDir : null, files, bytes, missing };
}

/**
 * Checks a backup's files against the rows of its (staged) database: refuses a backup whose rows name
 * files when its folder is missing, and any file whose size or SHA-256 differs from its row. A single
 * missing file (the backup said so when it was made) is reported, not refused: the records stay.
 */
export function checkBackupFiles(staged: SQLite.Database, file: string): TBackupFiles {
  const rows = storedRowsOf(staged);
  const folder = backupFilesDir(file);
  if (rows.length > 0 && !existsSync(folder)) {
    throw new BackupError(
      'attachments_missing',
      `备份含 ${rows.length} 个附件，但旁边没有附件文件夹 ${folder}（备份由数据库文件和这个文件夹共同组成，请一起复制）。`,
      `The backup has ${rows.length} attachments but no attachments folder beside it at ${folder} (a backup is the database file and this folder; copy both).`,
    );
  }
  const missing: string[] = [];
  const damaged: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    const path = join(folder, row.stored_name);
    if (!isStoredName(row.stored_name) || !existsSync(path)) {
      missing.push(row.file_name);
      continue;
    }
    const content = readFileSync(path);
    if (content.length !== row.bytes || createHash('sha256').update(content).digest('hex') !== row.sha256) {
      damaged.push(row.file_name);
    }
    bytes += content.length;
  }
  if (damaged.length > 0) {
    const names = damaged.slice(0, 5).join('、') + (damaged.length > 5 ? ` …（+${damaged.length - 5}）` : '');
    throw new BackupError(
      'attachments_damaged',
      `备份中的附件已损坏（大小或校验和与记录不符）：${names}。`,
      `Attachments in the backup are damaged (size or checksum differs from their records): ${names}.`,
    );
  }
  const files = rows.length - missing.length;
  return { folder: files > 0 ? folder : null, files, bytes, missing };
}

/** Copies the backup's files that its rows name into a new folder `toDir` (staging of a restore), if any. */
export function stageBackupFiles(staged: SQLite.Database, file: string, toDir: string): void {
  rmSync(toDir, { recursive: true, force: true });
  const folder = backupFilesDir(file);
  for (const row of storedRowsOf(staged)) {
    const path = join(folder, row.stored_name);
    if (!isStoredName(row.stored_name) || !existsSync(path)) continue;
    mkdirSync(toDir, { recursive: true });
    copyFileSync(path, join(toDir, row.stored_name));
  }
}

/** Whether a folder exists and holds anything. */
export function hasEntries(folder: string): boolean {
  return existsSync(folder) && readdirSync(folder).length > 0;
}

/** Moves a folder (a rename, or a copy and delete when it goes to another file system). */
export function moveFolder(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}
