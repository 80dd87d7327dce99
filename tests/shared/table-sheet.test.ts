/**
 * The one spreadsheet builder of the exports (issue 12), read back with exceljs: the header block, group
 * and column headers, number cells with their formats, goal fills, frozen header and first column,
 * the auto-filter, and text that would run as a formula neutralised; the CSV of the same table.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CSV_BOM } from '../../shared/csv-text';
import { buildTableCsv, buildTableXlsx, type TSheetTable } from '../../shared/table-sheet';

const table: TSheetTable = {
  sheetName: '支部对比',
  headerBlock: [
    '支部对比',
    '期间：2025年',
    '统计截至：2025-12-31',
    '筛选：类别 行政',
    '导出：管理员（admin） 2026-01-05 09:30',
  ],
  columns: [
    { header: '支部名称', group: '支部', format: 'text' },
    { header: '编号', group: '支部', format: 'text' },
    { header: '组织生活完成率', group: '规范性', format: 'percent' },
    { header: '组织生活次数', group: '规范性', format: 'int' },
    { header: '综合指数', group: '综合指数/排名', format: 'dec1' },
  ],
  rows: [
    ['行政第一党支部', 'XZ01', { value: 0.9234, fill: '#d9f7be' }, 12, 86.25],
    ['=HYPERLINK("http://x")', '-A', { value: 0.5, fill: '#ffccc7' }, null, 40],
  ],
};

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no worksheet');
  return sheet;
}

describe('buildTableXlsx', () => {
  it('writes the header block, the group row and the header, then the rows', async () => {
    const sheet = await readBack(await buildTableXlsx(table));
    expect(sheet.name).toBe('支部对比');
    expect(sheet.getCell('A1').value).toBe('支部对比');
    expect(sheet.getCell('A2').value).toBe('期间：2025年');
    expect(sheet.getCell('A3').value).toBe('统计截至：2025-12-31');
    expect(sheet.getCell('A5').value).toBe('导出：管理员（admin） 2026-01-05 09:30');
    // Row 6 is blank, row 7 the groups (merged over their columns), row 8 the headers.
    expect(sheet.getCell('A7').value).toBe('支部');
    expect(sheet.getCell('C7').value).toBe('规范性');
    expect(sheet.getCell('D7').isMerged).toBe(true);
    expect(sheet.getRow(8).values).toEqual([
      undefined,
      '支部名称',
      '编号',
      '组织生活完成率',
      '组织生活次数',
      '综合指数',
    ]);
    expect(sheet.getCell('A9').value).toBe('行政第一党支部');
  });

  it('keeps numbers as number cells with the percent format of one decimal, and null as blank', async () => {
    const sheet = await readBack(await buildTableXlsx(table));
    const rate = sheet.getCell('C9');
    expect(rate.value).toBe(0.9234);
    expect(typeof rate.value).toBe('number');
    expect(rate.numFmt).toBe('0.0%');
    expect(sheet.getCell('D9').value).toBe(12);
    expect(sheet.getCell('D9').numFmt).toBe('0');
    expect(sheet.getCell('E9').numFmt).toBe('0.0');
    expect(sheet.getCell('D10').value).toBeNull();
  });

  it('fills cells with the goal colours', async () => {
    const sheet = await readBack(await buildTableXlsx(table));
    const fillOf = (ref: string) =>
      (sheet.getCell(ref).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(fillOf('C9')).toBe('FFD9F7BE');
    expect(fillOf('C10')).toBe('FFFFCCC7');
    expect(fillOf('D9')).toBeUndefined();
  });

  it('freezes the header and the first column and puts an auto-filter on the header row', async () => {
    const sheet = await readBack(await buildTableXlsx(table));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 8 });
    expect(sheet.autoFilter).toBe('A8:E10');
  });

  it('neutralises text that would run as a formula, never a number', async () => {
    const sheet = await readBack(await buildTableXlsx(table));
    expect(sheet.getCell('A10').value).toBe(`'=HYPERLINK("http://x")`);
    expect(sheet.getCell('B10').value).toBe(`'-A`);
    expect(sheet.getCell('E10').value).toBe(40);
  });

  it('without a header block or groups, the header is the first row (the import layout)', async () => {
    const sheet = await readBack(
      await buildTableXlsx({
        sheetName: '组织生活',
        headerBlock: [],
        columns: [
          { header: '支部编号', format: 'text' },
          { header: '应到人数', format: 'int' },
        ],
        rows: [['XZ01', 10]],
      }),
    );
    expect(sheet.getRow(1).values).toEqual([undefined, '支部编号', '应到人数']);
    expect(sheet.getCell('B2').value).toBe(10);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('gives a cell its own number format where a column mixes rates and counts', async () => {
    const sheet = await readBack(
      await buildTableXlsx({
        sheetName: '目标',
        headerBlock: [],
        columns: [
          { header: '指标', format: 'text' },
          { header: '目标值', format: 'text' },
        ],
        rows: [
          ['出勤率', { value: 0.9, format: 'percent' }],
          ['主题党日次数', { value: 12, format: 'int' }],
          ['人均志愿服务时长', { value: 6.25, format: 'dec2' }],
          ['说明', '文字'],
        ],
      }),
    );
    expect(sheet.getCell('B2').value).toBe(0.9);
    expect(sheet.getCell('B2').numFmt).toBe('0.0%');
    expect(sheet.getCell('B3').value).toBe(12);
    expect(sheet.getCell('B3').numFmt).toBe('0');
    expect(sheet.getCell('B4').numFmt).toBe('0.00');
    expect(sheet.getCell('B5').numFmt).toBeUndefined();
    expect((sheet.getCell('B2').fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
  });
});

describe('buildTableCsv', () => {
  it('writes the block, a blank line, the header and the rows, with numbers as numbers', () => {
    const lines = buildTableCsv(table).split('\r\n');
    expect(lines[0]).toBe(`${CSV_BOM}支部对比`);
    expect(lines[5]).toBe('');
    expect(lines[6]).toBe('支部名称,编号,组织生活完成率,组织生活次数,综合指数');
    expect(lines[7]).toBe('行政第一党支部,XZ01,0.9234,12,86.25');
    expect(lines[8]).toBe(`"'=HYPERLINK(""http://x"")",'-A,0.5,,40`);
  });
});
