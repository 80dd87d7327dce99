/**
 * Adding, changing and removing one achievement (成果) through the record forms, checked with the
 * importer's rules (the day within the branch's existence, no second record with the same natural key)
 * and written in one transaction with its audit row.
 */
import { dateOutsideBranchProblem } from '../../shared/record-rules';
import type { TAchievementInput, TAchievementUpdate } from '../../shared/schemas/record-inputs';
import { removeFiles } from '../attachments/attachment-store';
import { detachRecordAttachments } from '../attachments/attachments';
import { recordAudit } from '../audit/audit';
import { withTransaction } from '../audit/transaction';
import type { DBOrTrx } from '../db/database';
import {
  deleteAchievement,
  hasSameAchievement,
  insertAchievement,
  readAchievement,
  readBranchFacts,
  type TStoredAchievement,
  updateAchievement,
} from '../db/queries/record-writes';
import type { TRecordWriteResult, TRecordWriter } from './activity-writes';
import { assertCanEditBranch, assertIsBranch, recordNotFound, refuseFields } from './branch-access';

function rowKeyOf(a: TStoredAchievement) {
  return { id: a.id, branch: a.branch, achieved_on: a.achieved_on, kind: a.kind, title: a.title };
}

function auditFieldsOf({ id: _id, branch_id: _branchId, ...fields }: TStoredAchievement) {
  return fields;
}

async function checkAchievement(trx: DBOrTrx, input: TAchievementInput, excludeId?: number): Promise<void> {
  const branch = assertIsBranch(await readBranchFacts(trx, input.branchId), input.branchId);
  const outside = dateOutsideBranchProblem(input.achievedOn, branch.code, branch);
  if (outside) throw refuseFields('achievements', [{ field: 'achievedOn', problem: outside }]);
  if (await hasSameAchievement(trx, input, excludeId)) {
    const problem = {
      code: 'record_exists' as const,
      params: { what: '支部编号+日期+类别+名称', whatEn: 'branch code + date + kind + title' },
    };
    throw refuseFields('achievements', [{ field: 'title', problem }], 'CONFLICT');
  }
}

export async function createAchievement(
  db: DBOrTrx,
  input: TAchievementInput,
  { user, actor }: TRecordWriter,
): Promise<TRecordWriteResult> {
  assertCanEditBranch(user, input.branchId);
  return withTransaction(db, async (trx) => {
    await checkAchievement(trx, input);
    const id = await insertAchievement(trx, input);
    const after = await readAchievement(trx, id);
    if (!after) throw recordNotFound('achievements', id);
    await recordAudit(trx, {
      ...actor,
      table: 'achievements',
      rowKey: rowKeyOf(after),
      action: 'insert',
      after: auditFieldsOf(after),
    });
    return { id, warnings: [] };
  });
}

export async function changeAchievement(
  db: DBOrTrx,
  { id, ...input }: TAchievementUpdate,
  { user, actor }: TRecordWriter,
): Promise<TRecordWriteResult> {
  return withTransaction(db, async (trx) => {
    const before = await readAchievement(trx, id);
    if (!before) throw recordNotFound('achievements', id);
    assertCanEditBranch(user, before.branch_id);
    assertCanEditBranch(user, input.branchId);
    await checkAchievement(trx, input, id);
    await updateAchievement(trx, id, input);
    const after = await readAchievement(trx, id);
    if (!after) throw recordNotFound('achievements', id);
    await recordAudit(trx, {
      ...actor,
      table: 'achievements',
      rowKey: rowKeyOf(after),
      action: 'update',
      before: auditFieldsOf(before),
      after: auditFieldsOf(after),
    });
    return { id, warnings: [] };
  });
}

/** Removes an achievement with its evidence (rows in the transaction, files after it). */
export async function removeAchievement(
  db: DBOrTrx,
  id: number,
  { user, actor, settings }: TRecordWriter,
): Promise<{ id: number }> {
  const files = await withTransaction(db, async (trx) => {
    const before = await readAchievement(trx, id);
    if (!before) throw recordNotFound('achievements', id);
    assertCanEditBranch(user, before.branch_id);
    const evidence = await detachRecordAttachments(trx, { kind: 'achievement', recordId: id }, actor);
    await deleteAchievement(trx, id);
    await recordAudit(trx, {
      ...actor,
      table: 'achievements',
      rowKey: rowKeyOf(before),
      action: 'delete',
      before: auditFieldsOf(before),
    });
    return evidence;
  });
  removeFiles(settings?.attachmentsDir, files);
  return { id };
}
