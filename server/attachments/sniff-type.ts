/**
 * The type of an uploaded file, decided by its first bytes (and for a .docx by what the zip holds),
 * never by its name or the browser's word: a renamed file or a zip that is not a Word document is
 * not what it claims.
 */
import type { TAttachmentMimeType } from '../../shared/schemas/attachments';
import { readZipDirectory } from '../import/zip-archive';

const startsWith = (bytes: Buffer, magic: readonly number[], at = 0) =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const PDF = ascii('%PDF-');
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** The parts every Word document (OOXML wordprocessing) has, as readZipDirectory keys them (lower case); an .xlsx or a plain zip lacks the second. */
const DOCX_PARTS = ['[content_types].xml', 'word/document.xml'];

function isDocx(bytes: Buffer): boolean {
  try {
    const entries = readZipDirectory(bytes);
    return DOCX_PARTS.every((name) => entries.has(name));
  } catch {
    // Truncated, encrypted or otherwise unreadable: not a document a reader could open either.
    return false;
  }
}

/** What the bytes are, or null when they are none of the accepted types. */
export function sniffAttachmentType(bytes: Buffer): TAttachmentMimeType | null {
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  if (startsWith(bytes, PDF)) return 'application/pdf';
  if (startsWith(bytes, ZIP) && isDocx(bytes)) {
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  return null;
}
