/**
 * Preview, confirm and undo of an import (issue 11) on the import engine: a preview writes nothing and
 * shows exactly what the confirmation then writes; a confirmation is refused once the data changed after
 * the preview; an undo brings every table back to identical content (roll-ups included), is audited, and
 * is refused — writing nothing — when a later change touched the import's rows or hangs on a row it
 * added; a secretary's file may hold only her own branch's members, activities and achievements.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { setGoal } from '../../../server/audit/goal-writes';
import type { Database } from '../../../server/db/database';
import { importPath, previewPath, undoImport } from '../../../server/import';
import { rebuildRollups } from '../../../server/metrics/rollups';
import { removeAchievement } from '../../../server/records/achievement-writes';
import { AppError } from '../../../shared/app-error';
import { SHEET_KEYS } from '../../../shared/import-format';
import { describeOnBothBackends } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';
import { dumpDatabase, editLine, MINI_DIR, miniCopy, setField } from './import-helpers';

/** Tables whose content an import and its undo may leave different: the trail, the history, the versions. */
const BOOKKEEPING = [
  'audit_log',
  'import_runs',
  'data_version',
  'metrics_version',
  'member_index_version',
  'rollup_year_versions',
  'setup_version',
  'sessions',
];

const ADMIN = { user: null, procedure: 'import' } as const;
const UNDO = { user: null, procedure: 'test.undo' } as const;

/** An account to act as (the trail keeps its id and name). */
async function actor(db: Kysely<Database>, username: string, procedure: string) {
  const { user } = await createTestUser(db, { username, role: 'admin' });
  return { user: { id: user.id, username }, procedure };
}

/** Adds a line at the end of a CSV text, with the text's own line ends (the fixture's are CRLF). */
const append = (line: string) => (text: string) => {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return `${text.replace(/\r?\n$/, '')}${eol}${line}${eol}`;
};

/**
 * The mini fixture as a user might send it again: XZ01's founding date and parent changed, a new
 * branch NEW01 with a session, a new secretary 张三 in XZ01, a member renamed, sessions with changed
 * attendance, formats and sharers, a new and a changed volunteer record, a college goal 90% → 92%.
 */
function editedFixture(): string {
  return miniCopy({
    '组织.csv': (t) =>
      append('NEW01,新建党支部,党支部,ZZ02,学生,2024-01-01,,否')(
        editLine(t, 11, (l) => setField(setField(l, 3, 'ZZ01'), 5, '2021-06-01')),
      ),
    '党员.csv': (t) =>
      append('M99999,张三,XZ01,书记,2025-01-01,')(editLine(t, 10, (l) => setField(l, 1, '田飞'))),
    '组织生活.csv': (t) => {
      let text = editLine(t, 2, (l) => setField(l, 7, '13'));
      text = editLine(text, 3, (l) => setField(l, 4, '走出去参观、研讨交流'));
      text = editLine(text, 5, (l) => setField(l, 12, 'M00009、M99999'));
      return append('NEW01,2025-05-10,主题党日,新支部主题党日,研讨交流,党性锤炼,10,9,是,是,是,否,M99999,')(
        text,
      );
    },
    '成果.csv': (t) =>
      append('XZ01,2025-09-01,志愿服务,社区志愿服务,校级,3.5,12,')(
        editLine(t, 5, (l) => setField(l, 5, '20')),
      ),
    '目标.csv': (t) => editLine(t, 3, (l) => setField(l, 3, '0.92')),
  });
}

/** Opens a fresh database on the backend of the block running (describeOnBothBackends below). */
let createTestDb: () => Promise<Kysely<Database>>;

async function miniDb(): Promise<Kysely<Database>> {
  const db = await createTestDb();
  expect((await importPath(db, MINI_DIR)).ok).toBe(true);
  return db;
}

