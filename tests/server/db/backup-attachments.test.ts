/**
 * Backup and restore cover the evidence files (issue 11): `backup` writes `<file>.attachments/` with
 * exactly the files the copied rows name, also when files come and go while it runs; `restore` brings
 * them back byte for byte, moves the folder it replaces beside the saved database, and refuses (changing
 * nothing) a backup whose folder is missing or whose files differ from their rows.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAttachment, removeAttachment } from '../../../server/attachments/attachments';
import { BackupError, backupDatabase, restoreDatabase, type TBackupErrorCode } from '../../../server/backup';
import { openDatabase } from '../../../server/db/connection';
import type { Database } from '../../../server/db/database';
import { pdfFile, pngFile } from '../attachments/evidence-files';
import { seedTwoBranches } from '../auth/auth-fixtures';
import { fileDigest } from './backup-helpers';

const CALLER = { user: { role: 'admin', branchId: null }, actor: { user: null, procedure: 'test' } } as const;

let root: string;
let databasePath: string;
let attachmentsDir: string;
let activityId: number;

/** The stored files of a folder with their contents' digests (sorted), or [] when it does not exist. */
function filesOf(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .map((name) => `${name}:${fileDigest(join(folder, name))}`);
}

async function withDb<T>(run: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: databasePath });
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}

function attach(db: Kysely<Database>, fileName: string, bytes: Buffer) {
  return addAttachment(
    db,
    { dir: attachmentsDir, target: { kind: 'activity', recordId: activityId }, fileName, bytes },
    CALLER,
  );
}

async function refusal(run: () => Promise<unknown>): Promise<TBackupErrorCode> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BackupError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'backup-attachments-'));
  databasePath = join(root, 'data', 'app.db');
  attachmentsDir = join(root, 'data', 'attachments');
  await withDb(async (db) => {
    const { branchA } = await seedTwoBranches(db);
    const row = await db
      .selectFrom('activities')
      .select('id')
      .where('branch_id', '=', branchA)
      .executeTakeFirst();
    activityId = row!.id;
  });
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('backup and restore of evidence files', () => {
  it('backs up the named files and restores them after they changed', async () => {
    const photo = pngFile(40, 30);
    const minutes = pdfFile();
    const before = await withDb(async (db) => {
      await attach(db, '现场照片.png', photo);
      const gone = await attach(db, '草稿.png', pngFile(12, 12));
      await attach(db, '会议记录.pdf', minutes);
      await removeAttachment(db, { dir: attachmentsDir, id: gone.id }, CALLER);
      return filesOf(attachmentsDir);
    });
    // A file no row names (a crash between file and row) is not part of the backup.
    writeFileSync(join(attachmentsDir, 'f'.repeat(32)), 'stray');

    const file = join(root, 'backups', 'app.db');
    const result = await backupDatabase({ databasePath, file, attachmentsDir });
    expect(result.attachments).toEqual({
      folder: `${file}.attachments`,
      files: 2,
      bytes: photo.length + minutes.length,
      missing: [],
    });
    expect(filesOf(`${file}.attachments`)).toEqual(before);
    // Without --force the backup's folder is not overwritten either.
    rmSync(file);
    expect(await refusal(() => backupDatabase({ databasePath, file, attachmentsDir }))).toBe('target_exists');
    await backupDatabase({ databasePath, file, attachmentsDir, isOverwriteAllowed: true });

    // After the backup: one file removed, one added.
    const after = await withDb(async (db) => {
      const [first] = await db.selectFrom('attachments').select('id').orderBy('id').execute();
      await removeAttachment(db, { dir: attachmentsDir, id: first!.id }, CALLER);
      await attach(db, '新照片.png', pngFile(20, 20, '#2980b9'));
      return filesOf(attachmentsDir);
    });
    expect(after).not.toEqual(before);

    const restored = await restoreDatabase({ databasePath, file, attachmentsDir });
    expect(filesOf(attachmentsDir)).toEqual(before);
    expect(restored.attachments).toMatchObject({ folder: attachmentsDir, files: 2, missing: [] });
    // What it replaced is kept beside the saved database, restorable the same way.
    expect(restored.previousAttachments).toBe(`${restored.previousBackup}.attachments`);
    expect(filesOf(restored.previousAttachments!)).toEqual(expect.arrayContaining(after));
    const names = await withDb(async (db) =>
      (await db.selectFrom('attachments').select(['file_name', 'stored_name']).orderBy('id').execute()).map(
        (r) => r.file_name,
      ),
    );
    expect(names).toEqual(['现场照片.png', '会议记录.pdf']);
    const photoRow = await withDb((db) =>
      db
        .selectFrom('attachments')
        .select('stored_name')
        .where('file_name', '=', '现场照片.png')
        .executeTakeFirstOrThrow(),
    );
    expect(readFileSync(join(attachmentsDir, photoRow.stored_name)).equals(photo)).toBe(true);
  }, 60_000);

  it('refuses a backup without its folder, or with a damaged file, and changes nothing', async () => {
    const file = join(root, 'backups', 'second.db');
    await backupDatabase({ databasePath, file, attachmentsDir });
    const current = filesOf(attachmentsDir);
    const databaseDigest = fileDigest(databasePath);

    const [stored] = readdirSync(`${file}.attachments`);
    const path = join(`${file}.attachments`, stored!);
    const original = readFileSync(path);
    writeFileSync(path, Buffer.concat([original.subarray(0, 10), Buffer.from('tampered')]));
    expect(await refusal(() => restoreDatabase({ databasePath, file, attachmentsDir }))).toBe(
      'attachments_damaged',
    );

    rmSync(`${file}.attachments`, { recursive: true });
    expect(await refusal(() => restoreDatabase({ databasePath, file, attachmentsDir }))).toBe(
      'attachments_missing',
    );
    expect(filesOf(attachmentsDir)).toEqual(current);
    expect(fileDigest(databasePath)).toBe(databaseDigest);
    expect(readdirSync(join(root, 'data')).filter((n) => n.includes('.restore-'))).toEqual([]);
  }, 60_000);
});
