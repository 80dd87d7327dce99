/**
 * Writes .xlsx files part by part, for tests that need exact control over the bytes: which string layout
 * (a shared string table as Excel writes it, or inline strings), where the chunk boundaries of a part fall,
 * and what the zip directory declares (a zip bomb, honest or lying about its sizes).
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export type TTestCell = string | number | boolean | Date | null;

/** The cell format of date cells in `workbookParts`' styles (index 1 of cellXfs: built-in format 14). */
const DATE_STYLE = 1;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

export function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}

function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A shared string table under construction: each distinct text once, in order of first use. */
export class SharedStrings {
  readonly texts: string[] = [];
  private readonly indexes = new Map<string, number>();

  indexOf(text: string): number {
    let index = this.indexes.get(text);
    if (index === undefined) {
      index = this.texts.length;
      this.texts.push(text);
      this.indexes.set(text, index);
    }
    return index;
  }
}

/** One `<row>`; text goes to `strings` when given (t="s"), else inline (t="inlineStr"). */
export function rowXml(row: number, cells: readonly TTestCell[], strings?: SharedStrings): string {
  let xml = `<row r="${row}">`;
  cells.forEach((cell, i) => {
    const ref = `${columnName(i + 1)}${row}`;
    if (cell === null) return;
    if (typeof cell === 'string') {
      xml += strings
        ? `<c r="${ref}" t="s"><v>${strings.indexOf(cell)}</v></c>`
        : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`;
    } else if (typeof cell === 'number') {
      xml += `<c r="${ref}"><v>${cell}</v></c>`;
    } else if (typeof cell === 'boolean') {
      xml += `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
    } else {
      xml += `<c r="${ref}" s="${DATE_STYLE}"><v>${(cell.getTime() - EXCEL_EPOCH_MS) / 86_400_000}</v></c>`;
    }
  });
  return `${xml}</row>`;
}

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const WORKSHEET_OPEN = `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>`;
export const WORKSHEET_CLOSE = '</sheetData></worksheet>';
export const SST_OPEN = `${XML_HEAD}<sst xmlns="${MAIN_NS}">`;
export const SST_CLOSE = '</sst>';

/** A zip entry: its content (deflated here), or deflate data made elsewhere with the size it inflates to. */
export interface TZipPart {
  name: string;
  content?: string | Buffer;
  deflated?: { data: Buffer; size: number };
  /** What the directory declares as the uncompressed size, when it should lie. */
  declaredSize?: number;
  /** Store without compression (method 0). */
  isStored?: boolean;
}

/** The parts of a workbook around its sheets: content types, relationships, a workbook, styles with one date format. */
export function workbookParts(
  sheets: readonly { name: string; part: Omit<TZipPart, 'name'> }[],
  sharedStrings?: Omit<TZipPart, 'name'>,
): TZipPart[] {
  const sheetEntries = sheets.map((s, i) => ({ ...s.part, name: `xl/worksheets/sheet${i + 1}.xml` }));
  const sheetRels = sheets.map(
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  const n = sheets.length;
  const rels = [
    ...sheetRels,
    `<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`,
    ...(sharedStrings
      ? [`<Relationship Id="rId${n + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`]
      : []),
  ];
  const overrides = [
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
    ...sheetEntries.map(
      (e) =>
        `<Override PartName="/${e.name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    ),
    ...(sharedStrings
      ? [
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
        ]
      : []),
  ];
  return [
    {
      name: '[Content_Types].xml',
      content: `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
    },
    {
      name: '_rels/.rels',
      content: `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      content: `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheets
        .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      content: `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">${rels.join('')}</Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      content: `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}"><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    },
    ...(sharedStrings ? [{ ...sharedStrings, name: 'xl/sharedStrings.xml' }] : []),
    ...sheetEntries,
  ];
}

const U32_MAX = 0xffffffff;

function zip64Extra(size: number, compressedSize: number): Buffer {
  const extra = Buffer.alloc(20);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(16, 2);
  extra.writeBigUInt64LE(BigInt(size), 4);
  extra.writeBigUInt64LE(BigInt(compressedSize), 12);
  return extra;
}

/** A zip of the parts, with ZIP64 extra fields for sizes of 4 GiB and more. */
export function buildZip(parts: readonly TZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const content = part.content === undefined ? undefined : Buffer.from(part.content);
    const data = part.deflated?.data ?? (content && !part.isStored ? deflateRawSync(content) : content);
    if (!data) throw new Error(`${part.name} has no content`);
    const size = part.declaredSize ?? part.deflated?.size ?? (content as Buffer).length;
    // Neither reader checks the CRC before the sizes; parts made of deflate pieces leave it 0.
    const crc = content ? crc32(content) : 0;
    const isZip64 = size >= U32_MAX || data.length >= U32_MAX;
    const extra = isZip64 ? zip64Extra(size, data.length) : Buffer.alloc(0);
    const method = part.isStored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(isZip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(isZip64 ? U32_MAX : data.length, 18);
    local.writeUInt32LE(isZip64 ? U32_MAX : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(isZip64 ? 45 : 20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(isZip64 ? U32_MAX : data.length, 20);
    central.writeUInt32LE(isZip64 ? U32_MAX : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, extra, data);
    centrals.push(central, name, extra);
    offset += local.length + name.length + extra.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Deflate data that inflates to `head`, then `block` `count` times, then `tail`: each piece is deflated on
 * its own and ends on a byte boundary (sync flush), so the pieces join into one stream and a gigabyte costs
 * a few hundred kB. `size` is the real inflated size.
 */
export function repeatedDeflate(
  head: string,
  block: string,
  count: number,
  tail: string,
): { data: Buffer; size: number } {
  const piece = (text: string) => deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_SYNC_FLUSH });
  const body = piece(block);
  const final = deflateRawSync(Buffer.from(tail));
  const size = Buffer.byteLength(head) + Buffer.byteLength(block) * count + Buffer.byteLength(tail);
  return { data: Buffer.concat([piece(head), ...Array.from({ length: count }, () => body), final]), size };
}
