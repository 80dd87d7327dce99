/**
 * `backup` and `restore` (issue 9, item 6): restore refuses anything that is not a sound backup of this
 * schema and a database the server has open, changing nothing; it keeps a backup of what it replaces.
 */
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackupError,
  backupDatabase,
  databaseFilePath,
  restoreDatabase,
  type TBackupErrorCode,
} from '../../../server/backup';
import { openDatabase } from '../../../server/db/connection';
import { migrations } from '../../../server/db/migrations';
import { importPath } from '../../../server/import';
import { MINI_DIR } from '../import/import-helpers';
import { cli, fileDigest, filesIn, integrityCheck, stateOf } from './backup-helpers';

const TODAY = '2025-12-31';
const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1) as string;

let dir: string;
let app: string;
let good: string;

/** A folder of its own per case, holding the database of the mini fixture. */
async function freshDatabase(name: string): Promise<string> {
  const path = join(mkdtempSync(join(dir, `${name}-`)), 'app.db');
  const db = await openDatabase({ url: path });
  try {
    expect((await importPath(db, MINI_DIR)).errors).toEqual([]);
  } finally {
    await db.destroy();
  }
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backup-restore-'));
  app = await freshDatabase('app');
  good = join(dir, 'good.db');
  await backupDatabase({ databasePath: app, file: good });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function otherSchema(): string {
  const path = join(dir, 'other.db');
  rmSync(path, { force: true });
  const sqlite = new SQLite(path);
  sqlite.exec('create table notes (id integer primary key, body text); insert into notes (body) values (1);');
  sqlite.close();
  return path;
}

function truncatedBackup(): string {
  const path = join(dir, 'truncated.db');
  copyFileSync(good, path);
  truncateSync(path, Math.floor(statSync(good).size / 2));
  return path;
}

/** A copy of the good backup, changed through SQLite. */
function alteredBackup(name: string, sqlText: string): string {
  const path = join(dir, name);
  copyFileSync(good, path);
  const sqlite = new SQLite(path);
  sqlite.exec(sqlText);
  sqlite.close();
  return path;
}

describe('restore refuses what is not a sound backup, changing nothing', () => {
  const cases: [string, () => string, TBackupErrorCode][] = [
    ['a missing file', () => join(dir, 'nowhere.db'), 'backup_missing'],
    [
      'a text file',
      () => {
        writeFileSync(join(dir, 'notes.txt'), '支部编号,日期\nXZ01,2025-01-01\n');
        return join(dir, 'notes.txt');
      },
      'not_sqlite',
    ],
    [
      'an empty file (SQLite would open it as an empty database)',
      () => {
        writeFileSync(join(dir, 'empty.db'), '');
        return join(dir, 'empty.db');
      },
      'not_sqlite',
    ],
    ['an SQLite file of another schema', otherSchema, 'not_this_schema'],
    [
      'this schema with a table missing',
      () => alteredBackup('no-goals.db', 'drop table goals'),
      'not_this_schema',
    ],
    [
      'this schema with an extra column',
      () => alteredBackup('extra-column.db', 'alter table units add column colour text'),
      'not_this_schema',
    ],
    [
      'a backup of a newer version (a migration this code does not know)',
      () =>
        alteredBackup(
          'newer.db',
          `insert into kysely_migration (name, timestamp) values ('29991231T0000-from-the-future', '2999-12-31T00:00:00.000Z')`,
        ),
      'newer_schema',
    ],
    ['a truncated backup', truncatedBackup, 'corrupt'],
    [
      'a backup with damaged pages',
      () => {
        const path = join(dir, 'damaged.db');
        copyFileSync(good, path);
        const fd = openSync(path, 'r+');
        for (let page = 3; page < 40; page += 3)
          writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, page * 4096 + 100);
        closeSync(fd);
        return path;
      },
      'corrupt',
    ],
    [
      'a live database (a -wal beside it)',
      () => {
        const path = join(dir, 'live.db');
        copyFileSync(good, path);
        writeFileSync(`${path}-wal`, '');
        return path;
      },
      'live_database',
    ],
  ];

  for (const [what, make, code] of cases) {
    it(`refuses ${what} (${code})`, async () => {
      const file = make();
      const databasePath = await freshDatabase('refuse');
      const folder = join(databasePath, '..');
      const [digest, files, state] = [
        fileDigest(databasePath),
        filesIn(folder),
        await stateOf(databasePath, TODAY),
      ];
      const fileDigestBefore = code === 'backup_missing' ? null : fileDigest(file);

      const error = await restoreDatabase({ databasePath, file }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupError);
      expect((error as BackupError).code).toBe(code);

      expect(fileDigest(databasePath)).toBe(digest);
      expect(filesIn(folder)).toEqual(files);
      expect(await stateOf(databasePath, TODAY)).toEqual(state);
      if (fileDigestBefore) expect(fileDigest(file)).toBe(fileDigestBefore);
    });
  }

  it('the CLI says why in Chinese, or in English with --lang en, and exits 1', async () => {
    const databasePath = await freshDatabase('cli-refuse');
    const digest = fileDigest(databasePath);
    const zh = cli(['restore', truncatedBackup()], databasePath);
    expect(zh.status).toBe(1);
    expect(zh.stdout).toBe('');
    expect(zh.stderr).toContain('备份文件已损坏或不完整');
    expect(zh.stderr).toContain('未恢复，数据库未作任何修改。');

    const en = cli(['restore', otherSchema(), '--lang', 'en'], databasePath);
    expect(en.status).toBe(1);
    expect(en.stderr).toContain("is not a backup of this application's database");
    expect(en.stderr).toContain('Nothing was restored; the database was not changed.');

    expect(cli(['restore'], databasePath).status).toBe(2);
    expect(fileDigest(databasePath)).toBe(digest);
  }, 120_000);

  it('refuses while another connection (the server) has the database open', async () => {
    const databasePath = await freshDatabase('in-use');
    const folder = join(databasePath, '..');
    // The server's connection: open, idle between requests.
    const server = await openDatabase({ url: databasePath });
    try {
      await server.selectFrom('units').select('code').execute();
      const files = filesIn(folder);
      const error = await restoreDatabase({ databasePath, file: good }).catch((e: unknown) => e);
      expect((error as BackupError).code).toBe('in_use');
      // From another process, as a user runs it next to the running server.
      const refused = cli(['restore', good], databasePath);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('数据库正在被使用（服务是否在运行？）');
      expect(filesIn(folder)).toEqual(files);
    } finally {
      await server.destroy();
    }
  }, 120_000);
});

