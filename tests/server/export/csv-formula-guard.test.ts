/**
 * The CSV writer neutralises would-be formulas in text cells (never numbers), and the importer takes
 * the mark off again, so written sheets import exactly like the values they were written from.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { toCsvCell, toCsvText } from '../../../server/export/csv';
import { importPath } from '../../../server/import';
import { cellText, isBlank } from '../../../server/import/cells';
import { neutraliseFormula, stripNeutralisingPrefix } from '../../../shared/formula-guard';
import { createTestDb } from '../../helpers/test-db';
import { dumpDatabase, MINI_DIR } from '../import/import-helpers';

const FORMULAS = [
  '=HYPERLINK("http://example.com","点我")',
  '=1+1',
  '+1 次',
  '-- 会议延期',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  '＝1＋1',
];

describe('CSV writer: formula neutralisation', () => {
  it('puts an apostrophe in front of text that starts a formula', () => {
    for (const text of FORMULAS) {
      const cell = toCsvCell(text);
      const read = (parse(cell, { relax_quotes: true }) as string[][])[0]?.[0];
      expect(read, JSON.stringify(text)).toBe(`'${text}`);
    }
    expect(toCsvCell('=a,b')).toBe(`"'=a,b"`);
    expect(toCsvCell('@"x"')).toBe(`"'@""x"""`);
  });

  it('leaves numbers, number text, dates and ordinary text alone', () => {
    expect(toCsvCell(-3)).toBe('-3');
    expect(toCsvCell(-0.25)).toBe('-0.25');
    for (const text of [
      '-3',
      '+3',
      '-1.5',
      '+.5',
      '-2e3',
      '-5%',
      '2025-03-14',
      '45658',
      'a=b',
      '学习@支部',
    ]) {
      expect(toCsvCell(text), text).toBe(text);
    }
    expect(toCsvCell('')).toBe('');
    expect(toCsvCell(null)).toBe('');
  });

  it('the importer reads a marked cell as what was written, and only a marked would-be formula', () => {
    for (const text of ['=1+1', '+1 次', '-- 会议延期', '@张三', '＝1＋1']) {
      expect(stripNeutralisingPrefix(neutraliseFormula(text))).toBe(text);
      expect(cellText(neutraliseFormula(text))).toBe(text);
    }
    expect(cellText(`'\t学习`)).toBe('学习');
    expect(isBlank(`'\t`)).toBe(true);
    // An apostrophe before anything else is the text's own.
    expect(cellText("'s Gravesande")).toBe("'s Gravesande");
    expect(cellText("'1")).toBe("'1");
  });
});

describe('written sheets import back unchanged', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** The mini fixture's sheets with formula-like text in titles, notes and names. */
  function editedSheets(): Record<string, string[][]> {
    const read = (name: string) =>
      parse(readFileSync(join(MINI_DIR, name), 'utf8'), { bom: true }) as string[][];
    const sheets: Record<string, string[][]> = {};
    for (const name of ['组织.csv', '党员.csv', '组织生活.csv', '成果.csv', '目标.csv'])
      sheets[name] = read(name);
    const activities = sheets['组织生活.csv'] as string[][];
    const header = activities[0] as string[];
    const title = header.indexOf('主题');
    const notes = header.indexOf('备注');
    FORMULAS.forEach((text, i) => {
      const row = activities[i + 1] as string[];
      row[title] = `${text} ${i}`;
      row[notes] = text;
    });
    ((sheets['成果.csv'] as string[][])[1] as string[])[3] = '+1 志愿服务';
    ((sheets['党员.csv'] as string[][])[1] as string[])[1] = '=王娟';
    return sheets;
  }

  function writeSheets(sheets: Record<string, string[][]>, write: (rows: string[][]) => string): string {
    const dir = mkdtempSync(join(tmpdir(), 'csv-guard-'));
    dirs.push(dir);
    for (const [name, rows] of Object.entries(sheets)) writeFileSync(join(dir, name), write(rows));
    return dir;
  }

  it('imports the same database as the unmarked values', async () => {
    const sheets = editedSheets();
    const marked = writeSheets(sheets, ([header, ...rows]) => toCsvText(header as string[], rows));
    // The same values written plainly (every cell quoted, nothing neutralised).
    const plain = writeSheets(sheets, (rows) =>
      rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n'),
    );
    const written = parse(readFileSync(join(marked, '组织生活.csv'), 'utf8'), { bom: true }) as string[][];
    expect(written[1]).toContain(`'${FORMULAS[0]}`);
    expect(written[4]).toContain(`'${FORMULAS[3]}`);

    const fromMarked = await createTestDb();
    const fromPlain = await createTestDb();
    try {
      expect((await importPath(fromMarked, marked)).errors).toEqual([]);
      expect((await importPath(fromPlain, plain)).errors).toEqual([]);
      const dump = await dumpDatabase(fromMarked, { except: ['audit_log', 'import_runs'] });
      expect(dump).toBe(await dumpDatabase(fromPlain, { except: ['audit_log', 'import_runs'] }));
      const notes = await fromMarked
        .selectFrom('activities')
        .select('notes')
        .where('notes', 'is not', null)
        .execute();
      expect(notes.map((n) => n.notes).sort()).toEqual(FORMULAS.map((f) => f.trim()).sort());
    } finally {
      await fromMarked.destroy();
      await fromPlain.destroy();
    }
  });
});
