/**
 * Every import leaves its trail in the same transaction: a summary row (file, counts per sheet) and one
 * before/after row per updated record, by the system for the CLI; a failed import leaves none.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../../server/audit/audit';
import { importPath } from '../../../server/import';
import { CLI_COMMAND, cliArgs } from '../../helpers/cli';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';
import { editLine, MINI_DIR, miniCopy, miniCsv, setField } from './import-helpers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface TAuditRow {
  user_id: number | null;
  username: string;
  procedure: string;
  table_name: string;
  row_key: string;
  action: string;
  before: string | null;
  after: string | null;
}

function auditRows(path: string): TAuditRow[] {
  const sqlite = new SQLite(path, { readonly: true });
  try {
    return sqlite.prepare('select * from audit_log order by id').all() as TAuditRow[];
  } finally {
    sqlite.close();
  }
}

describe('audit trail of imports', () => {
  it('CLI: a summary row by the system per import, and the before/after of each updated member and goal', () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'import-audit-')), 'app.db');
    const cli = (path: string) =>
      spawnSync(CLI_COMMAND, cliArgs('import', path), {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: dbPath },
        encoding: 'utf8',
        timeout: 60_000,
      });
    expect(cli(MINI_DIR).status).toBe(0);
    const [first, ...rest] = auditRows(dbPath);
    expect(rest).toEqual([]); // inserted rows are counted in the summary, not listed
    expect(first).toMatchObject({
      user_id: null,
      username: 'system',
      procedure: 'cli.import',
      table_name: 'import',
      action: 'import',
    });
    const summary = JSON.parse(first?.after ?? '{}') as {
      file: string;
      counts: Record<string, unknown>;
      insertedKeys: Record<string, Record<string, unknown>[]>;
    };
    expect(summary.file).toBe(MINI_DIR);
    expect(summary.counts.activities).toEqual({ inserted: 143, updated: 0, unchanged: 0 });
    // The new rows are listed by their natural keys, the first 200 of a sheet (the counts give the total).
    expect(summary.insertedKeys.activities).toHaveLength(143);
    expect(summary.insertedKeys.activities?.[0]).toEqual({
      branch: 'XZ01',
      held_on: '2025-01-24',
      type: 'theme_day',
      title: '2025年1月主题党日：学习党史',
    });
    const firstMember = miniCsv('党员.csv').split(/\r?\n/)[1]?.split(',') ?? [];
    expect(summary.insertedKeys.members?.[0]).toEqual({ branch: firstMember[2], code: firstMember[0] });

    // Member on line 2 renamed, goal on line 2 changed.
    const memberLine = miniCsv('党员.csv').split(/\r?\n/)[1]?.split(',') ?? [];
    const goalLine = miniCsv('目标.csv').split(/\r?\n/)[1]?.split(',') ?? [];
    const edited = miniCopy({
      '党员.csv': (t) => editLine(t, 2, (l) => setField(l, 1, '改名测试')),
      '目标.csv': (t) => editLine(t, 2, (l) => setField(l, 3, '0.5')),
    });
    const second = cli(join(edited, '党员.csv'));
    expect(second.status).toBe(0);
    expect(cli(join(edited, '目标.csv')).status).toBe(0);
    const rows = auditRows(dbPath).slice(1);
    expect(rows.map((r) => [r.table_name, r.action])).toEqual([
      ['import', 'import'],
      ['members', 'update'],
      ['import', 'import'],
      ['goals', 'update'],
    ]);
    const member = rows[1] as TAuditRow;
    expect(member).toMatchObject({ username: 'system', procedure: 'cli.import' });
    expect(JSON.parse(member.before ?? '')).toEqual({ name: memberLine[1] });
    expect(JSON.parse(member.after ?? '')).toEqual({ name: '改名测试' });
    expect(JSON.parse(member.row_key)).toEqual({ branch: memberLine[2], code: memberLine[0] });
    const goal = rows[3] as TAuditRow;
    expect(JSON.parse(goal.after ?? '')).toEqual({ target: 0.5 });
    expect(JSON.parse(goal.before ?? '')).toEqual({ target: Number(goalLine[3]) });
    expect(JSON.parse(goal.row_key)).toMatchObject({ year: Number(goalLine[0]) });
  });

  it('activities: changed child lists are recorded as sorted lists; a failed import records nothing', async () => {
    const db = await createTestDb();
    await importPath(db, MINI_DIR);
    // Line 2: formats replaced by two others.
    const dir = miniCopy({
      '组织生活.csv': (t) => editLine(t, 2, (l) => setField(l, 4, '研讨交流、观看视频')),
    });
    const { user } = await createTestUser(db, { username: 'zhang', role: 'admin' });
    const report = await importPath(db, dir, {
      actor: { user: { id: user.id, username: user.username }, procedure: 'import' },
    });
    expect(report.counts.activities.updated).toBe(1);
    const { rows } = await listAudit(db, { table: 'activities' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: user.id,
      username: 'zhang',
      procedure: 'import',
      action: 'update',
    });
    expect(rows[0]?.after).toEqual({ formats: ['discussion', 'video'] });
    expect(rows[0]?.before?.formats).not.toEqual(['discussion', 'video']);

    const total = (await listAudit(db)).total;
    const bad = miniCopy({ '组织生活.csv': (t) => editLine(t, 3, (l) => setField(l, 7, '二十')) });
    expect((await importPath(db, bad)).ok).toBe(false);
    expect((await listAudit(db)).total).toBe(total);
    await db.destroy();
  });
});
