/**
 * Reads an .xlsx workbook into raw rows. Its own small reader instead of exceljs's streaming one, which
 * decoded each inflated chunk to text on its own and so broke Chinese characters that straddle a chunk
 * boundary (U+FFFD in titles and notes, false errors in 类型 or 是/否 cells).
 *
 * - The zip is held in memory (≤ 50 MB, IMPORT_LIMITS) and read through its central directory
 *   (zip-archive.ts); what it declares it unpacks to is checked against the caps of IMPORT_LIMITS before
 *   anything is inflated, and no part ever inflates past its declared size.
 * - Each part is decoded by one streaming UTF-8 decoder (a character cut by a chunk boundary is completed
 *   by the next chunk, invalid UTF-8 is an error) and parsed with saxes as it inflates.
 * - Workbook, relationships, styles and the shared string table are read first; each sheet is parsed only
 *   when the import iterates its rows, so a sheet's XML is never held whole.
 *
 * Cells come out as exceljs gave them: text (shared, inline or a formula's string), numbers, booleans,
 * error codes as text (`#N/A`), and Date for numbers in a date format (Excel's serial as a UTC instant).
 */
import { readFile } from 'node:fs/promises';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { INSTRUCTIONS_SHEET_NAME, parseSheetKey, type TSheetKey } from '../../shared/import-format';
import { IMPORT_LIMITS } from './limits';
import { ImportFileError, type ImportProblem, type ImportSource, type RawRow, type TCell } from './types';
import { inflateEntry, readZipDirectory, type ZipEntry, ZipSizeMismatchError } from './zip-archive';

export interface XlsxReadResult {
  sources: ImportSource[];
  errors: ImportProblem[];
  warnings: ImportProblem[];
}

type TPartKind = keyof typeof IMPORT_LIMITS.maxXlsxPartBytes;

/** One part of the workbook to read: its zip entry, its kind (for the caps) and a name for messages. */
interface TPart {
  entry: ZipEntry;
  kind: TPartKind;
  name: string;
}

/** What every sheet needs from the rest of the workbook. */
interface TBook {
  sharedStrings: readonly string[];
  /** Per cell format (`s` of a cell): whether its number format shows a date or time. */
  isDateStyle: readonly boolean[];
  isDate1904: boolean;
}

interface TRelationship {
  id: string;
  type: string;
  /** The target part's path inside the zip. */
  target: string;
}

/**
 * Bytes of XML without a single tag: no spreadsheet part has them (a cell holds at most 32,767 characters),
 * and the parser would otherwise keep collecting them into one string.
 */
const MAX_XML_BYTES_BETWEEN_TAGS = 4 * 1024 * 1024;
/**
 * Characters of one cell or shared string. Excel keeps at most 32,767; other writers may keep more, but text
 * split by tags inside one `<t>` must not grow without end.
 */
const MAX_CELL_CHARS = 1024 * 1024;
/** Excel's last column (XFD): a reference beyond it is damage, not data. */
const MAX_COLUMN = 16_384;
const MS_PER_DAY = 86_400_000;
/** Excel's serial of 1970-01-01 (the 1900 system), and the shift of the 1904 system. */
const UNIX_EPOCH_SERIAL = 25_569;
const DATE_1904_SHIFT = 1_462;
/**
 * Built-in number formats that show dates or times: 14–22 and 45–47 everywhere, 27–36 and 50–58 in the
 * Chinese, Japanese and Korean versions of Excel (年月日 and 时分 formats WPS and Excel write by id only).
 */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

function megabytes(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** A custom format code shows a date when a date or time token is left outside quotes, brackets and escapes. */
function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  return /[ymdhsb]/i.test(bare);
}

