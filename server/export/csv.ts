/**
 * A generic CSV writer: RFC 4180 quoting, CRLF line ends and a UTF-8 BOM (so Excel opens Chinese
 * text correctly). Either a whole text at once (small exports) or a file stream with backpressure
 * (millions of rows in bounded memory). Text that a spreadsheet would run as a formula (`=…`, `+…`,
 * `-…`, `@…`, a leading tab or CR) gets a leading apostrophe; numbers never do (formula-guard.ts).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { neutraliseFormula } from './formula-guard';

export const CSV_BOM = '\uFEFF';
const LINE_END = '\r\n';
/** Characters written per stream write: large enough to be fast, small enough to stay bounded. */
const CHUNK_CHARS = 1 << 16;

export type TCsvValue = string | number | null | undefined;

/**
 * One cell: blank for null/undefined, a would-be formula neutralised (text only: `-3` as a number or as
 * number text stays a number), quoted when it holds a comma, quote, line break or edge spaces.
 */
export function toCsvCell(value: TCsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsvLine(values: readonly TCsvValue[]): string {
  return values.map(toCsvCell).join(',') + LINE_END;
}

export function toCsvText(
  header: readonly string[],
  rows: Iterable<readonly TCsvValue[]>,
  { bom = true } = {},
): string {
  const parts = [bom ? CSV_BOM : '', toCsvLine(header)];
  for (const row of rows) parts.push(toCsvLine(row));
  return parts.join('');
}

export interface CsvFileWriter {
  /** Resolves at once unless the disk is behind, so awaiting each row is cheap. */
  writeRow(values: readonly TCsvValue[]): Promise<void>;
  /** Flushes and closes the file; resolves when it is on disk. */
  close(): Promise<void>;
  readonly rowCount: number;
}

export function createCsvFileWriter(
  path: string,
  header: readonly string[],
  { bom = true } = {},
): CsvFileWriter {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  let buffer = (bom ? CSV_BOM : '') + toCsvLine(header);
  let rowCount = 0;
  const flush = async () => {
    if (failure) throw failure;
    if (buffer.length === 0) return;
    const isOk = stream.write(buffer);
    buffer = '';
    if (!isOk) await once(stream, 'drain');
  };
  return {
    get rowCount() {
      return rowCount;
    },
    async writeRow(values) {
      buffer += toCsvLine(values);
      rowCount++;
      if (buffer.length >= CHUNK_CHARS) await flush();
    },
    async close() {
      await flush();
      await new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
      });
      if (failure) throw failure;
    },
  };
}
