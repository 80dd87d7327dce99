import { open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseSheetKey, sheetKeyOfFileName, type TSheetKey } from '../../shared/import-format';
import { IMPORT_LIMITS } from './limits';
import { readCsvRows } from './read-csv';
import { readXlsx } from './read-xlsx';
import type { ImportProblem, ImportSource } from './types';

export interface ReadOptions {
  /** Which sheet a CSV is (when its file name does not say), or the only sheet to take from a workbook. */
  sheet?: string;
}

const SNIFF_BYTES = 64 * 1024;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function failed(file: string, problem: ImportProblem): ImportSource {
  return { sheet: null, origin: file, rows: () => [], errors: [problem] };
}

function megabytes(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function isBlankText(head: Buffer): boolean {
  return (
    head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim() === ''
  );
}

/** The sheet named by --sheet, or undefined (and a problem) when it names none. */
function resolveSheetOption(opts: ReadOptions, file: string): { sheet?: TSheetKey; error?: ImportSource } {
  if (opts.sheet === undefined) return {};
  const sheet = parseSheetKey(opts.sheet);
  if (!sheet) return { error: failed(file, { code: 'sheet_unknown_name', file, value: opts.sheet }) };
  return { sheet };
}

/**
 * Classifies one file by its name and first bytes and returns its sheets. `data` is the whole
 * content (uploads) or a path (the CLI: CSV is then streamed from disk).
 */
async function readOne(
  data: string | Buffer,
  fileName: string,
  size: number,
  head: Buffer,
  opts: ReadOptions,
  isInFolder: boolean,
): Promise<ImportSource[]> {
  const ext = extname(fileName).toLowerCase();
  const option = resolveSheetOption(opts, fileName);
  if (option.error) return [option.error];
  if (head.subarray(0, 4).equals(OLE_MAGIC) || ext === '.xls') {
    return [failed(fileName, { code: 'file_legacy_xls', file: fileName })];
  }
  if (ext === '.xlsx' || ext === '.xlsm') {
    if (size > IMPORT_LIMITS.maxXlsxBytes) {
      const params = { size: megabytes(size), limit: megabytes(IMPORT_LIMITS.maxXlsxBytes) };
      return [failed(fileName, { code: 'file_too_large', file: fileName, params })];
    }
    if (size === 0) return [failed(fileName, { code: 'file_empty', file: fileName })];
    if (!head.subarray(0, 4).equals(ZIP_MAGIC)) {
      return [
        failed(fileName, { code: 'file_xlsx_corrupt', file: fileName, params: { detail: 'not a zip file' } }),
      ];
    }
    const read = await readXlsx(data, fileName, option.sheet);
    const sources: ImportSource[] = [...read.sources];
    if (read.errors.length || read.warnings.length) {
      sources.push({
        sheet: null,
        origin: fileName,
        rows: () => [],
        errors: read.errors,
        warnings: read.warnings,
      });
    }
    if (read.sources.length === 0 && read.errors.length === 0) {
      sources.push(failed(fileName, { code: 'file_no_sheets', file: fileName }));
    }
    return sources;
  }
  if (ext !== '.csv') return [failed(fileName, { code: 'file_unsupported', file: fileName })];
  if (size > IMPORT_LIMITS.maxCsvBytes) {
    const params = { size: megabytes(size), limit: megabytes(IMPORT_LIMITS.maxCsvBytes) };
    return [failed(fileName, { code: 'file_too_large', file: fileName, params })];
  }
  if (size === 0 || (size <= SNIFF_BYTES && isBlankText(head))) {
    return [failed(fileName, { code: 'file_empty', file: fileName })];
  }
  if (head.includes(0) || head.subarray(0, 4).equals(ZIP_MAGIC)) {
    return [failed(fileName, { code: 'file_binary', file: fileName })];
  }
  const sheet =
    (isInFolder ? undefined : option.sheet) ?? sheetKeyOfFileName(basename(fileName, extname(fileName)));
  // `data` is a path for the CLI (--sheet) and the bytes for an upload (the page's 工作表 list).
  const unknownName = typeof data === 'string' ? 'sheet_unknown_name' : 'sheet_unknown_name_upload';
  if (!sheet) return [failed(fileName, { code: unknownName, file: fileName })];
  if (isInFolder && option.sheet && sheet !== option.sheet) return [];
  return [{ sheet, origin: fileName, rows: () => readCsvRows(data, fileName) }];
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A sheet given twice (组织.csv and units.csv in one folder) is an error, not a merge. */
function flagDuplicates(sources: ImportSource[]): ImportSource[] {
  const seen = new Map<TSheetKey, string>();
  const out: ImportSource[] = [];
  for (const s of sources) {
    if (s.sheet) {
      const other = seen.get(s.sheet);
      if (other) {
        out.push(
          failed(s.origin, { code: 'sheet_duplicate', sheet: s.sheet, file: s.origin, params: { other } }),
        );
        continue;
      }
      seen.set(s.sheet, s.origin);
    }
    out.push(s);
  }
  return out;
}

/** Reads an .xlsx workbook, one .csv file, or a folder of .csv files (one per sheet). */
export async function readImportSources(path: string, opts: ReadOptions = {}): Promise<ImportSource[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [failed(basename(path), { code: 'file_not_found', file: path })];
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter((n) => extname(n).toLowerCase() === '.csv').sort();
    if (names.length === 0) return [failed(basename(path), { code: 'file_no_sheets', file: basename(path) })];
    const sources: ImportSource[] = [];
    for (const name of names) {
      const full = join(path, name);
      const size = (await stat(full)).size;
      sources.push(...(await readOne(full, name, size, await readHead(full), opts, true)));
    }
    return flagDuplicates(sources);
  }
  return readOne(path, basename(path), info.size, await readHead(path), opts, false);
}

/** The same for an upload held in memory; `fileName` says the kind (and for CSV, the sheet). */
export async function readImportBuffer(
  buffer: Buffer,
  fileName: string,
  opts: ReadOptions = {},
): Promise<ImportSource[]> {
  const name = basename(fileName);
  return readOne(buffer, name, buffer.length, buffer.subarray(0, SNIFF_BYTES), opts, false);
}
