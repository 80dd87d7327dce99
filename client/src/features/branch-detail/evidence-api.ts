/**
 * The evidence attachments API (server/http/attachment-route.ts): a record's files, an upload with its
 * progress, and a removal. Plain HTTP, not /trpc: files do not fit JSON.
 */
import {
  ATTACHMENTS_PATH,
  attachmentPath,
  type TAttachment,
  type TAttachmentList,
  type TAttachmentRecordKind,
} from '../../../../shared/schemas/attachments';
import type { TLang } from '../../lib/i18n';
import { postFile, requestJson } from '../../lib/upload-file';

export interface TEvidenceTarget {
  kind: TAttachmentRecordKind;
  recordId: number;
}

const queryOf = ({ kind, recordId }: TEvidenceTarget) => `kind=${kind}&recordId=${recordId}`;

/** The react-query key of a record's files (refreshed after an upload or a removal). */
export const evidenceQueryKey = (target: TEvidenceTarget) =>
  ['evidence', target.kind, target.recordId] as const;

export function fetchEvidence(target: TEvidenceTarget, lang: TLang): Promise<TAttachmentList> {
  return requestJson(`${ATTACHMENTS_PATH}?${queryOf(target)}`, lang);
}

export function uploadEvidence(
  target: TEvidenceTarget,
  file: File,
  { lang, onUploadProgress }: { lang: TLang; onUploadProgress: (fraction: number) => void },
): Promise<TAttachment> {
  const name = encodeURIComponent(file.name);
  return postFile(`${ATTACHMENTS_PATH}?${queryOf(target)}&name=${name}`, file, { lang, onUploadProgress });
}

export function removeEvidence(id: number, lang: TLang): Promise<{ id: number }> {
  return requestJson(attachmentPath(id), lang, { method: 'DELETE' });
}

/** Where an attachment opens: images in the browser, anything with `isDownload` as a file. */
export function evidenceHref(id: number, isDownload = false): string {
  return `${attachmentPath(id)}${isDownload ? '?download=1' : ''}`;
}
