/**
 * Evidence of a record: list, add, open and remove its files, and remove them with the record. The
 * access rules are the record's (attachment-access.ts); each add or remove is one transaction with its
 * audit row (`table` attachments), and the file on disk is written before its row and removed after
 * it, so a row never names a missing file (a crash in between leaves only a file without a row, which
 * `removeOrphanFiles` deletes).
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../shared/app-error';
import {
  ATTACHMENT_LIMITS,
  type TAttachment,
  type TAttachmentList,
  type TAttachmentTarget,
} from '../../shared/schemas/attachments';
import { recordAudit } from '../audit/audit';
import { withTransaction } from '../audit/transaction';
import { canEditBranch, type TPolicyUser } from '../auth/roles';
import type { TAuditActor } from '../auth/types';
import type { DBOrTrx } from '../db/database';
import {
  allStoredNames,
  countRecordAttachments,
  deleteAttachment,
  insertAttachment,
  listRecordAttachments,
  readAttachment,
  storedAttachmentsOf,
} from '../db/queries/attachments';
import {
  assertCanEditRecordBranch,
  assertCanReadBranch,
  attachmentMissing,
  recordBranchOf,
} from './attachment-access';
import { removeFiles, removeUnreferencedFiles, saveFile } from './attachment-store';
import { checkUpload } from './upload-checks';

/** Who asks: the policy's user and the audit trail's actor (`ctx.user`, `ctx.actor`). */
export interface TAttachmentCaller {
  user: TPolicyUser;
  actor: TAuditActor;
}

/** The audit trail's key and fields of an attachment. */
function auditOf(a: TAttachment) {
  return {
    rowKey: { id: a.id, record: `${a.kind}:${a.recordId}`, file_name: a.fileName },
    fields: {
      [a.kind === 'activity' ? 'activity_id' : 'achievement_id']: a.recordId,
      file_name: a.fileName,
      mime_type: a.mimeType,
      bytes: a.bytes,
      sha256: a.sha256,
    },
  };
}

function storageMissing(): AppError {
  return new AppError('SERVICE_UNAVAILABLE', {
    zh: '服务器没有配置附件存储目录（ATTACHMENTS_DIR），无法保存文件。',
    en: 'The server has no attachments folder (ATTACHMENTS_DIR) configured; files cannot be stored.',
  });
}

/** A record's files, for a user who may read the record; `canEdit` says whether she may add and remove. */
export async function listAttachments(
  db: DBOrTrx,
  target: TAttachmentTarget,
  user: TPolicyUser,
): Promise<TAttachmentList> {
  const branchId = await recordBranchOf(db, target);
  assertCanReadBranch(user, branchId);
  return { attachments: await listRecordAttachments(db, target), canEdit: canEditBranch(user, branchId) };
}

/** Refuses a user who may not add evidence to the record (404 no record, 403 another branch's). */
export async function assertCanAttach(
  db: DBOrTrx,
  target: TAttachmentTarget,
  user: TPolicyUser,
): Promise<void> {
  assertCanEditRecordBranch(user, await recordBranchOf(db, target));
}

/** Refuses one file more than a record may have. */
async function assertRoomFor(db: DBOrTrx, target: TAttachmentTarget): Promise<void> {
  const max = ATTACHMENT_LIMITS.maxPerRecord;
  if ((await countRecordAttachments(db, target)) < max) return;
  throw new AppError('CONFLICT', {
    zh: `每条记录最多 ${max} 个附件，请先删除不需要的文件。`,
    en: `A record may have at most ${max} attachments; remove one you no longer need first.`,
  });
}

/** Stores one uploaded file as evidence of the record and returns it; refuses (nothing stored) what the checks refuse. */
export async function addAttachment(
  db: DBOrTrx,
  {
    dir,
    target,
    fileName: rawName,
    bytes,
    now = new Date(),
  }: { dir: string | null; target: TAttachmentTarget; fileName: string; bytes: Buffer; now?: Date },
  { user, actor }: TAttachmentCaller,
): Promise<TAttachment> {
  await assertCanAttach(db, target, user);
  const { fileName, mimeType } = checkUpload(rawName, bytes);
  if (!dir) throw storageMissing();
  await assertRoomFor(db, target);
  const storedName = saveFile(dir, bytes);
  try {
    return await withTransaction(db, async (trx) => {
      // Checked again inside the write: the record may have been deleted or moved since, or another
      // upload may have taken the last place.
      assertCanEditRecordBranch(user, await recordBranchOf(trx, target));
      await assertRoomFor(trx, target);
      const id = await insertAttachment(trx, {
        target,
        fileName,
        storedName,
        mimeType,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        uploadedById: actor.user?.id ?? null,
        uploadedBy: actor.user?.username ?? 'system',
        uploadedAt: now.toISOString(),
      });
      const stored = await readAttachment(trx, id);
      if (!stored) throw attachmentMissing();
      const { rowKey, fields } = auditOf(stored.attachment);
      await recordAudit(trx, {
        ...actor,
        table: 'attachments',
        rowKey,
        action: 'insert',
        after: fields,
        now,
      });
      return stored.attachment;
    });
  } catch (error) {
    removeFiles(dir, [storedName]);
    throw error;
  }
}

/** The file of an attachment, for a user who may read its record. */
export async function openAttachment(
  db: DBOrTrx,
  id: number,
  user: TPolicyUser,
): Promise<{ attachment: TAttachment; storedName: string }> {
  const stored = await readAttachment(db, id);
  if (!stored) throw attachmentMissing();
  assertCanReadBranch(user, stored.branchId);
  return stored;
}

/** Removes one attachment (its row, then its file). */
export async function removeAttachment(
  db: DBOrTrx,
  { dir, id }: { dir: string | null; id: number },
  { user, actor }: TAttachmentCaller,
): Promise<{ id: number }> {
  const storedName = await withTransaction(db, async (trx) => {
    const stored = await readAttachment(trx, id);
    if (!stored) throw attachmentMissing();
    assertCanEditRecordBranch(user, stored.branchId);
    await deleteAttachment(trx, id);
    const { rowKey, fields } = auditOf(stored.attachment);
    await recordAudit(trx, { ...actor, table: 'attachments', rowKey, action: 'delete', before: fields });
    return stored.storedName;
  });
  removeFiles(dir, [storedName]);
  return { id };
}

/**
 * Deletes the rows of a record's attachments, with an audit row each, inside the transaction that deletes
 * the record; returns their stored names, whose files the caller removes after it (`removeFiles`).
 */
export async function detachRecordAttachments(
  trx: DBOrTrx,
  target: TAttachmentTarget,
  actor: TAuditActor,
): Promise<string[]> {
  const stored = await storedAttachmentsOf(trx, target);
  for (const { attachment } of stored) {
    await deleteAttachment(trx, attachment.id);
    const { rowKey, fields } = auditOf(attachment);
    await recordAudit(trx, { ...actor, table: 'attachments', rowKey, action: 'delete', before: fields });
  }
  return stored.map((s) => s.storedName);
}

/**
 * Deletes files that no row names (their rows went with a record an import's undo deleted, or a crash
 * came between a file and its row). Files younger than `minAgeMs` are left: an upload writes its file
 * just before its row.
 */
export async function removeOrphanFiles(db: DBOrTrx, dir: string | null, minAgeMs = 60_000): Promise<number> {
  if (!dir) return 0;
  return removeUnreferencedFiles(dir, await allStoredNames(db), { minAgeMs });
}