describe('restore replaces the database and keeps what it replaced', () => {
  it('backup → change → restore through the CLI: the old data is back, the replaced data is in the .bak', async () => {
    const databasePath = await freshDatabase('round-trip');
    const folder = join(databasePath, '..');
    const original = await stateOf(databasePath, TODAY);
    const file = join(folder, 'saved.db');

    const backedUp = cli(['backup', file], databasePath);
    expect(backedUp.status, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toContain(`已备份数据库 ${databasePath} → ${file}`);
    expect(backedUp.stdout).toContain(`最新迁移：${LATEST_MIGRATION}`);
    expect(backedUp.stdout).toMatch(/行数：组织 \d+，党员 103，组织生活 143，/);
    expect(backedUp.stdout).toMatch(/大小：[\d.]+ MB（[\d,]+ 字节）/);
    expect(integrityCheck(file)).toEqual(['ok']);

    const again = cli(['backup', file, '--lang', 'en'], databasePath);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already exists. Choose another name, or add --force to overwrite it.');
    expect(cli(['backup', file, '--force'], databasePath).status).toBe(0);

    // Changed after the backup: one activity fewer, one branch renamed.
    const db = await openDatabase({ url: databasePath });
    try {
      await db.deleteFrom('activities').where('id', '=', 1).execute();
      await db.updateTable('units').set({ name: '改名的支部' }).where('code', '=', 'XZ01').execute();
    } finally {
      await db.destroy();
    }
    const changed = await stateOf(databasePath, TODAY);
    expect(changed.metrics).not.toBe(original.metrics);

    const restored = cli(['restore', file, '--lang', 'en'], databasePath);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`Restored ${file} → ${databasePath}`);
    const saved = /the database it replaced was saved to: (\S+\.before-restore-\d{8}T\d{6}\.bak)/.exec(
      restored.stdout,
    )?.[1];
    expect(saved).toBeDefined();

    expect(integrityCheck(databasePath)).toEqual(['ok']);
    expect(await stateOf(databasePath, TODAY)).toEqual(original);
    expect(integrityCheck(saved as string)).toEqual(['ok']);
    expect(await stateOf(saved as string, TODAY)).toEqual(changed);
    // Nothing else is left beside the database: no staging copy, no -wal or -shm.
    expect(filesIn(folder)).toEqual(['app.db', saved?.slice(folder.length + 1), 'saved.db'].sort());

    // A second restore in the same second keeps both saved databases.
    const now = new Date();
    const first = await restoreDatabase({ databasePath, file, now });
    const second = await restoreDatabase({ databasePath, file, now });
    expect(second.previousBackup).not.toBe(first.previousBackup);
    // (-2, or -3 when the CLI restore above ran in the same second.)
    expect(second.previousBackup).toMatch(/-\d\.bak$/);
  }, 180_000);

  it('restores into a place with no database yet, and brings an older backup up to the latest migration', async () => {
    const older = join(dir, 'older.db');
    const previousMigration = Object.keys(migrations).sort().at(-2) as string;
    const oldDb = await openDatabase({ url: join(dir, 'older-source.db'), migrate: false });
    try {
      const migrator = new Migrator({ db: oldDb, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(previousMigration)).error).toBeUndefined();
    } finally {
      await oldDb.destroy();
    }
    await backupDatabase({ databasePath: join(dir, 'older-source.db'), file: older });
    const databasePath = join(dir, 'new-install', 'data', 'app.db');
    const result = await restoreDatabase({ databasePath, file: older });
    expect(result.previousBackup).toBeNull();
    expect(result.backupMigration).toBe(previousMigration);
    expect(result.latestMigration).toBe(LATEST_MIGRATION);
    expect(integrityCheck(databasePath)).toEqual(['ok']);
  });

  it('backup refuses to write over the database itself or to read a missing one', async () => {
    await expect(
      backupDatabase({ databasePath: app, file: app, isOverwriteAllowed: true }),
    ).rejects.toMatchObject({
      code: 'same_file',
    });
    await expect(
      backupDatabase({ databasePath: join(dir, 'missing.db'), file: join(dir, 'x.db') }),
    ).rejects.toMatchObject({ code: 'database_missing' });
  });

  it('backup and restore point a PostgreSQL database to pg_dump and pg_restore', () => {
    const refusal = (() => {
      try {
        databaseFilePath('postgres://app@db.example/college');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(BackupError);
    expect(refusal).toMatchObject({ code: 'postgres_database', message: expect.stringContaining('pg_dump') });
  });
});
