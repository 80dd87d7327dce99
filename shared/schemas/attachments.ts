/**
 * Evidence attached to a record (issue 11): photos, minutes or a sign-in sheet of an activity (组织生活)
 * or an achievement (成果). The files travel over their own HTTP route (server/http/attachment-route.ts),
 * not /trpc (JSON, 1 MB); both sides read the limits and the kinds from here.
 */
import { z } from 'zod';

/** GET `?kind=&recordId=`: the record's attachments (TAttachment[]); POST `?kind=&recordId=&name=` with the file as the body. */
export const ATTACHMENTS_PATH = '/api/attachments';

/** GET `/api/attachments/<id>`: the file (images inline, the rest as a download); DELETE: removes it. */
export function attachmentPath(id: number): string {
  return `${ATTACHMENTS_PATH}/${id}`;
}

export const ATTACHMENT_LIMITS = {
  /** One file: a phone photo is 2–6 MB, a scanned sign-in sheet PDF a few MB. */
  maxBytes: 10 * 1024 * 1024,
  /** Files per record: a meeting's photos, minutes and sign-in sheet, with room to spare. */
  maxPerRecord: 20,
  /** The original name kept for the download (characters). */
  maxNameLength: 200,
} as const;

/** The records that carry evidence. */
export const ZAttachmentRecordKindSchema = z.enum(['activity', 'achievement']);
export type TAttachmentRecordKind = z.infer<typeof ZAttachmentRecordKindSchema>;

/**
 * The types accepted, decided by the file's content (never its name); the name's extension must be one
 * of the type's (a PNG named .pdf is refused: the download would open it as the wrong thing).
 */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { extensions: ['.jpg', '.jpeg'], label: 'JPEG', isImage: true },
  'image/png': { extensions: ['.png'], label: 'PNG', isImage: true },
  'image/webp': { extensions: ['.webp'], label: 'WebP', isImage: true },
  'application/pdf': { extensions: ['.pdf'], label: 'PDF', isImage: false },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extensions: ['.docx'],
    label: 'Word (docx)',
    isImage: false,
  },
} as const satisfies Record<string, { extensions: readonly string[]; label: string; isImage: boolean }>;
export type TAttachmentMimeType = keyof typeof ATTACHMENT_TYPES;

/** The file chooser's filter (a hint only: the server checks the content). */
export const ATTACHMENT_ACCEPT = '.jpg,.jpeg,.png,.webp,.pdf,.docx';

/** Which record a request is about. */
export const ZAttachmentTargetSchema = z.object({
  kind: ZAttachmentRecordKindSchema,
  recordId: z.coerce.number().int().positive(),
});
export type TAttachmentTarget = z.infer<typeof ZAttachmentTargetSchema>;

/** One attached file as the list shows it. */
export interface TAttachment {
  id: number;
  kind: TAttachmentRecordKind;
  recordId: number;
  fileName: string;
  mimeType: TAttachmentMimeType;
  isImage: boolean;
  bytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** What GET `?kind=&recordId=` answers: the files, and whether the caller may add and remove them. */
export interface TAttachmentList {
  attachments: TAttachment[];
  canEdit: boolean;
}