function appendCellText(text: string, more: string): string {
  if (text.length + more.length > MAX_CELL_CHARS) {
    throw new Error(`a cell holds more than ${MAX_CELL_CHARS.toLocaleString('en')} characters`);
  }
  return text + more;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function partParams(part: TPart): Record<string, string> {
  return { part: part.kind, name: part.name };
}

/** Any failure while reading a part becomes the problem to report; none reaches the caller as an exception. */
function problemOf(error: unknown, file: string, part?: TPart): ImportProblem {
  if (error instanceof ImportFileError) return error.problem;
  if (error instanceof ZipSizeMismatchError) {
    const params = part ? partParams(part) : { part: 'other', name: error.entry.name };
    return { code: 'file_xlsx_size_mismatch', file, params: { ...params, declared: error.entry.size } };
  }
  const message = error instanceof Error ? error.message : String(error);
  const detail = part && !message.includes(part.entry.name) ? `${part.entry.name}: ${message}` : message;
  return { code: 'file_xlsx_corrupt', file, params: { detail: detail.slice(0, 200) } };
}

function checkPartSize(part: TPart, file: string): void {
  const limit = IMPORT_LIMITS.maxXlsxPartBytes[part.kind];
  if (part.entry.size <= limit) return;
  const params = { ...partParams(part), size: megabytes(part.entry.size), limit: megabytes(limit) };
  throw new ImportFileError({ code: 'file_xlsx_too_large_unpacked', file, params });
}

function encodingOf(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Inflates a part into the parser, pausing after each chunk (the caller takes the rows parsed so far).
 * One decoder for the whole part: a character split between chunks is decoded when its last byte arrives.
 */
async function* feedXml(zip: Buffer, part: TPart, parser: SaxesParser): AsyncGenerator<void> {
  let decoder: TextDecoder | undefined;
  let bytesWithoutTag = 0;
  let isTagSeen = false;
  parser.on('opentagstart', () => {
    isTagSeen = true;
  });
  for await (const chunk of inflateEntry(zip, part.entry)) {
    decoder ??= new TextDecoder(encodingOf(chunk), { fatal: true });
    parser.write(decoder.decode(chunk, { stream: true }));
    bytesWithoutTag = isTagSeen ? 0 : bytesWithoutTag + chunk.length;
    isTagSeen = false;
    if (bytesWithoutTag > MAX_XML_BYTES_BETWEEN_TAGS) {
      throw new Error(`more than ${megabytes(MAX_XML_BYTES_BETWEEN_TAGS)} MB of XML without a tag`);
    }
    yield;
  }
  if (decoder) parser.write(decoder.decode());
  parser.close();
}

async function parsePart(zip: Buffer, part: TPart, parser: SaxesParser, file: string): Promise<void> {
  checkPartSize(part, file);
  try {
    for await (const _ of feedXml(zip, part, parser)) {
      // The parser's handlers collect what they need.
    }
  } catch (error) {
    throw new ImportFileError(problemOf(error, file, part));
  }
}

function newParser(): SaxesParser {
  return new SaxesParser({ position: false });
}

/** A relationship target resolved against the folder of the part that names it. */
function resolvePartPath(folder: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : folder ? `${folder}/${target}` : target;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function relationshipsPathOf(path: string): string {
  const folder = folderOf(path);
  const name = path.slice(folder.length ? folder.length + 1 : 0);
  return folder ? `${folder}/_rels/${name}.rels` : `_rels/${name}.rels`;
}

async function readRelationships(zip: Buffer, part: TPart, file: string): Promise<TRelationship[]> {
  // `xl/_rels/workbook.xml.rels` describes `xl/workbook.xml`: its targets are relative to `xl`.
  const folder = folderOf(folderOf(part.entry.name));
  const relationships: TRelationship[] = [];
  const parser = newParser();
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (localName(tag.name) !== 'Relationship') return;
    const { Id: id, Type: type, Target: target, TargetMode: mode } = tag.attributes;
    if (id && type && target && mode !== 'External') {
      relationships.push({ id, type, target: resolvePartPath(folder, target) });
    }
  });
  await parsePart(zip, part, parser, file);
  return relationships;
}

interface TWorkbookXml {
  sheets: { name: string; relationshipId: string }[];
  isDate1904: boolean;
}

async function readWorkbookXml(zip: Buffer, part: TPart, file: string): Promise<TWorkbookXml> {
  const book: TWorkbookXml = { sheets: [], isDate1904: false };
  const parser = newParser();
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    const attributes = tag.attributes;
    if (name === 'workbookPr') {
      book.isDate1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
    } else if (name === 'sheet') {
      // r:id, whatever prefix the writer bound to the relationships namespace.
      const idKey = Object.keys(attributes).find((key) => key.endsWith(':id'));
      book.sheets.push({
        name: attributes.name ?? '',
        relationshipId: idKey ? (attributes[idKey] ?? '') : '',
      });
    }
  });
  await parsePart(zip, part, parser, file);
  return book;
}

