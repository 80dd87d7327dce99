import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../server/db/database';

export const MINI_DIR = fileURLToPath(new URL('../../fixtures/mini', import.meta.url));

export function miniCsv(name: string): string {
  return readFileSync(join(MINI_DIR, name), 'utf8');
}

/**
 * Every row of every table, sorted by all columns (some tables have no rowid): equal dumps mean an unchanged
 * database. `except` leaves tables out (the audit trail records every import, even one that changed no data).
 */
export async function dumpDatabase(
  db: Kysely<Database>,
  { except = [] }: { except?: readonly string[] } = {},
): Promise<string> {
  // Kysely's introspection lists the tables on either backend (without its own migration tables).
  const tables = (await db.introspection.getTables())
    .filter((t) => !t.isView && !except.includes(t.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: Record<string, unknown[]> = {};
  for (const { name, columns } of tables) {
    const orderBy = sql.raw(columns.map((_, i) => String(i + 1)).join(', '));
    out[name] = (await sql`select * from ${sql.table(name)} order by ${orderBy}`.execute(db)).rows;
  }
  return JSON.stringify(out);
}

/** A temp copy of the mini fixture's CSVs with some files edited or replaced. */
export function miniCopy(edits: Record<string, (text: string) => string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-mini-'));
  for (const name of readdirSync(MINI_DIR).filter((n) => n.endsWith('.csv'))) {
    const text = miniCsv(name);
    writeFileSync(join(dir, name), edits[name] ? edits[name](text) : text);
  }
  return dir;
}

/** Replaces line `n` (1-based, as Excel numbers rows) of a CSV text. */
export function editLine(text: string, n: number, edit: (line: string) => string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  lines[n - 1] = edit(lines[n - 1] ?? '');
  return lines.join(eol);
}

/** Replaces field `i` (0-based) of a simple CSV line (the fixture has no quoted cells). */
export function setField(line: string, i: number, value: string): string {
  const cells = line.split(',');
  cells[i] = value;
  return cells.join(',');
}

/**
 * The mini fixture as one .xlsx workbook (every cell as text, as a hand-typed sheet would be), with
 * some sheets' CSV text edited first.
 */
export async function miniXlsx(edits: Record<string, (text: string) => string> = {}): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  for (const name of readdirSync(MINI_DIR).filter((n) => n.endsWith('.csv'))) {
    const sheet = book.addWorksheet(name.replace(/\.csv$/, ''));
    const edit = edits[name] ?? ((text: string) => text);
    for (const line of edit(miniCsv(name))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)) {
      sheet.addRow(line.split(',').map((cell) => (cell === '' ? null : cell)));
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
