import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importPath, importSources, readImportBuffer } from '../../../server/import';
import { SHEETS } from '../../../shared/import-format';
import { createTestDb, describeOnBothBackends } from '../../helpers/test-db';
import { dumpDatabase, editLine, MINI_DIR, miniCopy, miniCsv, setField } from './import-helpers';

const MINI_COUNTS = { units: 14, members: 103, activities: 143, achievements: 14, goals: 14 };

describeOnBothBackends('import of the mini fixture (CSV folder)', (createTestDb) => {
  it('inserts every row, with child lists and resolved parents', async () => {
    const db = await createTestDb();
    const report = await importPath(db, MINI_DIR);
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    for (const [sheet, n] of Object.entries(MINI_COUNTS)) {
      expect(report.counts[sheet as keyof typeof MINI_COUNTS]).toEqual({
        inserted: n,
        updated: 0,
        unchanged: 0,
      });
    }
    const xs = await db
      .selectFrom('units as u')
      .innerJoin('units as p', 'p.id', 'u.parent_id')
      .select(['u.category', 'u.has_groups', 'p.code as parent'])
      .where('u.code', '=', 'XS002')
      .executeTakeFirstOrThrow();
    expect(xs).toEqual({ category: 'student', has_groups: 1, parent: 'ZZ03' });
    // Row 12: 实践活动、党员分享 / 本领增强 / sharers M00013、M00007.
    const a = await db
      .selectFrom('activities')
      .selectAll()
      .where('held_on', '=', '2025-05-04')
      .where('type', '=', 'committee_meeting')
      .executeTakeFirstOrThrow();
    const formats = await db
      .selectFrom('activity_formats')
      .select('format')
      .where('activity_id', '=', a.id)
      .execute();
    const sharers = await db
      .selectFrom('activity_sharers')
      .select('member_code')
      .where('activity_id', '=', a.id)
      .execute();
    expect(formats.map((f) => f.format).sort()).toEqual(['member_sharing', 'practice']);
    expect(sharers.map((s) => s.member_code).sort()).toEqual(['M00007', 'M00013']);
    expect([a.expected, a.attended, a.integrated_with_work]).toEqual([14, 14, 0]);
    const goal = await db
      .selectFrom('goals')
      .selectAll()
      .where('scope_type', '=', 'branch')
      .executeTakeFirstOrThrow();
    expect(goal).toMatchObject({ scope_ref: 'XZ01', metric: 'projectsApproved', target: 2 });
    const hours = await db
      .selectFrom('achievements')
      .select('hours')
      .where('title', '=', '志愿服务2025-2')
      .execute();
    expect(hours).toEqual([{ hours: 3.5 }]);
  });

  it('changes nothing when the same files are imported again', async () => {
    const db = await createTestDb();
    await importPath(db, MINI_DIR);
    const before = await dumpDatabase(db, { except: ['audit_log'] });
    const again = await importPath(db, MINI_DIR);
    expect(again.ok).toBe(true);
    for (const [sheet, n] of Object.entries(MINI_COUNTS)) {
      expect(again.counts[sheet as keyof typeof MINI_COUNTS]).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: n,
      });
    }
    expect(await dumpDatabase(db, { except: ['audit_log'] })).toBe(before);
    // The trail has both imports (a summary each) and no per-row entries: nothing was updated.
    const trail = await db.selectFrom('audit_log').select(['action', 'table_name']).execute();
    expect(trail).toEqual([
      { action: 'import', table_name: 'import' },
      { action: 'import', table_name: 'import' },
    ]);
  });

  it('updates an edited row in place and replaces only its changed child list', async () => {
    const db = await createTestDb();
    await importPath(db, MINI_DIR);
    const dir = miniCopy({
      // Row 12: attended 14 → 12, formats get 观看视频 added; the unit XZ004 gets groups.
      '组织生活.csv': (t) =>
        editLine(t, 12, (l) => setField(setField(l, 7, '12'), 4, '实践活动、党员分享、观看视频')),
      '组织.csv': (t) => editLine(t, 15, (l) => setField(l, 7, '是')),
      '目标.csv': (t) => editLine(t, 2, (l) => setField(l, 3, '96%')),
    });
    const report = await importPath(db, dir);
    expect(report.ok).toBe(true);
    expect(report.counts.activities).toEqual({ inserted: 0, updated: 1, unchanged: 142 });
    expect(report.counts.units).toEqual({ inserted: 0, updated: 1, unchanged: 13 });
    expect(report.counts.goals).toEqual({ inserted: 0, updated: 1, unchanged: 13 });
    const a = await db
      .selectFrom('activities')
      .select(['id', 'attended'])
      .where('held_on', '=', '2025-05-04')
      .where('type', '=', 'committee_meeting')
      .executeTakeFirstOrThrow();
    expect(a.attended).toBe(12);
    const formats = await db
      .selectFrom('activity_formats')
      .select('format')
      .where('activity_id', '=', a.id)
      .execute();
    expect(formats.map((f) => f.format).sort()).toEqual(['member_sharing', 'practice', 'video']);
    expect((await db.selectFrom('activities').select('id').execute()).length).toBe(143);
    const goal = await db
      .selectFrom('goals')
      .select('target')
      .where('metric', '=', 'complianceRate')
      .executeTakeFirstOrThrow();
    expect(goal.target).toBeCloseTo(0.96, 12);
  });

  it('accepts English keys, English headers, aliases, Y/N and list separators', async () => {
    const db = await createTestDb();
    await importPath(db, MINI_DIR);
    const csv = [
      '\uFEFFbranch_code,Date,type,title,formats,modules,expected,attended,integrated_with_work,oath_renewed,dues_collected,by_secretary,sharers',
      'XZ01,2025/6/30,party_lecture,书记讲党课：新篇章,"reading, 走出去参观体验；党员轮流分享",spirit;capability,16,15,Y,n,TRUE,1,M00001，M00009',
    ].join('\r\n');
    const report = await importSources(db, await readImportBuffer(Buffer.from(csv), 'activities.csv'));
    expect(report.errors).toEqual([]);
    expect(report.counts.activities.inserted).toBe(1);
    const a = await db
      .selectFrom('activities')
      .selectAll()
      .where('title', '=', '书记讲党课：新篇章')
      .executeTakeFirstOrThrow();
    expect(a).toMatchObject({
      held_on: '2025-06-30',
      type: 'party_lecture',
      by_secretary: 1,
      oath_renewed: 0,
      dues_collected: 1,
    });
    const formats = await db
      .selectFrom('activity_formats')
      .select('format')
      .where('activity_id', '=', a.id)
      .execute();
    expect(formats.map((f) => f.format).sort()).toEqual(['field_visit', 'member_sharing', 'reading']);
  });
});

