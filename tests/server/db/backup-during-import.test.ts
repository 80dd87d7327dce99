/**
 * Backups taken while another process imports (issue 9, item 6): each one restores to a database that
 * passes integrity_check and equals the source before the import or after it — exactly, metrics and every
 * row — never a mixture, including backups started while the import's write transaction was open.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../../server/backup';
import { openDatabase } from '../../../server/db/connection';
import { type DemoOptions, demoSheetFileName, writeDemoCsv } from '../../../server/demo';
import { toCsvText } from '../../../server/export/csv';
import { importPath } from '../../../server/import';
import { rebuildRollups } from '../../../server/metrics/rollups';
import { CLI_COMMAND, cliArgs } from '../../helpers/cli';
import { dumpDatabase } from '../import/import-helpers';
import { cli, integrityCheck, ROOT, stateOf } from './backup-helpers';

const TODAY = '2025-11-26';
const OPTIONS: DemoOptions = { branches: 60, years: 2, today: TODAY, seed: 7 };

let dir: string;
let source: string;
let editedCsv: string;
let before: { metrics: string; rows: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backup-import-'));
  source = join(dir, 'app.db');
  const csv = join(dir, 'csv');
  await writeDemoCsv(csv, OPTIONS);
  const db = await openDatabase({ url: source });
  try {
    expect((await importPath(db, csv)).errors).toEqual([]);
  } finally {
    await db.destroy();
  }
  // The import to race: every activity with more than one attendee has one fewer (an update of ~4,000
  // activities and their audit rows in one transaction).
  editedCsv = join(dir, 'csv-edited');
  mkdirSync(editedCsv);
  for (const sheet of ['units', 'members', 'activities', 'achievements', 'goals'] as const) {
    const name = demoSheetFileName(sheet);
    let text = readFileSync(join(csv, name), 'utf8');
    if (sheet === 'activities') {
      const [header, ...rows] = parse(text, { bom: true }) as string[][];
      const attended = (header as string[]).indexOf('实到人数');
      for (const row of rows)
        if (Number(row[attended]) > 1) row[attended] = String(Number(row[attended]) - 1);
      text = toCsvText(header as string[], rows);
    }
    writeFileSync(join(editedCsv, name), text);
  }
  before = await stateOf(source, TODAY);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether another connection holds the write lock right now (the import's transaction is open). */
function isWriteLocked(probe: SQLite.Database): boolean {
  try {
    probe.exec('begin immediate; rollback');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  }
}

describe('backup while an import runs', () => {
  it('every backup restores to the state before or after the import, exactly', async () => {
    // Open throughout, as the running server's connection is; it reads during the import (a long
    // metrics request), so the import's commit stays in app.db-wal instead of being checkpointed into
    // app.db — where a copy of app.db alone would miss it.
    const server = new SQLite(source, { timeout: 0 });
    const probe = new SQLite(source, { timeout: 0 });
    const versionOf = () =>
      (probe.prepare('select n from data_version where id = 1').get() as { n: number }).n;
    const importer: ChildProcess = spawn(CLI_COMMAND, cliArgs('import', editedCsv), {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: source },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((done) => importer.on('exit', (code) => done(code)));
    let isRunning = true;
    void exited.then(() => {
      isRunning = false;
    });

    // Polls the write lock every 10 ms: a backup as soon as the import's transaction is seen open
    // (several, back to back, while it stays open), and one every 200 ms otherwise. Kept: the first, up
    // to three taken inside the transaction, and the last.
    interface TTaken {
      file: string;
      /** The import had committed before this backup began: it must show the import. */
      isAfterCommit: boolean;
    }
    const versionBefore = versionOf();
    let taken = 0;
    let first: TTaken | undefined;
    let last: TTaken | undefined;
    const duringWrite: TTaken[] = [];
    let lastAt = 0;
    try {
      while (isRunning) {
        const isDuringWrite = isWriteLocked(probe);
        if (isDuringWrite && !server.inTransaction) {
          server.exec('begin');
          server.prepare('select count(*) from activities').get();
        }
        if (!isDuringWrite && performance.now() - lastAt < 200) {
          await sleep(10);
          continue;
        }
        const backup = {
          file: join(dir, `backup-${taken++}.db`),
          isAfterCommit: versionOf() !== versionBefore,
        };
        await backupDatabase({ databasePath: source, file: backup.file });
        lastAt = performance.now();
        if (last) rmSync(last.file);
        last = undefined;
        if (!first) first = backup;
        else if (isDuringWrite && duringWrite.length < 3) duringWrite.push(backup);
        else last = backup;
      }
      expect(await exited).toBe(0);
      expect(server.inTransaction).toBe(true);
      server.exec('commit');

      // Taken now, with the server's connection still open: shows the import; restored through the CLI.
      const now = join(dir, 'backup-now.db');
      const backedUp = cli(['backup', now, '--json'], source);
      expect(backedUp.status, backedUp.stderr).toBe(0);
      const after = await stateOf(source, TODAY);
      expect(after.metrics).not.toBe(before.metrics);
      expect(duringWrite.length).toBeGreaterThan(0);

      const seen = { before: 0, after: 0 };
      let n = 0;
      for (const backup of [first, ...duringWrite, last]) {
        if (!backup) continue;
        const target = join(dir, `restored-${n++}.db`);
        const result = await restoreDatabase({ databasePath: target, file: backup.file });
        expect(result.previousBackup).toBeNull();
        expect(integrityCheck(target)).toEqual(['ok']);
        const state = await stateOf(target, TODAY);
        const match =
          state.metrics === before.metrics ? before : state.metrics === after.metrics ? after : null;
        expect(match, `${backup.file} restored to neither state`).not.toBeNull();
        expect(state.rows).toBe(match?.rows);
        if (backup.isAfterCommit) expect(match).toBe(after);
        seen[match === before ? 'before' : 'after']++;
      }
      expect(seen.before).toBeGreaterThan(0);

      const target = join(dir, 'restored-now.db');
      const restored = cli(['restore', now, '--json'], target);
      expect(restored.status, restored.stderr).toBe(0);
      expect(JSON.parse(restored.stdout)).toMatchObject({ databasePath: target, previousBackup: null });
      expect(integrityCheck(target)).toEqual(['ok']);
      expect(await stateOf(target, TODAY)).toEqual(after);
      console.info(
        `backups: ${taken}; restored ${n}, ${duringWrite.length} of them taken inside the write transaction: ${seen.before} before, ${seen.after} after the import`,
      );
    } finally {
      server.close();
      probe.close();
    }
  }, 300_000);

  it('restored roll-ups are exact: a rebuild from the raw rows changes none', async () => {
    const db = await openDatabase({ url: join(dir, 'restored-0.db') });
    try {
      // The versions count the rebuild's writes; every other table must stay as restored.
      const versions = ['data_version', 'metrics_version', 'rollup_year_versions'];
      const restored = await dumpDatabase(db, { except: versions });
      await rebuildRollups(db);
      expect(await dumpDatabase(db, { except: versions })).toBe(restored);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
