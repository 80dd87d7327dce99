/**
 * The 党员名册: the memberships active in a counted range (metrics.md: joined on or before asOf, not left
 * before start — the rows `activeMembers` counts) with each one's share count, narrowed in SQL to the
 * branches the viewer may read.
 */
import { type TPolicyUser, whereReadableBranch } from '../../auth/roles';
import type { DBOrTrx } from '../database';
import { type TMemberRecord, toMemberRecord } from './members';

export interface TRosterRow extends TMemberRecord {
  branchId: number;
  branchCode: string;
  branchName: string;
  /**
   * Sessions of this branch in the range that name the member as a sharer (分享党员) — the sessions
   * behind `sharingCoverage`, which counts a branch's own active members whatever the session's day.
   */
  shares: number;
}

export async function listRoster(
  db: DBOrTrx,
  { start, asOf, branchId, viewer }: { start: string; asOf: string; branchId?: number; viewer: TPolicyUser },
): Promise<TRosterRow[]> {
  // Shares per (branch, code) in the range, counted once in SQL and joined to the memberships.
  const shares = db
    .selectFrom('activities as a')
    .innerJoin('activity_sharers as s', 's.activity_id', 'a.id')
    .select((eb) => ['a.branch_id', 's.member_code', eb.fn.countAll<number>().as('n')])
    .where('a.held_on', '>=', start)
    .where('a.held_on', '<=', asOf)
    .groupBy(['a.branch_id', 's.member_code']);
  let query = db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.branch_id')
    .leftJoin(
      (branchId === undefined ? shares : shares.where('a.branch_id', '=', branchId)).as('sh'),
      (join) => join.onRef('sh.branch_id', '=', 'm.branch_id').onRef('sh.member_code', '=', 'm.code'),
    )
    .select([
      'm.id',
      'm.code',
      'm.name',
      'm.role',
      'm.joined_on',
      'm.left_on',
      'm.branch_id',
      'u.code as branch_code',
      'u.name as branch_name',
      'sh.n as shares',
    ])
    .where('m.joined_on', '<=', asOf)
    .where((eb) => eb.or([eb('m.left_on', 'is', null), eb('m.left_on', '>=', start)]));
  if (branchId !== undefined) query = query.where('m.branch_id', '=', branchId);
  const rows = await whereReadableBranch(query, viewer, 'm.branch_id')
    .orderBy('u.code')
    .orderBy('m.code')
    .execute();
  return rows.map((r) => ({
    ...toMemberRecord(r),
    branchId: Number(r.branch_id),
    branchCode: r.branch_code,
    branchName: r.branch_name,
    shares: Number(r.shares ?? 0),
  }));
}