/** Builds a workbook from the mini CSVs: real date cells, number cells, sheets in reverse order. */
async function miniWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const files = readdirSync(MINI_DIR)
    .filter((n) => n.endsWith('.csv'))
    .reverse();
  for (const file of files) {
    const name = file.replace(/\.csv$/, '');
    const sheet = Object.values(SHEETS).find((s) => s.zh === name);
    if (!sheet) throw new Error(file);
    const ws = book.addWorksheet(name);
    const [header, ...lines] = miniCsv(file).trim().split(/\r?\n/);
    const headers = (header as string).split(',');
    ws.addRow(headers);
    for (const line of lines) {
      const cells = line.split(',').map((text, i) => {
        const column = sheet.columns.find((c) => c.zh === headers[i]);
        if (text === '' || !column) return text === '' ? null : text;
        if (column.type === 'date') return new Date(`${text}T00:00:00Z`);
        if (column.type === 'integer' || (column.type === 'number' && !text.endsWith('%')))
          return Number(text);
        return text;
      });
      const row = ws.addRow(cells);
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      });
    }
  }
  // Not a sheet of the format (the template's own 说明 is skipped without a warning).
  book.addWorksheet('封面').addRow(['这是封面']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('import of the mini fixture as XLSX', () => {
  it('gives the same database as the CSV folder', async () => {
    const fromCsv = await createTestDb();
    await importPath(fromCsv, MINI_DIR);
    const fromXlsx = await createTestDb();
    const sources = await readImportBuffer(await miniWorkbook(), 'mini.xlsx');
    const report = await importSources(fromXlsx, sources);
    expect(report.errors).toEqual([]);
    expect(report.counts.activities.inserted).toBe(143);
    expect(report.warnings.map((w) => w.code)).toEqual(['sheet_ignored']);
    // The trail and the history differ only in the file name and the time.
    expect(await dumpDatabase(fromXlsx, { except: ['audit_log', 'import_runs'] })).toBe(
      await dumpDatabase(fromCsv, { except: ['audit_log', 'import_runs'] }),
    );
  });

  it('reads one sheet of a workbook with --sheet', async () => {
    const db = await createTestDb();
    await importPath(db, MINI_DIR);
    const sources = await readImportBuffer(await miniWorkbook(), 'mini.xlsx', { sheet: '目标' });
    const report = await importSources(db, sources);
    expect(report.counts.goals).toEqual({ inserted: 0, updated: 0, unchanged: 14 });
    expect(report.counts.activities).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
  });

  it('finds the file of a path on disk', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = miniCopy();
    const path = join(dir, 'book.xlsx');
    writeFileSync(path, await miniWorkbook());
    const db = await createTestDb();
    const report = await importPath(db, path);
    expect(report.ok).toBe(true);
    expect(report.counts.members.inserted).toBe(103);
  });
});
