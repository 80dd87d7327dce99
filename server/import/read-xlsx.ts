import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parseSheetKey, type TSheetKey } from '../../shared/import-format';
import { IMPORT_LIMITS } from './limits';
import type { ImportProblem, ImportSource, RawRow, TCell } from './types';

/** Flattens exceljs cell values (rich text, formulas, hyperlinks, errors) to plain cells. */
function toCell(value: unknown): TCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return (v.richText as { text?: string }[]).map((t) => t.text ?? '').join('');
    if ('result' in v) return toCell(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if (typeof v.text === 'string') return v.text;
    if ('text' in v) return toCell(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

export interface XlsxReadResult {
  sources: ImportSource[];
  errors: ImportProblem[];
  warnings: ImportProblem[];
}

/**
 * Reads a workbook with the streaming reader (about half the memory of `readFile`). The sheets
 * are kept as rows because the zip gives them in file order and the import needs units first.
 */
/**
 * exceljs's streaming reader sometimes loses the end of the zip (workbook.xml is last in files that
 * exceljs itself writes) and then fails with "reading 'sheets'", depending only on how the bytes are
 * chunked. Such a valid workbook is read again with the in-memory loader (xlsx ≤ 50 MB, IMPORT_LIMITS).
 */
function isLostWorkbookError(error: unknown): boolean {
  return error instanceof TypeError && /reading 'sheets'/.test(error.message);
}

async function* loadedWorksheets(input: string | Buffer): AsyncIterable<TWorksheetLike> {
  const book = new ExcelJS.Workbook();
  if (typeof input === 'string') await book.xlsx.readFile(input);
  else await book.xlsx.load(input as unknown as ArrayBuffer);
  for (const ws of book.worksheets) {
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row) => rows.push(row));
    yield { name: ws.name, rows };
  }
}

interface TWorksheetLike {
  name: string;
  rows: AsyncIterable<ExcelJS.Row> | Iterable<ExcelJS.Row>;
}

async function* streamedWorksheets(input: string | Buffer): AsyncIterable<TWorksheetLike> {
  const stream = typeof input === 'string' ? input : Readable.from([input]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream as never, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    yield {
      name: (worksheet as unknown as { name?: string }).name ?? '',
      rows: worksheet as unknown as AsyncIterable<ExcelJS.Row>,
    };
  }
}

export async function readXlsx(
  input: string | Buffer,
  file: string,
  onlySheet?: TSheetKey,
): Promise<XlsxReadResult> {
  try {
    return await readXlsxWith(streamedWorksheets(input), file, onlySheet, true);
  } catch (error) {
    if (!isLostWorkbookError(error)) throw error;
    return readXlsxWith(loadedWorksheets(input), file, onlySheet, false);
  }
}

async function readXlsxWith(
  worksheets: AsyncIterable<TWorksheetLike>,
  file: string,
  onlySheet: TSheetKey | undefined,
  rethrowLostWorkbook: boolean,
): Promise<XlsxReadResult> {
  const result: XlsxReadResult = { sources: [], errors: [], warnings: [] };
  const seen = new Map<TSheetKey, string>();
  try {
    for await (const worksheet of worksheets) {
      const name = worksheet.name;
      const sheet = parseSheetKey(name);
      if (!sheet) {
        result.warnings.push({ code: 'sheet_ignored', file: `${file}#${name}` });
        continue;
      }
      if (onlySheet && sheet !== onlySheet) continue;
      const rows: RawRow[] = [];
      for await (const row of worksheet.rows) {
        if (rows.length >= IMPORT_LIMITS.maxRowsPerSheet) {
          result.errors.push({
            code: 'too_many_rows',
            sheet,
            params: { limit: IMPORT_LIMITS.maxRowsPerSheet },
          });
          break;
        }
        const values = row.values as unknown[];
        const cells: TCell[] = [];
        // row.values is 1-based (index 0 is unused) and sparse.
        for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
        rows.push({ row: row.number, cells });
      }
      const origin = `${file}#${name}`;
      const other = seen.get(sheet);
      if (other) {
        result.errors.push({ code: 'sheet_duplicate', sheet, file: origin, params: { other } });
        continue;
      }
      seen.set(sheet, origin);
      result.sources.push({ sheet, origin, rows: () => rows });
    }
  } catch (error) {
    if (rethrowLostWorkbook && isLostWorkbookError(error)) throw error;
    result.sources = [];
    const detail = error instanceof Error ? error.message : String(error);
    result.errors.push({ code: 'file_xlsx_corrupt', file, params: { detail: detail.slice(0, 200) } });
  }
  return result;
}
