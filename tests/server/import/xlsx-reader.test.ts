/**
 * The .xlsx reader's cells: what exceljs writes (rich text, formulas, hyperlinks, dates, booleans, errors,
 * sparse rows) comes out as the exceljs reader gave it, and the layouts other writers use (phonetic guides,
 * inline rich text, t="d", the 1904 date system, prefixed element names, cells without references) are read
 * too. Damaged parts are a problem, never an exception.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../server/import';
import { readXlsx } from '../../../server/import/read-xlsx';
import type { RawRow } from '../../../server/import/types';
import {
  buildZip,
  repeatedDeflate,
  WORKSHEET_CLOSE,
  WORKSHEET_OPEN,
  workbookParts,
  XML_HEAD,
} from './xlsx-writer';

async function rowsOf(book: Buffer): Promise<Record<string, RawRow[]>> {
  const read = await readXlsx(book, 'book.xlsx');
  expect(read.errors.map((p) => formatProblem(p))).toEqual([]);
  const out: Record<string, RawRow[]> = {};
  for (const source of read.sources) {
    const rows: RawRow[] = [];
    for await (const row of source.rows()) rows.push(row);
    out[source.sheet ?? ''] = rows;
  }
  return out;
}

/** Problems of reading every sheet of the book (the ones met while iterating included). */
async function problemsOf(book: Buffer): Promise<string[]> {
  const read = await readXlsx(book, 'book.xlsx');
  const problems = read.errors.map((p) => formatProblem(p));
  for (const source of read.sources) {
    try {
      for await (const _ of source.rows()) {
        // read to the end
      }
    } catch (error) {
      problems.push(formatProblem((error as { problem: Parameters<typeof formatProblem>[0] }).problem));
    }
  }
  return problems;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('cells of a workbook exceljs writes', () => {
  it('reads text, rich text, formulas, hyperlinks, dates, booleans, errors and sparse rows', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('组织生活');
    ws.addRow(['支部编号', '日期', '主题', '应到人数']);
    const row = ws.addRow([]);
    row.getCell(1).value = { richText: [{ text: '行政' }, { text: '一支部', font: { bold: true } }] };
    row.getCell(2).value = utc('2025-03-15');
    row.getCell(2).numFmt = 'yyyy-mm-dd';
    row.getCell(3).value = { formula: 'A2&"会"', result: '行政一支部会' };
    row.getCell(4).value = { formula: '1+2', result: 3 };
    row.getCell(6).value = { text: '链接', hyperlink: 'https://example.org' };
    row.getCell(7).value = true;
    row.getCell(8).value = { error: '#N/A' };
    row.getCell(9).value = utc('2025-03-16');
    row.getCell(9).numFmt = 'yyyy"年"m"月"d"日"';
    row.getCell(10).value = 45_000.5;
    ws.addRow([]);
    const sparse = ws.getRow(5);
    sparse.getCell(3).value = '只有第三列';
    sparse.commit();
    const rows = await rowsOf(Buffer.from(await book.xlsx.writeBuffer()));
    expect(rows.activities).toEqual([
      { row: 1, cells: ['支部编号', '日期', '主题', '应到人数'] },
      {
        row: 2,
        cells: [
          '行政一支部',
          utc('2025-03-15'),
          '行政一支部会',
          3,
          null,
          '链接',
          true,
          '#N/A',
          utc('2025-03-16'),
          45_000.5,
        ],
      },
      { row: 5, cells: [null, null, '只有第三列'] },
    ]);
  });
});

