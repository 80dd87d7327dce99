import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSummary, demoSheetFileName, writeDemoCsv } from '../../../server/demo';
import { CSV_BOM, toCsvCell, toCsvText } from '../../../server/export/csv';
import { ACTIVITY_TYPES, CATEGORIES, FORMATS } from '../../../shared/domain';
import { SHEET_KEYS, SHEETS } from '../../../shared/import-format';

let dir: string;
let summary: DemoSummary;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-csv-'));
  summary = await writeDemoCsv(dir, { branches: 20, years: 2, today: '2025-11-26', seed: 3 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function readSheet(file: string): { text: string; rows: string[][] } {
  const text = readFileSync(join(dir, file), 'utf8');
  return { text, rows: parse(text, { bom: true }) as string[][] };
}

describe('generic CSV writer', () => {
  it('quotes only cells that need it and writes a BOM', () => {
    expect(toCsvCell('plain')).toBe('plain');
    expect(toCsvCell('a,b')).toBe('"a,b"');
    expect(toCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(toCsvCell('two\nlines')).toBe('"two\nlines"');
    expect(toCsvCell(' padded')).toBe('" padded"');
    expect(toCsvCell(null)).toBe('');
    expect(toCsvCell(2.5)).toBe('2.5');
    const text = toCsvText(['h1', 'h2'], [['x', 'y,z']]);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(parse(text, { bom: true })).toEqual([
      ['h1', 'h2'],
      ['x', 'y,z'],
    ]);
  });
});

describe('demo CSV sheets', () => {
  it('has one file per sheet with a BOM and the Chinese headers of import-format', () => {
    for (const sheet of SHEET_KEYS) {
      const { text, rows } = readSheet(demoSheetFileName(sheet));
      expect(text.startsWith(CSV_BOM)).toBe(true);
      expect(rows[0]).toEqual(SHEETS[sheet].columns.map((c) => c.zh));
      expect(rows.length).toBeGreaterThan(1);
    }
  });

  it('row counts match the summary', () => {
    expect(readSheet('组织.csv').rows.length - 1).toBe(summary.counts.units);
    expect(readSheet('党员.csv').rows.length - 1).toBe(summary.counts.members);
    expect(readSheet('组织生活.csv').rows.length - 1).toBe(summary.counts.activities);
    expect(readSheet('成果.csv').rows.length - 1).toBe(summary.counts.achievements);
    expect(readSheet('目标.csv').rows.length - 1).toBe(summary.counts.goals);
  });

  it('writes enums as Chinese labels, lists joined with 、 and yes/no as 是/否', () => {
    const { rows } = readSheet('组织生活.csv');
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const typeLabels = new Set<string>(ACTIVITY_TYPES.entries.map((e) => e.zh));
    const formatLabels = new Set<string>(FORMATS.entries.map((e) => e.zh));
    let multiFormat = 0;
    for (const row of rows.slice(1)) {
      expect(typeLabels.has(row[col('类型')] as string)).toBe(true);
      const formats = (row[col('形式')] as string).split('、').filter(Boolean);
      for (const f of formats) expect(formatLabels.has(f)).toBe(true);
      if (formats.length > 1) multiFormat++;
      for (const yesNo of ['结合业务', '重温入党誓词', '交纳党费', '书记讲党课']) {
        expect(['是', '否']).toContain(row[col(yesNo)]);
      }
    }
    expect(multiFormat).toBeGreaterThan(0);
    const units = readSheet('组织.csv').rows.slice(1);
    const categories = new Set(CATEGORIES.entries.map((e) => e.zh));
    for (const u of units) if (u[2] === '党支部') expect(categories.has(u[4] as string)).toBe(true);
    const scopes = new Set(
      readSheet('目标.csv')
        .rows.slice(1)
        .map((r) => r[1]),
    );
    expect(scopes.has('全部')).toBe(true);
    expect(scopes.has('学生')).toBe(true);
    expect(scopes.has('XZ01')).toBe(true);
  });
});
