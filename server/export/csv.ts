/**
 * A CSV file stream with backpressure (millions of rows in bounded memory), in the text of
 * shared/csv-text.ts (quoting, CRLF, BOM, formulas neutralised), which this module also re-exports for
 * the server's small exports written at once.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { CSV_BOM, type TCsvValue, toCsvLine } from '../../shared/csv-text';

export { CSV_BOM, type TCsvValue, toCsvCell, toCsvText } from '../../shared/csv-text';

/** Characters written per stream write: large enough to be fast, small enough to stay bounded. */
const CHUNK_CHARS = 1 << 16;

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
