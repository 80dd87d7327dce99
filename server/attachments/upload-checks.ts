/**
 * The checks of one uploaded file before anything is stored: a name to show (the last path segment, no
 * control or direction-override characters, at most 200 characters), a size within the cap, and a
 * type decided by the content that the name's extension agrees with. Refusals say what was wrong in
 * both languages.
 */
import { extname } from 'node:path';
import { AppError } from '../../shared/app-error';
import {
  ATTACHMENT_LIMITS,
  ATTACHMENT_TYPES,
  type TAttachmentMimeType,
} from '../../shared/schemas/attachments';
import { sniffAttachmentType } from './sniff-type';

const ACCEPTED = {
  zh: 'jpg、png、webp 图片，pdf 或 Word（docx）文档',
  en: 'jpg, png or webp images, pdf or Word (docx) documents',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
const UNSHOWABLE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

function refuse(zh: string, en: string): AppError {
  return new AppError('BAD_REQUEST', { zh, en });
}

/** The uploader's file name as it is shown and downloaded; never used as a path. */
export function cleanFileName(raw: string): string {
  const last = raw.split(/[/\\]/).at(-1) ?? '';
  const name = last.replace(UNSHOWABLE, '').trim();
  const max = ATTACHMENT_LIMITS.maxNameLength;
  if ([...name].length <= max) return name;
  const ext = extname(name).slice(0, 10);
  return [...name.slice(0, name.length - ext.length)].slice(0, max - ext.length).join('') + ext;
}

export function tooLarge(): AppError {
  const mb = ATTACHMENT_LIMITS.maxBytes / 1024 / 1024;
  return refuse(`文件过大：每个文件最大 ${mb} MB。`, `File too large: each file may be at most ${mb} MB.`);
}

/** The name to keep and the type of the content; refuses an empty, oversized or unaccepted file. */
export function checkUpload(
  rawName: string,
  bytes: Buffer,
): { fileName: string; mimeType: TAttachmentMimeType } {
  const fileName = cleanFileName(rawName);
  if (!fileName) throw refuse('缺少文件名。', 'The file name is missing.');
  if (bytes.length === 0) throw refuse(`文件「${fileName}」是空的。`, `The file "${fileName}" is empty.`);
  if (bytes.length > ATTACHMENT_LIMITS.maxBytes) throw tooLarge();
  const mimeType = sniffAttachmentType(bytes);
  if (!mimeType) {
    throw refuse(
      `不支持「${fileName}」的文件类型（按内容判断）。只接受${ACCEPTED.zh}。`,
      `The type of "${fileName}" (judged by its content) is not accepted. Only ${ACCEPTED.en} are.`,
    );
  }
  const type = ATTACHMENT_TYPES[mimeType];
  const ext = extname(fileName).toLowerCase();
  if (!(type.extensions as readonly string[]).includes(ext)) {
    const wanted = type.extensions.join(' / ');
    throw refuse(
      `「${fileName}」的内容是 ${type.label} 文件，与扩展名「${ext || '（无）'}」不符。请改为 ${wanted} 后再上传。`,
      `"${fileName}" holds a ${type.label} file, which does not match its extension "${ext || '(none)'}". Rename it to ${wanted} and upload again.`,
    );
  }
  return { fileName, mimeType };
}
