/**
 * The zip container of an .xlsx workbook, read from memory: the central directory (with ZIP64 sizes and
 * offsets), and one entry at a time inflated as a stream that never yields more bytes than the directory
 * declares. The reader decides from the declared sizes what it is willing to unpack before it inflates
 * anything; this module makes sure a zip whose headers lie cannot hand over more than that.
 */
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  /** The entry's name as stored (`xl/worksheets/sheet1.xml`). */
  name: string;
  /** 0 stored, 8 deflate; anything else is refused when the entry is read. */
  method: number;
  flags: number;
  compressedSize: number;
  /** The uncompressed size the central directory declares. */
  size: number;
  localHeaderOffset: number;
}

/** The file is not a zip the reader can use (truncated, multi-disk, encrypted, an unknown method). */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** An entry inflates to more bytes than the central directory declares: its headers lie (a zip bomb). */
export class ZipSizeMismatchError extends Error {
  override name = 'ZipSizeMismatchError';
  constructor(
    readonly entry: ZipEntry,
    readonly inflated: number,
  ) {
    super(`${entry.name} inflates to more than the ${entry.size} bytes its zip directory declares`);
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const CENTRAL_SIZE = 46;
const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_SIZE = 30;
const ZIP64_EXTRA_ID = 0x0001;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8_NAME = 0x800;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** Bytes handed to the XML parser at a time (and zlib's output chunk). */
const CHUNK_BYTES = 64 * 1024;

function u64(zip: Buffer, at: number): number {
  const value = zip.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a ZIP64 size is out of range');
  return Number(value);
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is the last thing in the file, followed only by a comment of at most 65,535 bytes.
  const last = zip.length - EOCD_SIZE;
  for (let at = last; at >= 0 && at >= last - U16_MAX; at--) {
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_SIZE + zip.readUInt16LE(at + 20) <= zip.length) {
      return at;
    }
  }
  throw new ZipFormatError('no zip central directory (the file is truncated or not a zip)');
}

/** Where the central directory is and how many entries it has, from the (ZIP64) end record. */
function centralDirectoryBounds(zip: Buffer): { offset: number; size: number; count: number } {
  const eocd = findEndOfCentralDirectory(zip);
  const disk = zip.readUInt16LE(eocd + 4);
  const directoryDisk = zip.readUInt16LE(eocd + 6);
  let count = zip.readUInt16LE(eocd + 10);
  let size = zip.readUInt32LE(eocd + 12);
  let offset = zip.readUInt32LE(eocd + 16);
  const locator = eocd - 20;
  if (locator >= 0 && zip.readUInt32LE(locator) === ZIP64_LOCATOR_SIGNATURE) {
    const record = u64(zip, locator + 8);
    if (record + 56 > zip.length || zip.readUInt32LE(record) !== ZIP64_EOCD_SIGNATURE) {
      throw new ZipFormatError('the ZIP64 end of central directory is missing');
    }
    count = u64(zip, record + 32);
    size = u64(zip, record + 40);
    offset = u64(zip, record + 48);
  } else if (disk !== 0 || directoryDisk !== 0) {
    throw new ZipFormatError('split (multi-disk) zip archives are not supported');
  }
  if (offset + size > zip.length) throw new ZipFormatError('the zip central directory is truncated');
  return { offset, size, count };
}

/** ZIP64 extra field: the 64-bit values of the fields whose 32-bit slot is 0xFFFFFFFF, in this order. */
function applyZip64Extra(zip: Buffer, from: number, to: number, entry: ZipEntry): void {
  let at = from;
  while (at + 4 <= to) {
    const id = zip.readUInt16LE(at);
    const length = zip.readUInt16LE(at + 2);
    const end = at + 4 + length;
    if (end > to) break;
    if (id === ZIP64_EXTRA_ID) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > end) throw new ZipFormatError(`the ZIP64 field of ${entry.name} is truncated`);
        const value = u64(zip, field);
        field += 8;
        return value;
      };
      if (entry.size === U32_MAX) entry.size = next();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
      if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = next();
      return;
    }
    at = end;
  }
}

/**
 * The entries of a zip held in memory, by lower-case name (part names of an .xlsx are case-insensitive).
 * Reads only the central directory: nothing is inflated.
 */
export function readZipDirectory(zip: Buffer): Map<string, ZipEntry> {
  const { offset, size, count } = centralDirectoryBounds(zip);
  const entries = new Map<string, ZipEntry>();
  const end = offset + size;
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > end || zip.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new ZipFormatError('the zip central directory is damaged');
    }
    const flags = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const nameStart = at + CENTRAL_SIZE;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > end) throw new ZipFormatError('the zip central directory is damaged');
    const entry: ZipEntry = {
      name: zip.toString(flags & FLAG_UTF8_NAME ? 'utf8' : 'latin1', nameStart, extraStart),
      method: zip.readUInt16LE(at + 10),
      flags,
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
    };
    applyZip64Extra(zip, extraStart, extraStart + extraLength, entry);
    const key = entry.name.toLowerCase();
    // Two entries of one name would let two readers see two different files.
    if (entries.has(key)) throw new ZipFormatError(`the zip holds ${entry.name} twice`);
    entries.set(key, entry);
    at = next;
  }
  return entries;
}

/** The compressed bytes of an entry, located through its local header. */
function entryData(zip: Buffer, entry: ZipEntry): Buffer {
  if (entry.flags & FLAG_ENCRYPTED) throw new ZipFormatError(`${entry.name} is encrypted`);
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    throw new ZipFormatError(`${entry.name} uses the unsupported compression method ${entry.method}`);
  }
  const at = entry.localHeaderOffset;
  if (at + LOCAL_SIZE > zip.length || zip.readUInt32LE(at) !== LOCAL_SIGNATURE) {
    throw new ZipFormatError(`the local header of ${entry.name} is missing`);
  }
  const start = at + LOCAL_SIZE + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipFormatError(`${entry.name} is truncated`);
  return zip.subarray(start, end);
}

/**
 * The uncompressed bytes of an entry in chunks of at most 64 KiB. Never yields more than the declared size:
 * one byte more and it stops with `ZipSizeMismatchError` (zlib pauses while a chunk is not taken, so a
 * lying entry costs at most a chunk or two of memory). Fewer bytes than declared is a damaged file.
 */
export async function* inflateEntry(zip: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const data = entryData(zip, entry);
  if (entry.method === METHOD_STORED) {
    if (data.length > entry.size) throw new ZipSizeMismatchError(entry, data.length);
    if (data.length < entry.size)
      throw new ZipFormatError(`${entry.name} is shorter than its zip directory says`);
    for (let at = 0; at < data.length; at += CHUNK_BYTES) yield data.subarray(at, at + CHUNK_BYTES);
    return;
  }
  const inflater = createInflateRaw({ chunkSize: CHUNK_BYTES });
  inflater.end(data);
  let inflated = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > entry.size) throw new ZipSizeMismatchError(entry, inflated);
      yield chunk;
    }
  } finally {
    inflater.destroy();
  }
  if (inflated !== entry.size)
    throw new ZipFormatError(`${entry.name} is shorter than its zip directory says`);
}
