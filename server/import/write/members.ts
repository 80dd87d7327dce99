import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { MemberRow } from '../sheets/members';
import type { TSheetCounts } from '../types';
import { chunks, keyOf, sameValues } from './batches';
import type { TRowChange } from './changes';

/** Upserts memberships by (branch, code); the branch codes were checked before the transaction. */
export async function upsertMembers(
  trx: Transaction<Database>,
  rows: MemberRow[],
  idByCode: Map<string, number>,
  changes: TRowChange[] = [],
): Promise<TSheetCounts> {
  const counts: TSheetCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  const existing = await trx
    .selectFrom('members')
    .select(['id', 'branch_id', 'code', 'name', 'role', 'joined_on', 'left_on'])
    .execute();
  const byKey = new Map(existing.map((m) => [keyOf(m.branch_id, m.code), m]));
  const fresh = [];
  for (const r of rows) {
    const branchId = idByCode.get(r.branchCode) as number;
    const values = { name: r.name, role: r.role, joined_on: r.joinedOn, left_on: r.leftOn };
    const old = byKey.get(keyOf(branchId, r.code));
    if (!old) {
      fresh.push({ code: r.code, branch_id: branchId, ...values });
    } else if (sameValues([old.name, old.role, old.joined_on, old.left_on], Object.values(values))) {
      counts.unchanged++;
    } else {
      await trx.updateTable('members').set(values).where('id', '=', old.id).execute();
      changes.push({
        table: 'members',
        key: { branch: r.branchCode, code: r.code },
        before: { name: old.name, role: old.role, joined_on: old.joined_on, left_on: old.left_on },
        after: values,
      });
      counts.updated++;
    }
  }
  for (const batch of chunks(fresh)) await trx.insertInto('members').values(batch).execute();
  counts.inserted = fresh.length;
  return counts;
}
