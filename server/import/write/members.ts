import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { MemberRow } from '../sheets/members';
import type { TSheetCounts } from '../types';
import { chunks, keyOf } from './batches';
import type { TRowChange } from './changes';

/** Branches compared per query: only their stored members are held, not all 100k at once. */
const BRANCHES_PER_BATCH = 100;

interface Stored {
  id: number;
  name: string;
  role: MemberRow['role'];
  joined_on: string;
  left_on: string | null;
}

function isSame(r: MemberRow, old: Stored): boolean {
  return (
    old.name === r.name && old.role === r.role && old.joined_on === r.joinedOn && old.left_on === r.leftOn
  );
}

/**
 * Upserts memberships by (branch, code); the branch codes were checked before the transaction.
 * Stored members are compared one batch of branches at a time; updates then run in file order and
 * new members go in last, in file order, as a single pass over the file would write them.
 */
export async function upsertMembers(
  trx: Transaction<Database>,
  rows: MemberRow[],
  idByCode: Map<string, number>,
  changes: TRowChange[] = [],
): Promise<TSheetCounts> {
  const counts: TSheetCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  const isFresh = new Uint8Array(rows.length).fill(1);
  const pending: { index: number; old: Stored }[] = [];
  const indexesByBranch = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const branchId = idByCode.get(r.branchCode) as number;
    const list = indexesByBranch.get(branchId);
    if (list) list.push(i);
    else indexesByBranch.set(branchId, [i]);
  });
  const any = await trx.selectFrom('members').select('id').limit(1).executeTakeFirst();
  for (const ids of any ? chunks([...indexesByBranch.keys()], BRANCHES_PER_BATCH) : []) {
    const stored = await trx
      .selectFrom('members')
      .select(['id', 'branch_id', 'code', 'name', 'role', 'joined_on', 'left_on'])
      .where('branch_id', 'in', ids)
      .execute();
    const byKey = new Map(stored.map((m) => [keyOf(m.branch_id, m.code), m]));
    for (const branchId of ids) {
      for (const i of indexesByBranch.get(branchId) as number[]) {
        const r = rows[i] as MemberRow;
        const old = byKey.get(keyOf(branchId, r.code));
        if (!old) continue;
        isFresh[i] = 0;
        if (isSame(r, old)) counts.unchanged++;
        else pending.push({ index: i, old });
      }
    }
  }
  pending.sort((a, b) => a.index - b.index);
  for (const { index, old } of pending) {
    const r = rows[index] as MemberRow;
    const values = { name: r.name, role: r.role, joined_on: r.joinedOn, left_on: r.leftOn };
    await trx.updateTable('members').set(values).where('id', '=', old.id).execute();
    changes.push({
      table: 'members',
      key: { branch: r.branchCode, code: r.code },
      before: { name: old.name, role: old.role, joined_on: old.joined_on, left_on: old.left_on },
      after: values,
    });
    counts.updated++;
  }
  const fresh = [];
  for (let i = 0; i < rows.length; i++) {
    if (isFresh[i] === 0) continue;
    const r = rows[i] as MemberRow;
    fresh.push({
      code: r.code,
      branch_id: idByCode.get(r.branchCode) as number,
      name: r.name,
      role: r.role,
      joined_on: r.joinedOn,
      left_on: r.leftOn,
    });
  }
  for (const batch of chunks(fresh)) await trx.insertInto('members').values(batch).execute();
  counts.inserted = fresh.length;
  return counts;
}
