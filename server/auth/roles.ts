/**
 * What each role may do (domain.md "Who uses it"), as pure functions of the user.
 * The tRPC middleware uses ACCESS to gate procedures; query functions use the branch scopes
 * below so that the rows themselves are narrowed, not just the screens.
 *
 *   admin      reads and changes everything (units, members, data, goals, weights, users, audit)
 *   leader     reads everything, changes nothing
 *   secretary  reads and edits its own branch's members, activities, achievements;
 *              other branches only as aggregates (name, index, rank) — never member names or records
 */
import {
  type DeleteQueryBuilder,
  type ReferenceExpression,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
  type UpdateQueryBuilder,
} from 'kysely';
import { type TUserRole, USER_ROLES } from '../../shared/roles';
import type { TAuthUser } from './types';

/** The fields the policy looks at; accepts a full TAuthUser. */
export type TPolicyUser = Pick<TAuthUser, 'role' | 'branchId'>;

/**
 * Who may call a procedure. Every procedure names one of these; `public` is only for auth.login
 * and similar. `signedIn` includes every role.
 */
export const ACCESS = {
  public: null,
  signedIn: USER_ROLES.keys,
  /** Reads across all branches, including member-level data (admin, leader). */
  readAll: ['admin', 'leader'],
  /** Writes to branch data; the procedure must still check canEditBranch for the row's branch. */
  branchEditor: ['admin', 'secretary'],
  admin: ['admin'],
} as const satisfies Record<string, readonly TUserRole[] | null>;
export type TAccessLevel = keyof typeof ACCESS;

/** Whether a user (null = anonymous) passes an access level. */
export function isAllowed(level: TAccessLevel, user: TPolicyUser | null): boolean {
  const roles = ACCESS[level];
  if (roles === null) return true;
  return user !== null && (roles as readonly TUserRole[]).includes(user.role);
}

/** Member names, activity and achievement records of this branch. */
export function canReadMemberData(user: TPolicyUser, branchId: number): boolean {
  if (user.role === 'admin' || user.role === 'leader') return true;
  return user.role === 'secretary' && user.branchId !== null && user.branchId === branchId;
}

/** Create, update, delete members, activities and achievements of this branch. */
export function canEditBranch(user: TPolicyUser, branchId: number): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'secretary' && user.branchId !== null && user.branchId === branchId;
}

/** Organisation structure, goals, weights, imports, users, audit trail: the organization department only. */
export function canManageOrganisation(user: TPolicyUser): boolean {
  return user.role === 'admin';
}

/** The branches whose member-level data the user may read: 'all', or a list (empty = none). */
export function readableBranchIds(user: TPolicyUser): 'all' | number[] {
  if (user.role === 'admin' || user.role === 'leader') return 'all';
  return user.role === 'secretary' && user.branchId !== null ? [user.branchId] : [];
}

/** The branches whose data the user may change: 'all', or a list (empty = none). */
export function editableBranchIds(user: TPolicyUser): 'all' | number[] {
  if (user.role === 'admin') return 'all';
  return user.role === 'secretary' && user.branchId !== null ? [user.branchId] : [];
}

/** The query builders a branch scope can narrow; they share `where(ref, 'in', values)`. */
type TScopableQuery<DB, TB extends keyof DB> =
  | SelectQueryBuilder<DB, TB, unknown>
  | UpdateQueryBuilder<DB, keyof DB, TB, unknown>
  | DeleteQueryBuilder<DB, TB, unknown>;

function narrowToBranches<DB, TB extends keyof DB, QB extends TScopableQuery<DB, TB>>(
  query: QB,
  ids: 'all' | number[],
  column: ReferenceExpression<DB, TB>,
): QB {
  if (ids === 'all') return query;
  // The three builders have the same where(); TypeScript cannot call it through the union.
  const where = (query as unknown as { where(...args: unknown[]): QB }).where.bind(query);
  // An empty IN () is not valid SQL everywhere; a false condition is.
  return ids.length === 0 ? where(sql<SqlBool>`1 = 0`) : where(column, 'in', ids);
}

/**
 * Narrows a query to rows of branches whose member-level data the user may read (admin and
 * leader: unchanged; secretary: its own branch; anyone else: nothing). Row scoping, so a
 * forgotten check in a procedure still cannot return another branch's records:
 *   whereReadableBranch(db.selectFrom('activities').selectAll(), user, 'activities.branch_id')
 */
export function whereReadableBranch<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  user: TPolicyUser,
  column: ReferenceExpression<DB, TB>,
): SelectQueryBuilder<DB, TB, O>;
export function whereReadableBranch<DB, UT extends keyof DB, TB extends keyof DB, O>(
  query: UpdateQueryBuilder<DB, UT, TB, O>,
  user: TPolicyUser,
  column: ReferenceExpression<DB, TB>,
): UpdateQueryBuilder<DB, UT, TB, O>;
export function whereReadableBranch<DB, TB extends keyof DB, O>(
  query: DeleteQueryBuilder<DB, TB, O>,
  user: TPolicyUser,
  column: ReferenceExpression<DB, TB>,
): DeleteQueryBuilder<DB, TB, O>;
export function whereReadableBranch<DB, TB extends keyof DB>(
  query: TScopableQuery<DB, TB>,
  user: TPolicyUser,
  column: ReferenceExpression<DB, TB>,
) {
  return narrowToBranches(query, readableBranchIds(user), column);
}

/** Like whereReadableBranch, for the branches the user may change (leader: none). */
export function whereEditableBranch<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  user: TPolicyUser,
  column: ReferenceExpression<DB, TB>,
): SelectQueryBuilder<DB, TB, O>;
export function whereEditableBranch<DB, UT extends keyof DB, TB extends keyof DB, O>(
  query: UpdateQueryBuilder<DB, UT, TB, O>,
  user: TPolicyUser,
  column: ReferenceExpression<DB, TB>,
): UpdateQueryBuilder<DB, UT, TB, O>;
export function whereEditableBranch<DB, TB extends keyof DB, O>(
  query: DeleteQueryBuilder<DB, TB, O>,
  user: TPolicyUser,
  column: ReferenceExpression<DB, TB>,
): DeleteQueryBuilder<DB, TB, O>;
export function whereEditableBranch<DB, TB extends keyof DB>(
  query: TScopableQuery<DB, TB>,
  user: TPolicyUser,
  column: ReferenceExpression<DB, TB>,
) {
  return narrowToBranches(query, editableBranchIds(user), column);
}
