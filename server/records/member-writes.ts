/**
 * Adding, changing and removing one membership (党员) through the record forms, in one transaction with
 * its audit row. Sessions name their sharers by member code, so a code that sessions use cannot be
 * changed or deleted away while it is the only membership that keeps it known (the importer would then
 * refuse those sessions as naming an unknown member); a member who left gets a leaving date instead.
 */
import type { TMemberInput, TMemberUpdate } from '../../shared/schemas/record-inputs';
import { recordAudit } from '../audit/audit';
import { withTransaction } from '../audit/transaction';
import type { DBOrTrx } from '../db/database';
import {
  countSharerUsesOfOnlyMembership,
  deleteMember,
  hasMemberCode,
  insertMember,
  readMember,
  type TStoredMember,
  updateMember,
} from '../db/queries/members';
import { readBranchFacts } from '../db/queries/record-writes';
import type { TRecordWriteResult, TRecordWriter } from './activity-writes';
import { assertCanEditBranch, assertIsBranch, recordNotFound, refuseFields } from './branch-access';

function rowKeyOf(m: TStoredMember) {
  return { id: m.id, branch: m.branch, code: m.code };
}

function auditFieldsOf({ id: _id, branch_id: _branchId, ...fields }: TStoredMember) {
  return fields;
}

async function checkMember(trx: DBOrTrx, input: TMemberInput, excludeId?: number): Promise<void> {
  assertIsBranch(await readBranchFacts(trx, input.branchId), input.branchId);
  if (await hasMemberCode(trx, { branchId: input.branchId, code: input.code, excludeId })) {
    const problem = {
      code: 'record_exists' as const,
      params: { what: '支部编号+编号', whatEn: 'branch code + code' },
    };
    throw refuseFields('members', [{ field: 'code', problem }], 'CONFLICT');
  }
}

export async function createMember(
  db: DBOrTrx,
  input: TMemberInput,
  { user, actor }: TRecordWriter,
): Promise<TRecordWriteResult> {
  assertCanEditBranch(user, input.branchId);
  return withTransaction(db, async (trx) => {
    await checkMember(trx, input);
    const id = await insertMember(trx, input);
    const after = await readMember(trx, id);
    if (!after) throw recordNotFound('members', id);
    await recordAudit(trx, {
      ...actor,
      table: 'members',
      rowKey: rowKeyOf(after),
      action: 'insert',
      after: auditFieldsOf(after),
    });
    return { id, warnings: [] };
  });
}

export async function changeMember(
  db: DBOrTrx,
  { id, ...input }: TMemberUpdate,
  { user, actor }: TRecordWriter,
): Promise<TRecordWriteResult> {
  return withTransaction(db, async (trx) => {
    const before = await readMember(trx, id);
    if (!before) throw recordNotFound('members', id);
    assertCanEditBranch(user, before.branch_id);
    assertCanEditBranch(user, input.branchId);
    await checkMember(trx, input, id);
    if (input.code !== before.code) {
      const n = await countSharerUsesOfOnlyMembership(trx, { code: before.code, excludeId: id });
      if (n > 0) {
        const problem = { code: 'member_code_in_use' as const, params: { code: before.code, n } };
        throw refuseFields('members', [{ field: 'code', problem }], 'CONFLICT');
      }
    }
    await updateMember(trx, id, input);
    const after = await readMember(trx, id);
    if (!after) throw recordNotFound('members', id);
    await recordAudit(trx, {
      ...actor,
      table: 'members',
      rowKey: rowKeyOf(after),
      action: 'update',
      before: auditFieldsOf(before),
      after: auditFieldsOf(after),
    });
    return { id, warnings: [] };
  });
}

export async function removeMember(
  db: DBOrTrx,
  id: number,
  { user, actor }: TRecordWriter,
): Promise<{ id: number }> {
  return withTransaction(db, async (trx) => {
    const before = await readMember(trx, id);
    if (!before) throw recordNotFound('members', id);
    assertCanEditBranch(user, before.branch_id);
    const n = await countSharerUsesOfOnlyMembership(trx, { code: before.code, excludeId: id });
    if (n > 0) {
      const problem = { code: 'member_is_sharer' as const, params: { n } };
      throw refuseFields('members', [{ field: 'code', problem }], 'CONFLICT');
    }
    await deleteMember(trx, id);
    await recordAudit(trx, {
      ...actor,
      table: 'members',
      rowKey: rowKeyOf(before),
      action: 'delete',
      before: auditFieldsOf(before),
    });
    return { id };
  });
}
