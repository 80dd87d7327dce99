/**
 * Members (党员) for the record forms: a branch's roll (narrowed to the branches the viewer may read),
 * the search for guest sharers from other branches, and one membership read, written or deleted by id
 * (server/records/member-writes.ts checks and audits).
 */
import { sql } from 'kysely';
import type { TMemberRole } from '../../../shared/domain';
import type { TMemberInput } from '../../../shared/schemas/record-inputs';
import { type TPolicyUser, whereReadableBranch } from '../../auth/roles';
import type { DBOrTrx } from '../database';

export interface TMemberRecord {
  id: number;
  code: string;
  name: string;
  role: TMemberRole;
  joinedOn: string;
  leftOn: string | null;
}

/** The memberships of one branch the viewer may read: current ones first, then by code. */
export async function listBranchMembers(
  db: DBOrTrx,
  { branchId, viewer }: { branchId: number; viewer: TPolicyUser },
): Promise<TMemberRecord[]> {
  const query = db
    .selectFrom('members')
    .select(['id', 'code', 'name', 'role', 'joined_on', 'left_on'])
    .where('members.branch_id', '=', branchId);
  const rows = await whereReadableBranch(query, viewer, 'members.branch_id')
    .orderBy((eb) => eb.case().when('left_on', 'is', null).then(0).else(1).end())
    .orderBy('code')
    .execute();
  return rows.map(toMemberRecord);
}

/** A membership row's columns as the API gives them (the roster adds its branch and share count). */
export function toMemberRecord(r: {
  id: number;
  code: string;
  name: string;
  role: TMemberRole;
  joined_on: string;
  left_on: string | null;
}): TMemberRecord {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    role: r.role,
    joinedOn: r.joined_on,
    leftOn: r.left_on,
  };
}

/** A member of another branch who may share at a session as a guest. */
export interface TGuestMember {
  code: string;
  name: string;
  branchCode: string;
  branchName: string;
}

/**
 * Members of branches other than `branchId`: by part of the name or code, or — `isExactCode`, for a
 * caller who may not read other branches' rolls — only the one whose code is exactly `search`.
 * One line per code (its latest membership).
 */
export async function findGuestMembers(
  db: DBOrTrx,
  {
    branchId,
    search,
    isExactCode,
    limit = 20,
  }: { branchId: number; search: string; isExactCode: boolean; limit?: number },
): Promise<TGuestMember[]> {
  let query = db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.branch_id')
    .select(['m.code', 'm.name', 'u.code as branch_code', 'u.name as branch_name', 'm.joined_on'])
    .where('m.branch_id', '!=', branchId);
  if (isExactCode) {
    query = query.where('m.code', '=', search);
  } else {
    // Part of a code or name: LIKE with its wildcards escaped, so `%` or `_` in the search match themselves.
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(
      sql<boolean>`(m.code like ${pattern} escape '\\' or m.name like ${pattern} escape '\\')`,
    );
  }
  const rows = await query
    .orderBy('m.code')
    .orderBy('m.joined_on', 'desc')
    .limit(limit * 4)
    .execute();
  const byCode = new Map<string, TGuestMember>();
  for (const r of rows) {
    if (!byCode.has(r.code)) {
      byCode.set(r.code, {
        code: r.code,
        name: r.name,
        branchCode: r.branch_code,
        branchName: r.branch_name,
      });
    }
  }
  return [...byCode.values()].slice(0, limit);
}

/** A stored membership as the audit trail records it. */
export interface TStoredMember {
  id: number;
  branch_id: number;
  branch: string;
  code: string;
  name: string;
  role: TMemberRole;
  joined_on: string;
  left_on: string | null;
}

export async function readMember(db: DBOrTrx, id: number): Promise<TStoredMember | undefined> {
  const row = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.branch_id')
    .select([
      'm.id',
      'm.branch_id',
      'u.code as branch',
      'm.code',
      'm.name',
      'm.role',
      'm.joined_on',
      'm.left_on',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
  return row && { ...row, id: Number(row.id), branch_id: Number(row.branch_id) };
}

function memberColumns(input: TMemberInput) {
  return {
    branch_id: input.branchId,
    code: input.code,
    name: input.name,
    role: input.role,
    joined_on: input.joinedOn,
    left_on: input.leftOn,
  };
}

export async function insertMember(db: DBOrTrx, input: TMemberInput): Promise<number> {
  const { id } = await db
    .insertInto('members')
    .values(memberColumns(input))
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

export async function updateMember(db: DBOrTrx, id: number, input: TMemberInput): Promise<void> {
  await db.updateTable('members').set(memberColumns(input)).where('id', '=', id).execute();
}

export async function deleteMember(db: DBOrTrx, id: number): Promise<void> {
  await db.deleteFrom('members').where('id', '=', id).execute();
}

/** Whether the branch already has a membership with this code (the natural key: code + branch). */
export async function hasMemberCode(
  db: DBOrTrx,
  { branchId, code, excludeId }: { branchId: number; code: string; excludeId?: number },
): Promise<boolean> {
  let query = db
    .selectFrom('members')
    .select('id')
    .where('branch_id', '=', branchId)
    .where('code', '=', code);
  if (excludeId !== undefined) query = query.where('id', '!=', excludeId);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * Sessions that name this code as a sharer, when no other membership keeps the code known
 * (`excludeId`: the membership being changed): the importer would then refuse them as unknown members.
 */
export async function countSharerUsesOfOnlyMembership(
  db: DBOrTrx,
  { code, excludeId }: { code: string; excludeId: number },
): Promise<number> {
  const other = await db
    .selectFrom('members')
    .select('id')
    .where('code', '=', code)
    .where('id', '!=', excludeId)
    .executeTakeFirst();
  if (other) return 0;
  const { n } = await db
    .selectFrom('activity_sharers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_code', '=', code)
    .executeTakeFirstOrThrow();
  return Number(n);
}