/** Which cell formats (`<xf>` of `<cellXfs>`) show dates. */
async function readDateStyles(zip: Buffer, part: TPart, file: string): Promise<boolean[]> {
  const customCodes = new Map<number, string>();
  const formatIds: number[] = [];
  let isInCellFormats = false;
  const parser = newParser();
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (name === 'numFmt') {
      customCodes.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
    } else if (name === 'cellXfs') {
      isInCellFormats = true;
    } else if (name === 'xf' && isInCellFormats) {
      formatIds.push(Number(tag.attributes.numFmtId ?? 0));
    }
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (localName(tag.name) === 'cellXfs') isInCellFormats = false;
  });
  await parsePart(zip, part, parser, file);
  return formatIds.map((id) => {
    const code = customCodes.get(id);
    return code === undefined ? BUILTIN_DATE_FORMATS.has(id) : isDateFormatCode(code);
  });
}

/** The shared string table: each `<si>`'s text, rich-text runs joined, phonetic guides (`<rPh>`) left out. */
async function readSharedStrings(zip: Buffer, part: TPart, file: string): Promise<string[]> {
  const strings: string[] = [];
  let text = '';
  let isInItem = false;
  let isCapturing = false;
  let phoneticDepth = 0;
  const parser = newParser();
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (name === 'si') {
      isInItem = true;
      text = '';
    } else if (name === 'rPh') {
      phoneticDepth++;
    } else if (name === 't') {
      isCapturing = isInItem && phoneticDepth === 0;
    }
  });
  const onText = (value: string) => {
    if (isCapturing) text = appendCellText(text, value);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (name === 't') {
      isCapturing = false;
    } else if (name === 'rPh') {
      phoneticDepth--;
    } else if (name === 'si') {
      strings.push(text);
      isInItem = false;
    }
  });
  await parsePart(zip, part, parser, file);
  return strings;
}

/** The column number of a cell reference (`AB12` → 28). */
function columnOf(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + code - 0x60;
  }
  if (column < 1 || column > MAX_COLUMN) throw new Error(`bad cell reference "${reference.slice(0, 20)}"`);
  return column;
}

function dateOfSerial(serial: number, isDate1904: boolean): Date {
  const days = serial - UNIX_EPOCH_SERIAL + (isDate1904 ? DATE_1904_SHIFT : 0);
  return new Date(Math.round(days * MS_PER_DAY));
}

/** A `t="d"` cell: ISO 8601 text; without a zone it is read as UTC, like every other date cell. */
function dateOfIso(text: string): Date {
  const t = text.trim();
  return new Date(/T.*(?:Z|[+-]\d\d:?\d\d)$|^[^T]*$/i.test(t) ? t : `${t}Z`);
}