/** Runs an undo expected to be refused; returns the refusal (Chinese and English). */
async function refusedUndo(db: Kysely<Database>, importId: number): Promise<AppError> {
  const error = await undoImport(db, { importId, actor: UNDO }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('CONFLICT');
  return error as AppError;
}

describeOnBothBackends('import', (createDb) => {
  beforeAll(() => {
    createTestDb = createDb;
  });
  describe('preview', () => {
    it('writes nothing and shows every change field by field', async () => {
      const db = await miniDb();
      const before = await dumpDatabase(db);
      const preview = await previewPath(db, editedFixture(), { actor: ADMIN });
      expect(preview.errors).toEqual([]);
      expect(await dumpDatabase(db)).toBe(before);

      expect(preview.counts.units).toEqual({ inserted: 1, updated: 1, unchanged: 13 });
      expect(preview.counts.members).toMatchObject({ inserted: 1, updated: 1 });
      expect(preview.counts.activities).toMatchObject({ inserted: 1, updated: 3 });
      expect(preview.counts.achievements).toMatchObject({ inserted: 1, updated: 1 });
      expect(preview.counts.goals).toMatchObject({ inserted: 0, updated: 1 });
      expect(preview.sheets.units.updates).toEqual([
        {
          key: { code: 'XZ01' },
          before: { established_on: '2022-01-01', parent_code: 'DW' },
          after: { established_on: '2021-06-01', parent_code: 'ZZ01' },
        },
      ]);
      expect(preview.sheets.goals.updates).toEqual([
        {
          key: { year: 2025, scope_type: 'all', scope_ref: '', metric: 'attendanceRate' },
          before: { target: 0.9 },
          after: { target: 0.92 },
        },
      ]);
      expect(preview.sheets.activities.updates.map((u) => u.after)).toEqual([
        { attended: 13 },
        { formats: ['discussion', 'field_visit'] },
        { sharers: ['M00009', 'M99999'] },
      ]);
      expect(preview.sheets.members.inserts).toEqual([
        {
          key: { branch: 'XZ01', code: 'M99999' },
          before: null,
          after: { name: '张三', role: 'secretary', joined_on: '2025-01-01' },
        },
      ]);
      expect(preview.sheets.units.inserts.map((r) => r.key)).toEqual([{ code: 'NEW01' }]);
    });

    it('is what the confirmation writes: the same counts, the same before/after, the same new rows', async () => {
      const db = await miniDb();
      const dir = editedFixture();
      const preview = await previewPath(db, dir, { actor: ADMIN });
      const lastAudit = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow();
      const report = await importPath(db, dir, {
        actor: ADMIN,
        expect: { version: preview.version, counts: preview.counts },
      });
      expect(report.ok).toBe(true);
      expect(report.counts).toEqual(preview.counts);
      const audited = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '>', Number(lastAudit.id))
        .where('action', '=', 'update')
        .orderBy('id')
        .execute();
      expect(
        audited.map((a) => ({
          table: a.table_name,
          key: JSON.parse(a.row_key),
          before: JSON.parse(a.before ?? 'null'),
          after: JSON.parse(a.after ?? 'null'),
        })),
      ).toEqual(SHEET_KEYS.flatMap((table) => preview.sheets[table].updates.map((u) => ({ table, ...u }))));
      // The new rows are those the preview listed.
      const newUnit = await db
        .selectFrom('units')
        .select(['code', 'name'])
        .where('code', '=', 'NEW01')
        .execute();
      expect(newUnit).toEqual([{ code: 'NEW01', name: preview.sheets.units.inserts[0]?.after.name }]);
      const run = await db
        .selectFrom('import_runs')
        .selectAll()
        .where('id', '=', report.importId ?? -1)
        .execute();
      expect(run).toHaveLength(1);
      expect(JSON.parse(run[0]!.counts)).toEqual(preview.counts);
    });

    it('cannot be confirmed once the data changed after it: refused, nothing written', async () => {
      const db = await miniDb();
      const dir = editedFixture();
      const preview = await previewPath(db, dir, { actor: ADMIN });
      // Someone else changes a goal meanwhile.
      await setGoal(db, { year: 2025, scope: { type: 'all' }, metric: 'sessions', target: 31 }, UNDO);
      const changed = await dumpDatabase(db);
      const error = await importPath(db, dir, {
        actor: ADMIN,
        expect: { version: preview.version, counts: preview.counts },
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('CONFLICT');
      expect((error as AppError).messageIn('zh')).toContain('预览之后数据已被修改');
      expect((error as AppError).messageIn('en')).toContain('changed after the preview');
      expect(await dumpDatabase(db)).toBe(changed);
    });
  });

  describe('undo', () => {
    it('restores every table to identical content, roll-ups included, and is audited', async () => {
      const db = await miniDb();
      const before = await dumpDatabase(db, { except: BOOKKEEPING });
      const report = await importPath(db, editedFixture(), { actor: ADMIN });
      expect(report.importId).toEqual(expect.any(Number));
      expect(await dumpDatabase(db, { except: BOOKKEEPING })).not.toBe(before);

      const undone = await undoImport(db, { importId: report.importId!, actor: UNDO });
      expect(undone.deleted).toEqual({ units: 1, members: 1, activities: 1, achievements: 1, goals: 0 });
      expect(undone.restored).toEqual({ units: 1, members: 1, activities: 3, achievements: 1, goals: 1 });
      expect(await dumpDatabase(db, { except: BOOKKEEPING })).toBe(before);
      // The roll-ups the undo refreshed are those a rebuild from the raw rows gives.
      await rebuildRollups(db);
      expect(await dumpDatabase(db, { except: BOOKKEEPING })).toBe(before);

      const run = await db
        .selectFrom('import_runs')
        .selectAll()
        .where('id', '=', report.importId!)
        .executeTakeFirstOrThrow();
      expect(run.undone_at).not.toBeNull();
      const trail = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('procedure', '=', 'test.undo')
        .orderBy('id')
        .execute();
      expect(trail[0]).toMatchObject({ table_name: 'import', action: 'update' });
      expect(JSON.parse(trail[0]!.after ?? '{}')).toMatchObject({ status: 'undone' });
      // One row per restored record, before and after swapped from the import's.
      const goal = trail.find((t) => t.table_name === 'goals');
      expect(JSON.parse(goal?.before ?? '{}')).toEqual({ target: 0.92 });
      expect(JSON.parse(goal?.after ?? '{}')).toEqual({ target: 0.9 });
      expect(trail).toHaveLength(1 + 7);

      const twice = await refusedUndo(db, report.importId!);
      expect(twice.messageIn('zh')).toContain('已于');
    });

    it('of a first import leaves the empty database it started from', async () => {
      const db = await createTestDb();
      const empty = await dumpDatabase(db, { except: BOOKKEEPING });
      const report = await importPath(db, MINI_DIR, { actor: ADMIN });
      await undoImport(db, { importId: report.importId!, actor: UNDO });
      expect(await dumpDatabase(db, { except: BOOKKEEPING })).toBe(empty);
    });

    it('is refused after a later edit of a row it updated, naming the row, who and when', async () => {
      const db = await miniDb();
      const report = await importPath(db, editedFixture(), { actor: ADMIN });
      await setGoal(
        db,
        { year: 2025, scope: { type: 'all' }, metric: 'attendanceRate', target: 0.95 },
        await actor(db, 'li', 'goals.set'),
      );
      const before = await dumpDatabase(db);
      const refusal = await refusedUndo(db, report.importId!);
      expect(refusal.messageIn('zh')).toContain('目标「2025 · 全部 · 出勤率」在本次导入之后已被 li 于');
      expect(refusal.messageIn('zh')).toContain('goals.set');
      expect(refusal.messageIn('zh')).toContain('撤销未执行');
      expect(refusal.messageIn('en')).toContain('was changed by li at');
      expect(await dumpDatabase(db)).toBe(before);
    });

    it('is refused after a later import changed a row it added; undoing the later one first lets it through', async () => {
      const db = await miniDb();
      const wang = await actor(db, 'wang', 'import');
      const before = await dumpDatabase(db, { except: BOOKKEEPING });
      const first = await importPath(db, editedFixture(), { actor: ADMIN });
      // The session of the new branch NEW01, attended 9 → 8, in a later file.
      const later = miniCopy({
        '组织生活.csv': () =>
          '支部编号,日期,类型,主题,形式,内容模块,应到人数,实到人数,结合业务,重温入党誓词,交纳党费,书记讲党课,分享党员,备注\n' +
          'NEW01,2025-05-10,主题党日,新支部主题党日,研讨交流,党性锤炼,10,8,是,是,是,否,M99999,\n',
      });
      const second = await importPath(db, join(later, '组织生活.csv'), { actor: wang });
      expect(second.counts.activities).toMatchObject({ updated: 1 });
      const refusal = await refusedUndo(db, first.importId!);
      expect(refusal.messageIn('zh')).toContain('组织生活「NEW01 · 2025-05-10 · 主题党日 · 新支部主题党日」');
      expect(refusal.messageIn('zh')).toContain('已被 wang 于');

      await undoImport(db, { importId: second.importId!, actor: UNDO });
      await undoImport(db, { importId: first.importId!, actor: UNDO });
      expect(await dumpDatabase(db, { except: BOOKKEEPING })).toBe(before);
    });

    it('is refused after a form deleted a row it added (an audit key with the row id), naming who', async () => {
      const db = await miniDb();
      const report = await importPath(db, editedFixture(), { actor: ADMIN });
      const added = await db
        .selectFrom('achievements')
        .select('id')
        .where('title', '=', '社区志愿服务')
        .executeTakeFirstOrThrow();
      const li = await actor(db, 'li', 'records.removeAchievement');
      await removeAchievement(db, added.id, { user: { role: 'admin', branchId: null }, actor: li });
      const before = await dumpDatabase(db);
      const refusal = await refusedUndo(db, report.importId!);
      expect(refusal.messageIn('zh')).toContain(
        '成果「XZ01 · 2025-09-01 · 志愿服务 · 社区志愿服务」在本次导入之后已被 li 于',
      );
      expect(refusal.messageIn('zh')).toContain('删除（records.removeAchievement）');
      expect(await dumpDatabase(db)).toBe(before);
    });

    it('is refused while later rows hang on a branch it added', async () => {
      const db = await miniDb();
      const first = await importPath(db, editedFixture(), { actor: ADMIN });
      const later = miniCopy({
        '成果.csv': () =>
          '支部编号,日期,类别,名称,级别,时长（小时）,参与人次,备注\nNEW01,2025-06-01,荣誉表彰,新支部表彰,校级,,,\n',
      });
      const second = await importPath(db, join(later, '成果.csv'), {
        actor: ADMIN,
        fileName: '新支部成果.csv',
      });
      expect(second.counts.achievements.inserted).toBe(1);
      const before = await dumpDatabase(db);
      const refusal = await refusedUndo(db, first.importId!);
      expect(refusal.messageIn('zh')).toContain('本次导入新增的支部 NEW01 下之后又有了成果记录');
      expect(refusal.messageIn('zh')).toContain('新支部成果.csv');
      expect(await dumpDatabase(db)).toBe(before);
    });
  });

  describe('secretary scope', () => {
    const XZ01 = { kind: 'branch', branchCode: 'XZ01' } as const;

    it('lists every row outside her branch as a problem, and none of hers', async () => {
      const db = await createTestDb();
      const preview = await previewPath(db, MINI_DIR, { scope: XZ01 });
      expect(preview.ok).toBe(false);
      const codes = new Set(preview.errors.map((e) => e.code));
      expect([...codes].sort()).toEqual(['scope_branch', 'scope_sheet']);
      // Units and goals are not hers to import at all; other branches' rows neither.
      expect(preview.errors.filter((e) => e.sheet === 'units')).toHaveLength(14);
      expect(preview.errors.filter((e) => e.sheet === 'goals')).toHaveLength(14);
      expect(preview.errors.some((e) => e.sheet === 'activities' && e.value === 'JG001')).toBe(true);
      expect(preview.errors.some((e) => e.code === 'scope_branch' && e.value === 'XZ01')).toBe(false);
    });

    it('takes a file of her own branch', async () => {
      const db = await miniDb();
      const own = miniCopy({
        '组织生活.csv': (t) =>
          t
            .split(/\r?\n/)
            .filter((l, i) => i === 0 || l.startsWith('XZ01,'))
            .map((l, i) => (i === 1 ? setField(l, 7, '12') : l))
            .join('\n'),
      });
      const preview = await previewPath(db, join(own, '组织生活.csv'), { scope: XZ01 });
      expect(preview.errors).toEqual([]);
      expect(preview.counts.activities).toEqual({ inserted: 0, updated: 1, unchanged: 32 });
    });
  });
});
