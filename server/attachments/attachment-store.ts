/**
 * The attachments folder: one file per attachment, named by a random id (never the uploader's name, so
 * no name can reach outside the folder or collide), written under a temporary name and renamed when
 * complete. Files are never changed once written, only removed, which is what lets the backup copy
 * them while the server runs (server/backup/attachment-files.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isPostgresUrl } from '../db/postgres/connect';

/** A stored name: 32 hex digits. Anything else in the folder is not an attachment (temporary files). */
const STORED_NAME = /^[0-9a-f]{32}$/;

export function isStoredName(name: string): boolean {
  return STORED_NAME.test(name);
}

/**
 * ATTACHMENTS_DIR, or the `attachments` folder beside the database file (data/attachments for the
 * default data/app.db); an in-memory or PostgreSQL database keeps its files in data/attachments of the
 * working folder.
 */
export function attachmentsDirOf(databasePath: string, configured?: string): string {
  if (configured) return resolve(configured);
  // No file to sit beside (in memory, or a PostgreSQL server): the data folder. Several app processes
  // on PostgreSQL need ATTACHMENTS_DIR on a folder they all share.
  if (databasePath === ':memory:' || databasePath === '' || isPostgresUrl(databasePath)) {
    return resolve('data', 'attachments');
  }
  const path = databasePath.startsWith('file:') ? databasePath.slice('file:'.length) : databasePath;
  return join(dirname(resolve(path)), 'attachments');
}

/** The file of a stored name; throws on a name that is not one (it never comes from a request). */
export function storedFilePath(dir: string, storedName: string): string {
  if (!isStoredName(storedName)) throw new Error(`not a stored attachment name: ${storedName}`);
  return join(dir, storedName);
}

/** Writes the bytes under a new random name and returns it; the file appears whole or not at all. */
export function saveFile(dir: string, bytes: Buffer): string {
  mkdirSync(dir, { recursive: true });
  const storedName = randomBytes(16).toString('hex');
  const partial = join(dir, `.${storedName}.partial`);
  try {
    writeFileSync(partial, bytes, { flag: 'wx' });
    renameSync(partial, storedFilePath(dir, storedName));
  } finally {
    rmSync(partial, { force: true });
  }
  return storedName;
}

/** Removes stored files (already gone is fine: the row is what counts). */
export function removeFiles(dir: string | null | undefined, storedNames: readonly string[]): void {
  if (!dir) return;
  for (const name of storedNames) rmSync(storedFilePath(dir, name), { force: true });
}

/** The stored files in the folder (none when it does not exist yet). */
export function listStoredFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(isStoredName);
}

/**
 * Removes files no row names any more and older than `minAgeMs` (an upload writes its file just before
 * its row). Rows go with their records by the database's cascade also when an import's undo deletes
 * them; this removes their files after it, and any left by a crash. Returns how many were removed.
 */
export function removeUnreferencedFiles(
  dir: string,
  referenced: ReadonlySet<string>,
  { minAgeMs, now = Date.now() }: { minAgeMs: number; now?: number },
): number {
  let removed = 0;
  for (const name of listStoredFiles(dir)) {
    if (referenced.has(name)) continue;
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs < minAgeMs) continue;
    rmSync(path, { force: true });
    removed++;
  }
  return removed;
}