/** Registers the handlers that turn a worksheet's `<row>`s into raw rows, passed to `emit` as each ends. */
function listenToSheet(parser: SaxesParser, book: TBook, emit: (row: RawRow) => void): void {
  let isInSheetData = false;
  let cells: TCell[] | null = null;
  let rowNumber = 0;
  let column = 0;
  let isInCell = false;
  let type = 'n';
  let style = 0;
  let hasValue = false;
  let isInInline = false;
  let isCapturing = false;
  let phoneticDepth = 0;
  let text = '';

  function cellValue(): TCell {
    if (!hasValue) return null;
    switch (type) {
      case 's':
        return text.trim() === '' ? null : (book.sharedStrings[Number(text)] ?? null);
      case 'inlineStr':
      case 'str':
      case 'e':
        return text;
      case 'b':
        return text.trim() === '1' || text.trim().toLowerCase() === 'true';
      case 'd':
        return dateOfIso(text);
      default: {
        if (text.trim() === '') return null;
        const n = Number(text);
        if (Number.isNaN(n)) return text;
        return book.isDateStyle[style] ? dateOfSerial(n, book.isDate1904) : n;
      }
    }
  }

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (name === 'sheetData') {
      isInSheetData = true;
    } else if (!isInSheetData) {
      return;
    } else if (name === 'row') {
      const r = tag.attributes.r;
      const number = r === undefined ? rowNumber + 1 : Number(r);
      if (!Number.isSafeInteger(number) || number < 1) throw new Error(`bad row number "${r?.slice(0, 20)}"`);
      rowNumber = number;
      cells = [];
      column = 0;
    } else if (name === 'c' && cells) {
      const r = tag.attributes.r;
      column = r === undefined ? column + 1 : columnOf(r);
      if (column > MAX_COLUMN) throw new Error(`row ${rowNumber} has more than ${MAX_COLUMN} columns`);
      type = tag.attributes.t ?? 'n';
      style = tag.attributes.s === undefined ? 0 : Number(tag.attributes.s);
      isInCell = true;
      hasValue = false;
      text = '';
    } else if (!isInCell) {
      return;
    } else if (name === 'v') {
      // A formula's cached result is its value (<f> itself is not read).
      hasValue = true;
      isCapturing = true;
    } else if (name === 'is') {
      hasValue = true;
      isInInline = true;
    } else if (name === 'rPh') {
      phoneticDepth++;
    } else if (name === 't') {
      isCapturing = isInInline && phoneticDepth === 0;
    }
  });
  const onText = (value: string) => {
    if (isCapturing) text = appendCellText(text, value);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (!isInSheetData) return;
    const name = localName(tag.name);
    if (name === 'v' || name === 't') {
      isCapturing = false;
    } else if (name === 'rPh') {
      phoneticDepth--;
    } else if (name === 'is') {
      isInInline = false;
    } else if (name === 'c' && cells) {
      const value = cellValue();
      // Blank cells are holes (filled at the row's end), so trailing ones leave no nulls behind.
      if (value !== null) cells[column - 1] = value;
      isInCell = false;
      isInInline = false;
      isCapturing = false;
    } else if (name === 'row' && cells) {
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      emit({ row: rowNumber, cells });
      cells = null;
    } else if (name === 'sheetData') {
      isInSheetData = false;
    }
  });
}

/** A sheet's rows, parsed while its part inflates; stops with too_many_rows past IMPORT_LIMITS. */
async function* readSheetRows(
  zip: Buffer,
  part: TPart,
  book: TBook,
  file: string,
  sheet: TSheetKey,
): AsyncGenerator<RawRow> {
  const parsed: RawRow[] = [];
  const parser = newParser();
  listenToSheet(parser, book, (row) => parsed.push(row));
  let count = 0;
  const chunks = feedXml(zip, part, parser);
  try {
    for (let next = await chunks.next(); ; next = await chunks.next()) {
      for (const row of parsed) {
        if (++count > IMPORT_LIMITS.maxRowsPerSheet) {
          const params = { limit: IMPORT_LIMITS.maxRowsPerSheet };
          throw new ImportFileError({ code: 'too_many_rows', sheet, params });
        }
        yield row;
      }
      parsed.length = 0;
      if (next.done) break;
    }
  } catch (error) {
    throw new ImportFileError(problemOf(error, file, part));
  } finally {
    // Stops the inflater when the import stops reading early.
    await chunks.return(undefined);
  }
}

interface TSheetToRead {
  sheet: TSheetKey;
  origin: string;
  part: TPart;
}

