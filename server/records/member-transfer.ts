/**
 * A member's transfer (转出 here, 转入 there) as one write: the membership in the old branch ends on
 * `leftOn` (its last day, import-format.md) and a new membership with the same code starts the next day
 * in the target branch, as an import of the two rows would record it — in one transaction with an audit
 * row per row. Both branches must be the writer's (admin: any; a secretary may not add rows to another
 * branch's roll, which would change that branch's member counts).
 */
import type { TRuleProblem } from '../../shared/record-rules';
import { dateOutsideBranchProblem, leftBeforeJoinedProblem } from '../../shared/record-rules';
import { addDays } from '../../shared/schemas/period';
import type { TMemberTransfer } from '../../shared/schemas/record-inputs';
import { recordAudit } from '../audit/audit';
import { withTransaction } from '../audit/transaction';
import type { DBOrTrx } from '../db/database';
import { hasMemberCode, insertMember, readMember, type TStoredMember } from '../db/queries/members';
import { readBranchFacts } from '../db/queries/record-writes';
import type { TRecordWriter } from './activity-writes';
import {
  assertCanEditBranch,
  assertIsBranch,
  recordNotFound,
  refuseFields,
  type TFieldProblem,
} from './branch-access';

type TTransferField = 'toBranchId' | 'leftOn';

const TARGET_LABEL = { toBranchId: { zh: '转入支部', en: 'Transfer to' } };

function auditOf({ id: _id, branch_id: _branchId, ...fields }: TStoredMember) {
  return fields;
}

/** Ends the membership `id` on `leftOn` and starts one in `toBranchId` the next day; returns the new id. */
export async function transferMember(
  db: DBOrTrx,
  { id, toBranchId, leftOn }: TMemberTransfer,
  { user, actor }: TRecordWriter,
): Promise<{ id: number; newId: number }> {
  return withTransaction(db, async (trx) => {
    const before = await readMember(trx, id);
    if (!before) throw recordNotFound('members', id);
    assertCanEditBranch(user, before.branch_id);
    assertCanEditBranch(user, toBranchId);
    const target = assertIsBranch(await readBranchFacts(trx, toBranchId), toBranchId);
    const joinedOn = addDays(leftOn, 1);

    const problems: TFieldProblem<TTransferField>[] = [];
    const add = (field: TTransferField, problem: TRuleProblem | null) => {
      if (problem) problems.push({ field, problem });
    };
    add('leftOn', leftBeforeJoinedProblem(before.joined_on, leftOn));
    if (before.left_on !== null && before.left_on < leftOn) {
      add('leftOn', { code: 'transfer_already_left', params: { left: before.left_on } });
    }
    if (toBranchId === before.branch_id) add('toBranchId', { code: 'transfer_same_branch' });
    else {
      const closed = dateOutsideBranchProblem(joinedOn, target.code, target);
      if (closed)
        add('toBranchId', { code: 'transfer_target_closed', params: { ...closed.params, day: joinedOn } });
      if (await hasMemberCode(trx, { branchId: toBranchId, code: before.code })) {
        add('toBranchId', {
          code: 'record_exists',
          params: { what: '支部编号+编号', whatEn: 'branch code + code' },
        });
      }
    }
    if (problems.length) throw refuseFields('members', problems, 'BAD_REQUEST', TARGET_LABEL);

    await trx.updateTable('members').set({ left_on: leftOn }).where('id', '=', id).execute();
    const newId = await insertMember(trx, {
      branchId: toBranchId,
      code: before.code,
      name: before.name,
      // A role is held in a branch: in the new one the member starts as a member.
      role: 'member',
      joinedOn,
      leftOn: null,
    });
    const ended = await readMember(trx, id);
    const started = await readMember(trx, newId);
    if (!ended || !started) throw recordNotFound('members', ended ? newId : id);
    const rowKey = (m: TStoredMember) => ({ id: m.id, branch: m.branch, code: m.code });
    await recordAudit(trx, {
      ...actor,
      table: 'members',
      rowKey: rowKey(ended),
      action: 'update',
      before: auditOf(before),
      after: { ...auditOf(ended), transferred_to: started.branch },
    });
    await recordAudit(trx, {
      ...actor,
      table: 'members',
      rowKey: rowKey(started),
      action: 'insert',
      after: { ...auditOf(started), transferred_from: before.branch },
    });
    return { id, newId };
  });
}
