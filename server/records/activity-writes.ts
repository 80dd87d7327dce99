/**
 * Adding, changing and removing one activity (组织生活) through the record forms: the schema's values
 * (shared/schemas/record-inputs.ts) checked against the database with the importer's rules (the day
 * within the branch's existence, sharers who are members of some branch, no second record with the
 * same natural key), written in one transaction with its audit row. Another activity of the same type
 * on the same day is a warning, not a refusal (two theme days on one day are rare, not wrong).
 */

import { bySecretaryWarning, dateOutsideBranchProblem, ruleText } from '../../shared/record-rules';
import type { TBilingual } from '../../shared/schemas/date';
import type { TActivityInput, TActivityUpdate } from '../../shared/schemas/record-inputs';
import { removeFiles } from '../attachments/attachment-store';
import { detachRecordAttachments } from '../attachments/attachments';
import { recordAudit } from '../audit/audit';
import { withTransaction } from '../audit/transaction';
import type { TPolicyUser } from '../auth/roles';
import type { TAuditActor } from '../auth/types';
import type { TServerSettings } from '../context';
import type { DBOrTrx } from '../db/database';
import {
  deleteActivity,
  findActivitiesOnDay,
  insertActivity,
  readActivity,
  readBranchFacts,
  type TStoredActivity,
  unknownMemberCodes,
  updateActivity,
} from '../db/queries/record-writes';
import {
  assertCanEditBranch,
  assertIsBranch,
  recordNotFound,
  refuseFields,
  type TFieldProblem,
} from './branch-access';

/** Who writes: the policy's user and the audit trail's actor (`ctx.user`, `ctx.actor`). */
export interface TRecordWriter {
  user: TPolicyUser;
  actor: TAuditActor;
  /** Where a removed record's evidence files are (`ctx.settings`); without it only their rows go. */
  settings?: Pick<TServerSettings, 'attachmentsDir'>;
}

export interface TRecordWriteResult {
  id: number;
  /** What the form should tell the user although the record was saved. */
  warnings: TBilingual[];
}

/** The audit trail's key of an activity: its id and natural key (import-format.md). */
function rowKeyOf(a: TStoredActivity) {
  return { id: a.id, branch: a.branch, held_on: a.held_on, type: a.type, title: a.title };
}

function auditFieldsOf({ id: _id, branch_id: _branchId, ...fields }: TStoredActivity) {
  return fields;
}

/** The database's checks of an activity's values; returns the values to write and the warnings. */
async function checkActivity(
  trx: DBOrTrx,
  input: TActivityInput,
  excludeId?: number,
): Promise<{ values: TActivityInput; warnings: TBilingual[] }> {
  const branch = assertIsBranch(await readBranchFacts(trx, input.branchId), input.branchId);
  const problems: TFieldProblem<keyof TActivityInput>[] = [];
  const outside = dateOutsideBranchProblem(input.heldOn, branch.code, branch);
  if (outside) problems.push({ field: 'heldOn', problem: outside });
  for (const code of await unknownMemberCodes(trx, input.sharers)) {
    problems.push({ field: 'sharers', problem: { code: 'unknown_member', params: { code } } });
  }
  if (problems.length) throw refuseFields('activities', problems);

  const sameDay = await findActivitiesOnDay(trx, { ...input, excludeId });
  if (sameDay.some((a) => a.title === input.title)) {
    const problem = {
      code: 'record_exists' as const,
      params: { what: '支部编号+日期+类型+主题', whatEn: 'branch code + date + type + title' },
    };
    throw refuseFields('activities', [{ field: 'title', problem }], 'CONFLICT');
  }
  const warnings: TBilingual[] = [];
  if (sameDay.length) {
    const titles = sameDay.map((a) => a.title).join('」「');
    warnings.push(ruleText({ code: 'same_type_same_day', params: { type: input.type, titles } }));
  }
  const ignored = bySecretaryWarning(input.type, input.isBySecretary);
  if (ignored) warnings.push(ruleText(ignored));
  return { values: ignored ? { ...input, isBySecretary: false } : input, warnings };
}

export async function createActivity(
  db: DBOrTrx,
  input: TActivityInput,
  { user, actor }: TRecordWriter,
): Promise<TRecordWriteResult> {
  assertCanEditBranch(user, input.branchId);
  return withTransaction(db, async (trx) => {
    const { values, warnings } = await checkActivity(trx, input);
    const id = await insertActivity(trx, values);
    const after = await readActivity(trx, id);
    if (!after) throw recordNotFound('activities', id);
    await recordAudit(trx, {
      ...actor,
      table: 'activities',
      rowKey: rowKeyOf(after),
      action: 'insert',
      after: auditFieldsOf(after),
    });
    return { id, warnings };
  });
}

/** Changes an activity; the row's branch and the branch it moves to must both be the user's to change. */
export async function changeActivity(
  db: DBOrTrx,
  { id, ...input }: TActivityUpdate,
  { user, actor }: TRecordWriter,
): Promise<TRecordWriteResult> {
  return withTransaction(db, async (trx) => {
    const before = await readActivity(trx, id);
    if (!before) throw recordNotFound('activities', id);
    assertCanEditBranch(user, before.branch_id);
    assertCanEditBranch(user, input.branchId);
    const { values, warnings } = await checkActivity(trx, input, id);
    await updateActivity(trx, id, values);
    const after = await readActivity(trx, id);
    if (!after) throw recordNotFound('activities', id);
    await recordAudit(trx, {
      ...actor,
      table: 'activities',
      rowKey: rowKeyOf(after),
      action: 'update',
      before: auditFieldsOf(before),
      after: auditFieldsOf(after),
    });
    return { id, warnings };
  });
}

/** Removes an activity with its evidence (rows in the transaction, files after it). */
export async function removeActivity(
  db: DBOrTrx,
  id: number,
  { user, actor, settings }: TRecordWriter,
): Promise<{ id: number }> {
  const files = await withTransaction(db, async (trx) => {
    const before = await readActivity(trx, id);
    if (!before) throw recordNotFound('activities', id);
    assertCanEditBranch(user, before.branch_id);
    const evidence = await detachRecordAttachments(trx, { kind: 'activity', recordId: id }, actor);
    await deleteActivity(trx, id);
    await recordAudit(trx, {
      ...actor,
      table: 'activities',
      rowKey: rowKeyOf(before),
      action: 'delete',
      before: auditFieldsOf(before),
    });
    return evidence;
  });
  removeFiles(settings?.attachmentsDir, files);
  return { id };
}