describe('layouts of other writers', () => {
  it('phonetic guides, inline rich text, t="d", the 1904 system, prefixed names, cells without r', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const sheet = `${XML_HEAD}<x:worksheet xmlns:x="${ns}"><x:sheetData>
      <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>甲</x:t></x:r><x:r><x:t xml:space="preserve"> 乙</x:t></x:r></x:is></x:c><x:c t="d"><x:v>2025-03-15T00:00:00</x:v></x:c></x:row>
      <x:row><x:c r="B2" s="1"><x:v>0</x:v></x:c><x:c r="D2" t="str"><x:f>A1</x:f><x:v>&lt;公式&gt;</x:v></x:c><x:c r="E2" t="b"><x:f>TRUE()</x:f><x:v>1</x:v></x:c><x:c r="F2"><x:f>1/0</x:f></x:c></x:row>
    </x:sheetData></x:worksheet>`;
    const strings = `${XML_HEAD}<sst xmlns="${ns}"><si><r><t>党</t></r><r><rPr><b/></rPr><t>课</t></r><rPh sb="0" eb="1"><t>ダン</t></rPh><phoneticPr fontId="1"/></si></sst>`;
    const parts = workbookParts([{ name: '组织生活', part: { content: sheet } }], { content: strings }).map(
      (p) =>
        p.name === 'xl/workbook.xml'
          ? { ...p, content: String(p.content).replace('<sheets>', '<workbookPr date1904="1"/><sheets>') }
          : p,
    );
    const rows = await rowsOf(buildZip(parts));
    expect(rows.activities).toEqual([
      { row: 1, cells: ['党课', '甲 乙', new Date('2025-03-15T00:00:00Z')] },
      // Serial 0 in the 1904 system is 1904-01-01.
      { row: 2, cells: [null, new Date('1904-01-01T00:00:00Z'), null, '<公式>', true] },
    ]);
  });

  it('a built-in East Asian date format (31: yyyy"年"m"月"d"日") written by id only', async () => {
    const sheet = `${WORKSHEET_OPEN}<row r="1"><c r="A1" s="1"><v>45731</v></c><c r="B1" s="2"><v>45731</v></c></row>${WORKSHEET_CLOSE}`;
    const parts = workbookParts([{ name: '组织生活', part: { content: sheet } }]).map((p) =>
      p.name === 'xl/styles.xml'
        ? {
            ...p,
            content: String(p.content)
              .replace('<cellXfs count="2">', '<cellXfs count="3">')
              .replace(
                '</cellXfs>',
                '<xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>',
              )
              .replace('numFmtId="14"', 'numFmtId="3"'),
          }
        : p,
    );
    const rows = await rowsOf(buildZip(parts));
    expect(rows.activities).toEqual([{ row: 1, cells: [45731, utc('2025-03-15')] }]);
  });
});

describe('damaged workbooks give a problem', () => {
  const sheetBook = (sheet: Buffer | string) =>
    buildZip(workbookParts([{ name: '组织生活', part: { content: sheet } }]));

  it('a cut zip', async () => {
    const book = sheetBook(`${WORKSHEET_OPEN}${WORKSHEET_CLOSE}`);
    expect(await problemsOf(book.subarray(0, book.length - 30))).toEqual([
      '文件 "book.xlsx" 无法作为 .xlsx 工作簿读取（文件损坏或不是 Excel 文件）：no zip central directory (the file is truncated or not a zip)',
    ]);
  });

  it('a sheet that is not UTF-8', async () => {
    const gbk = Buffer.concat([
      Buffer.from(`${WORKSHEET_OPEN}<row r="1"><c r="A1" t="inlineStr"><is><t>`),
      Buffer.from([0xb1, 0xe0, 0xba, 0xc5]),
      Buffer.from(`</t></is></c></row>${WORKSHEET_CLOSE}`),
    ]);
    expect(await problemsOf(sheetBook(gbk))).toEqual([
      expect.stringMatching(
        /^文件 "book.xlsx" 无法作为 .xlsx 工作簿读取.*xl\/worksheets\/sheet1.xml: .*utf-8/,
      ),
    ]);
  });

  it('megabytes of XML without a tag, and a cell of more than a million characters split by tags', async () => {
    const spaces = repeatedDeflate(WORKSHEET_OPEN, ' '.repeat(1024 * 1024), 8, WORKSHEET_CLOSE);
    const book = buildZip(workbookParts([{ name: '组织生活', part: { deflated: spaces } }]));
    expect(await problemsOf(book)).toEqual([
      expect.stringMatching(/sheet1.xml: more than 4 MB of XML without a tag$/),
    ]);
    const cell = `${WORKSHEET_OPEN}<row r="1"><c r="A1" t="inlineStr"><is><t>${Array(3).fill('长'.repeat(500_000)).join('<b/>')}</t></is></c></row>${WORKSHEET_CLOSE}`;
    expect(await problemsOf(sheetBook(cell))).toEqual([
      expect.stringMatching(/sheet1.xml: a cell holds more than 1,048,576 characters$/),
    ]);
  });
});
