/**
 * The SQL of evidence attachments (server/attachments/*): a record's files, one file with the branch of
 * its record (the access check reads it), inserts and deletes. Which record a row belongs to is one of two
 * foreign keys (migration 20261211T0100); `recordColumn` picks it. Rows are converted to
 * `TAttachment` here, at the edge of the database.
 */
import type {
  TAttachment,
  TAttachmentMimeType,
  TAttachmentTarget,
} from '../../../shared/schemas/attachments';
import { ATTACHMENT_TYPES } from '../../../shared/schemas/attachments';
import type { DBOrTrx } from '../database';
import type { AttachmentRow } from '../tables/attachment.table';

const RECORD_COLUMN = { activity: 'activity_id', achievement: 'achievement_id' } as const;
const RECORD_TABLE = { activity: 'activities', achievement: 'achievements' } as const;

function toAttachment(row: AttachmentRow): TAttachment {
  const mimeType = row.mime_type as TAttachmentMimeType;
  const isActivity = row.activity_id !== null;
  return {
    id: Number(row.id),
    kind: isActivity ? 'activity' : 'achievement',
    recordId: Number(isActivity ? row.activity_id : row.achievement_id),
    fileName: row.file_name,
    mimeType,
    isImage: ATTACHMENT_TYPES[mimeType]?.isImage ?? false,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}

/** The branch a record belongs to, or undefined when there is no such record. */
export async function readRecordBranchId(
  db: DBOrTrx,
  { kind, recordId }: TAttachmentTarget,
): Promise<number | undefined> {
  const row = await db
    .selectFrom(RECORD_TABLE[kind])
    .select('branch_id')
    .where('id', '=', recordId)
    .executeTakeFirst();
  return row && Number(row.branch_id);
}

/** A record's attachments, oldest first. */
export async function listRecordAttachments(db: DBOrTrx, target: TAttachmentTarget): Promise<TAttachment[]> {
  return (await storedAttachmentsOf(db, target)).map((a) => a.attachment);
}

export async function countRecordAttachments(db: DBOrTrx, target: TAttachmentTarget): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(RECORD_COLUMN[target.kind], '=', target.recordId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One attachment with its stored name and its record's branch, or undefined. */
export async function readAttachment(
  db: DBOrTrx,
  id: number,
): Promise<{ attachment: TAttachment; storedName: string; branchId: number } | undefined> {
  const row = await db
    .selectFrom('attachments')
    .leftJoin('activities', 'activities.id', 'attachments.activity_id')
    .leftJoin('achievements', 'achievements.id', 'attachments.achievement_id')
    .selectAll('attachments')
    .select((eb) => eb.fn.coalesce('activities.branch_id', 'achievements.branch_id').as('branch_id'))
    .where('attachments.id', '=', id)
    .executeTakeFirst();
  if (!row || row.branch_id === null) return undefined;
  const { branch_id: branchId, ...attachment } = row;
  return { attachment: toAttachment(attachment), storedName: row.stored_name, branchId: Number(branchId) };
}

export interface TNewAttachment {
  target: TAttachmentTarget;
  fileName: string;
  storedName: string;
  mimeType: TAttachmentMimeType;
  bytes: number;
  sha256: string;
  uploadedById: number | null;
  uploadedBy: string;
  uploadedAt: string;
}

export async function insertAttachment(db: DBOrTrx, a: TNewAttachment): Promise<number> {
  const row = await db
    .insertInto('attachments')
    .values({
      activity_id: a.target.kind === 'activity' ? a.target.recordId : null,
      achievement_id: a.target.kind === 'achievement' ? a.target.recordId : null,
      file_name: a.fileName,
      stored_name: a.storedName,
      mime_type: a.mimeType,
      bytes: a.bytes,
      sha256: a.sha256,
      uploaded_by_id: a.uploadedById,
      uploaded_by: a.uploadedBy,
      uploaded_at: a.uploadedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function deleteAttachment(db: DBOrTrx, id: number): Promise<void> {
  await db.deleteFrom('attachments').where('id', '=', id).execute();
}

/** A record's attachments with their stored names, read before the record is deleted. */
export async function storedAttachmentsOf(
  db: DBOrTrx,
  target: TAttachmentTarget,
): Promise<{ attachment: TAttachment; storedName: string }[]> {
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where(RECORD_COLUMN[target.kind], '=', target.recordId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ attachment: toAttachment(row), storedName: row.stored_name }));
}

/** Every stored name the database refers to (the sweep of files left without a row). */
export async function allStoredNames(db: DBOrTrx): Promise<Set<string>> {
  const rows = await db.selectFrom('attachments').select('stored_name').execute();
  return new Set(rows.map((r) => r.stored_name));
}