export async function readXlsx(
  input: string | Buffer,
  file: string,
  onlySheet?: TSheetKey,
): Promise<XlsxReadResult> {
  const result: XlsxReadResult = { sources: [], errors: [], warnings: [] };
  try {
    const zip = typeof input === 'string' ? await readFile(input) : input;
    const entries = readZipDirectory(zip);
    let unpacked = 0;
    for (const entry of entries.values()) unpacked += entry.size;
    if (unpacked > IMPORT_LIMITS.maxXlsxUnpackedBytes) {
      const params = { size: megabytes(unpacked), limit: megabytes(IMPORT_LIMITS.maxXlsxUnpackedBytes) };
      result.errors.push({ code: 'file_xlsx_too_large_unpacked', file, params });
      return result;
    }
    const partAt = (path: string, kind: TPartKind, name = path): TPart | undefined => {
      const entry = entries.get(path.toLowerCase());
      return entry && { entry, kind, name };
    };

    const packageRelationships = partAt('_rels/.rels', 'other');
    const officeDocument = packageRelationships
      ? (await readRelationships(zip, packageRelationships, file)).find((r) =>
          r.type.endsWith('/officeDocument'),
        )
      : undefined;
    const workbookPath = officeDocument?.target ?? 'xl/workbook.xml';
    const workbookPart = partAt(workbookPath, 'other');
    if (!workbookPart) throw new Error(`${workbookPath} is missing: not an Excel workbook`);
    const workbook = await readWorkbookXml(zip, workbookPart, file);
    const relationshipsPart = partAt(relationshipsPathOf(workbookPath), 'other');
    const relationships = relationshipsPart ? await readRelationships(zip, relationshipsPart, file) : [];
    const byId = new Map(relationships.map((r) => [r.id, r]));

    const toRead: TSheetToRead[] = [];
    const seen = new Map<TSheetKey, string>();
    for (const { name, relationshipId } of workbook.sheets) {
      const relationship = byId.get(relationshipId);
      // Chart sheets and dialog sheets hold no cells.
      if (relationship && !relationship.type.endsWith('/worksheet')) continue;
      const sheet = parseSheetKey(name);
      // The template's instructions are not data: no warning for a sheet every template has.
      if (!sheet && name.trim() === INSTRUCTIONS_SHEET_NAME) continue;
      if (!sheet) {
        result.warnings.push({ code: 'sheet_ignored', file: `${file}#${name}` });
        continue;
      }
      if (onlySheet && sheet !== onlySheet) continue;
      const origin = `${file}#${name}`;
      const other = seen.get(sheet);
      if (other) {
        result.errors.push({ code: 'sheet_duplicate', sheet, file: origin, params: { other } });
        continue;
      }
      seen.set(sheet, origin);
      const part = relationship && partAt(relationship.target, 'sheet', name);
      if (!part) throw new Error(`the part of sheet ${name} is missing`);
      checkPartSize(part, file);
      toRead.push({ sheet, origin, part });
    }
    if (toRead.length === 0) return result;

    const target = (suffix: string, fallback: string) =>
      relationships.find((r) => r.type.endsWith(suffix))?.target ?? fallback;
    const stylesPart = partAt(target('/styles', 'xl/styles.xml'), 'other');
    const stringsPart = partAt(target('/sharedStrings', 'xl/sharedStrings.xml'), 'sharedStrings');
    const book: TBook = {
      isDate1904: workbook.isDate1904,
      isDateStyle: stylesPart ? await readDateStyles(zip, stylesPart, file) : [],
      sharedStrings: stringsPart ? await readSharedStrings(zip, stringsPart, file) : [],
    };
    result.sources = toRead.map(({ sheet, origin, part }) => ({
      sheet,
      origin,
      rows: () => readSheetRows(zip, part, book, file, sheet),
    }));
  } catch (error) {
    result.sources = [];
    result.errors.push(problemOf(error, file));
  }
  return result;
}
