/**
 * Who may see and change a record's evidence: the record's readers see it (admin, leader, the branch's
 * secretary — `canReadMemberData`), its editors add and remove it (admin, the branch's secretary —
 * `canEditBranch`), by any id. The refusals, in both languages.
 */
import { AppError } from '../../shared/app-error';
import type { TAttachmentRecordKind, TAttachmentTarget } from '../../shared/schemas/attachments';
import { forbiddenBranchWrite } from '../access-errors';
import { canEditBranch, canReadMemberData, type TPolicyUser } from '../auth/roles';
import type { DBOrTrx } from '../db/database';
import { readRecordBranchId } from '../db/queries/attachments';

const RECORD_NAMES: Record<TAttachmentRecordKind, { zh: string; en: string }> = {
  activity: { zh: '组织生活', en: 'activity' },
  achievement: { zh: '成果', en: 'achievement' },
};

// Refusals name what is missing, never its row id: ids mean nothing to the person reading them (issue 14.4).
export function recordMissing({ kind }: Pick<TAttachmentTarget, 'kind'>): AppError {
  const name = RECORD_NAMES[kind];
  return new AppError('NOT_FOUND', {
    zh: `该${name.zh}记录不存在，可能已被删除。`,
    en: `This ${name.en} record does not exist; it may have been deleted.`,
  });
}

export function attachmentMissing(): AppError {
  return new AppError('NOT_FOUND', {
    zh: '该附件不存在，可能已被删除。',
    en: 'This attachment does not exist; it may have been deleted.',
  });
}

function forbiddenRead(): AppError {
  return new AppError('FORBIDDEN', {
    zh: '只能查看本支部记录的证明材料。',
    en: "You may only see the evidence of your own branch's records.",
  });
}

/** Refuses a user who may not read the records of the branch. */
export function assertCanReadBranch(user: TPolicyUser, branchId: number): void {
  if (!canReadMemberData(user, branchId)) throw forbiddenRead();
}

/** Refuses a user who may not change the records of the branch. */
export function assertCanEditRecordBranch(user: TPolicyUser, branchId: number): void {
  if (!canEditBranch(user, branchId)) throw forbiddenBranchWrite();
}

/** The branch of the target record; 404 when there is none. */
export async function recordBranchOf(db: DBOrTrx, target: TAttachmentTarget): Promise<number> {
  const branchId = await readRecordBranchId(db, target);
  if (branchId === undefined) throw recordMissing(target);
  return branchId;
}
