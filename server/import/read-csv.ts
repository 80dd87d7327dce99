import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { IMPORT_LIMITS } from './limits';
import { ImportFileError, type RawRow } from './types';

/** Decodes UTF-8 strictly (a GBK file must not import as mojibake); a NUL byte means binary. */
async function* decodeUtf8(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  file: string,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of chunks) {
    if (chunk.includes(0)) throw new ImportFileError({ code: 'file_binary', file });
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new ImportFileError({ code: 'file_not_utf8', file });
    }
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new ImportFileError({ code: 'file_not_utf8', file });
  }
}

interface CsvParseError extends Error {
  code?: string;
  lines?: number;
}

/**
 * Streams the records of a CSV (a path is read while it is parsed, so memory stays flat).
 * The BOM is dropped by the decoder; record n is Excel row n, blank lines included.
 */
export async function* readCsvRows(input: string | Buffer, file: string): AsyncGenerator<RawRow> {
  const chunks = typeof input === 'string' ? createReadStream(input, { highWaterMark: 1 << 20 }) : [input];
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: IMPORT_LIMITS.maxCsvRecordBytes,
  });
  const done = pipeline(Readable.from(decodeUtf8(chunks, file)), parser);
  // The pipeline's error also surfaces through the iteration below; this keeps it from going unhandled.
  done.catch(() => undefined);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const e = error as CsvParseError;
    if (e.code?.startsWith('CSV_')) {
      throw new ImportFileError({
        code: 'file_csv_syntax',
        file,
        params: { line: e.lines ?? row + 1, detail: e.message.slice(0, 200) },
      });
    }
    throw error;
  }
}
