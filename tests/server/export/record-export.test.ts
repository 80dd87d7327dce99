/**
 * Record lists exported in the import layout (issue 12): the files records.exportSheet returns — .xlsx
 * and .csv, activities, achievements and members — import back with nothing to insert or update
 * (the import's own preview says 0 inserted, 0 updated), including text that had to be neutralised
 * against formulas; a secretary exports her own branch only.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../../server/db/database';
import { importPath, readImportBuffer } from '../../../server/import';
import { previewSources } from '../../../server/import/import-sources';
import type { TRecordExportSheet } from '../../../shared/schemas/record-export';
import { callerFor, viewer } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';
import { MINI_DIR } from '../import/import-helpers';

let db: DB;
let branchId: number;

const admin = () => callerFor(db, viewer('admin'));

async function exportFile(sheet: TRecordExportSheet, format: 'xlsx' | 'csv') {
  return admin().records.exportSheet({ code: 'XZ01', period: '2025', sheet, format });
}

async function previewOf(file: { fileName: string; base64: string }) {
  const sources = await readImportBuffer(Buffer.from(file.base64, 'base64'), file.fileName);
  return previewSources(db, sources, { lang: 'zh' });
}

describeOnBothBackends('record export', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    const report = await importPath(db, MINI_DIR);
    expect(report.ok).toBe(true);
    const branch = await db
      .selectFrom('units')
      .select('id')
      .where('code', '=', 'XZ01')
      .executeTakeFirstOrThrow();
    branchId = Number(branch.id);
    // Text a spreadsheet would run as a formula: exported with the guard's apostrophe, imported without it.
    const first = await db
      .selectFrom('activities')
      .select('id')
      .where('branch_id', '=', branchId)
      .orderBy('held_on')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('activities')
      .set({ notes: '=HYPERLINK("http://example.org")', title: '@学习 -党史' })
      .where('id', '=', first.id)
      .execute();
  });

  describe('records.exportSheet', () => {
    for (const sheet of ['activities', 'achievements', 'members'] as const) {
      for (const format of ['xlsx', 'csv'] as const) {
        it(`${sheet} as ${format} imports back with nothing inserted or updated`, async () => {
          const file = await exportFile(sheet, format);
          const preview = await previewOf(file);
          expect(preview.errors).toEqual([]);
          expect(preview.ok).toBe(true);
          const counts = preview.counts[sheet];
          expect(counts.inserted).toBe(0);
          expect(counts.updated).toBe(0);
          expect(counts.unchanged).toBeGreaterThan(0);
        });
      }
    }

    it('exports what a drill-through shows: the activities of one requirement, the achievements of one kind', async () => {
      const file = await admin().records.exportSheet({
        code: 'XZ01',
        period: '2025',
        sheet: 'activities',
        format: 'csv',
        type: 'theme_day',
      });
      const lines = Buffer.from(file.base64, 'base64').toString('utf8').trim().split('\r\n').slice(1);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => line.split(',')[2] === '主题党日')).toBe(true);
      const all = await exportFile('activities', 'csv');
      expect(
        Buffer.from(all.base64, 'base64').toString('utf8').trim().split('\r\n').length - 1,
      ).toBeGreaterThan(lines.length);
      expect((await previewOf(file)).counts.activities).toMatchObject({ inserted: 0, updated: 0 });
    });

    it('counts as a change what differs from the database (the round trip is not vacuous)', async () => {
      const file = await exportFile('achievements', 'csv');
      const before = await db
        .selectFrom('achievements')
        .select(['id', 'notes'])
        .where('branch_id', '=', branchId)
        .where('achieved_on', '>=', '2025-01-01')
        .orderBy('achieved_on')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('achievements')
        .set({ notes: 'changed after the export' })
        .where('id', '=', before.id)
        .execute();
      try {
        const preview = await previewOf(file);
        expect(preview.counts.achievements.updated).toBe(1);
      } finally {
        await db
          .updateTable('achievements')
          .set({ notes: before.notes })
          .where('id', '=', before.id)
          .execute();
      }
    });

    it('names the file by sheet, branch and period, and writes the importer’s headers on row 1', async () => {
      const file = await exportFile('activities', 'xlsx');
      expect(file.fileName).toMatch(/^组织生活_.+_2025\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('组织生活');
      expect(sheet).toBeDefined();
      expect(sheet!.getRow(1).values).toEqual([
        undefined,
        ...'支部编号,日期,类型,主题,形式,内容模块,应到人数,实到人数,结合业务,重温入党誓词,交纳党费,书记讲党课,分享党员,备注'.split(
          ',',
        ),
      ]);
      const count = await db
        .selectFrom('activities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('branch_id', '=', branchId)
        .where('held_on', '>=', '2025-01-01')
        .where('held_on', '<=', '2025-12-31')
        .executeTakeFirstOrThrow();
      expect(sheet!.rowCount).toBe(Number(count.n) + 1);
      // Oldest first; numbers are number cells; the would-be formulas carry the apostrophe.
      const row = sheet!.getRow(2);
      expect(row.getCell(4).value).toBe(`'@学习 -党史`);
      expect(row.getCell(14).value).toBe(`'=HYPERLINK("http://example.org")`);
      expect(typeof row.getCell(7).value).toBe('number');
    });

    describe('the 党员名册’s members, without a branch', () => {
      const rosterExport = (caller: ReturnType<typeof admin>, format: 'xlsx' | 'csv') =>
        caller.records.exportSheet({ period: '2025', sheet: 'members', format });
      const branchCodesOf = (file: { base64: string }) =>
        new Set(
          Buffer.from(file.base64, 'base64')
            .toString('utf8')
            .trim()
            .split('\r\n')
            .slice(1)
            .map((line) => line.split(',')[2]),
        );

      for (const format of ['xlsx', 'csv'] as const) {
        it(`every branch’s members as ${format} import back with nothing inserted or updated`, async () => {
          const file = await rosterExport(admin(), format);
          expect(file.fileName).toMatch(new RegExp(`^[^_]+_全院_2025\\.${format}$`));
          const preview = await previewOf(file);
          expect(preview.errors).toEqual([]);
          expect(preview.counts.members).toMatchObject({ inserted: 0, updated: 0 });
          expect(preview.counts.members.unchanged).toBeGreaterThan(0);
        });
      }

      it('holds the roster’s rows of every branch: the memberships on the roll in the period', async () => {
        const codes = branchCodesOf(await rosterExport(admin(), 'csv'));
        const roster = await admin().members.roster({ period: '2025' });
        expect(codes).toEqual(new Set(roster.map((row) => row.branchCode)));
        expect(codes.size).toBeGreaterThan(1);
      });

      it('gives a secretary her own branch only, named after it', async () => {
        const secretary = callerFor(db, viewer('secretary', branchId));
        const file = await rosterExport(secretary, 'csv');
        expect(branchCodesOf(file)).toEqual(new Set(['XZ01']));
        expect(file.fileName).toContain('_行政');
        expect((await previewOf(file)).counts.members).toMatchObject({ inserted: 0, updated: 0 });
      });

      it('is members only: activities still need a branch', async () => {
        await expect(
          admin().records.exportSheet({ period: '2025', sheet: 'activities', format: 'csv' }),
        ).rejects.toThrow(/branch code is required/);
      });
    });

    it('refuses a secretary another branch’s records, and an unknown branch, in her language', async () => {
      const other = await db.selectFrom('units').select('id').where('code', '=', 'XZ02').executeTakeFirst();
      const secretary = callerFor(db, viewer('secretary', Number(other?.id ?? 999)), 'en');
      await expect(
        secretary.records.exportSheet({ code: 'XZ01', period: '2025', sheet: 'members', format: 'csv' }),
      ).rejects.toThrow(/own branch/);
      await expect(
        admin().records.exportSheet({ code: 'NOPE', period: '2025', sheet: 'members', format: 'csv' }),
      ).rejects.toThrow(/支部不存在：NOPE/);
    });
  });
});
