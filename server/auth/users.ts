/**
 * Accounts: add, list, reset / change password, disable, and login. Every change is written
 * with its audit row in one transaction. Expected failures throw AppError (BAD_REQUEST, NOT_FOUND for
 * an unknown user, CONFLICT for a taken username or the last admin) with a Chinese / English message.
 */

import { AppError } from '../../shared/app-error';
import { joinList } from '../../shared/lang';
import { type TUserRole, USER_ROLES } from '../../shared/roles';
import { recordAudit } from '../audit/audit';
import { withTransaction } from '../audit/transaction';
import type { DBOrTrx } from '../db/database';
import type { UserRow } from '../db/tables/auth.table';
import { hashPassword, needsRehash, UNMATCHABLE_HASH, verifyPassword } from './password';
import { inTurn } from './password-turns';
import { createSession, destroyOtherSessions, type TSessionOptions } from './sessions';
import { markLoginSucceeded, normalizeUsername, reserveLoginAttempt } from './throttle';
import type { TAuditActor, TAuthUser, TBilingualMessage } from './types';

export const MIN_PASSWORD_LENGTH = 8;
/** scrypt hashes any length, but an unbounded password is a cheap way to burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,31}$/;

/** An account as listed for admins (no password hash). */
export interface TUserSummary {
  id: number;
  username: string;
  displayName: string;
  role: TUserRole;
  branchId: number | null;
  branchCode: string | null;
  branchName: string | null;
  isDisabled: boolean;
  createdAt: string;
  passwordChangedAt: string;
}

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('BAD_REQUEST', {
      zh: `密码太短：至少 ${MIN_PASSWORD_LENGTH} 个字符。`,
      en: `Password too short: at least ${MIN_PASSWORD_LENGTH} characters.`,
    });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('BAD_REQUEST', {
      zh: `密码太长：最多 ${MAX_PASSWORD_LENGTH} 个字符。`,
      en: `Password too long: at most ${MAX_PASSWORD_LENGTH} characters.`,
    });
  }
}

/** A branch (kind 'branch') by its code, for `--branch XZ01`. */
export async function findBranchByCode(
  db: DBOrTrx,
  code: string,
): Promise<{ id: number; code: string; name: string } | undefined> {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name'])
    .where('code', '=', code.trim())
    .where('kind', '=', 'branch')
    .executeTakeFirst();
}

function baseUserQuery(db: DBOrTrx) {
  return db
    .selectFrom('users')
    .leftJoin('units', 'units.id', 'users.branch_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name as displayName',
      'users.role',
      'users.branch_id as branchId',
      'units.code as branchCode',
      'units.name as branchName',
      'users.disabled',
      'users.created_at as createdAt',
      'users.password_changed_at as passwordChangedAt',
    ]);
}

type TBaseUserRow = Awaited<ReturnType<ReturnType<typeof baseUserQuery>['executeTakeFirstOrThrow']>>;

function toSummary({ disabled, ...row }: TBaseUserRow): TUserSummary {
  return {
    ...row,
    branchCode: row.branchCode ?? null,
    branchName: row.branchName ?? null,
    isDisabled: disabled === 1,
  };
}

export async function listUsers(db: DBOrTrx): Promise<TUserSummary[]> {
  const rows = await baseUserQuery(db).orderBy('users.username').execute();
  return rows.map(toSummary);
}

export async function findUser(db: DBOrTrx, username: string): Promise<TUserSummary | undefined> {
  const row = await baseUserQuery(db)
    .where('users.username', '=', normalizeUsername(username))
    .executeTakeFirst();
  return row && toSummary(row);
}

async function requireUserRow(db: DBOrTrx, where: { username: string } | { id: number }): Promise<UserRow> {
  const query = db.selectFrom('users').selectAll();
  const row = await ('id' in where
    ? query.where('id', '=', where.id)
    : query.where('username', '=', normalizeUsername(where.username))
  ).executeTakeFirst();
  if (!row) {
    const name = 'id' in where ? `#${where.id}` : where.username;
    throw new AppError('NOT_FOUND', { zh: `用户不存在：${name}`, en: `No such user: ${name}` });
  }
  return row;
}

function checkDisplayName(name: string): string {
  const displayName = name.trim();
  if (displayName.length === 0 || displayName.length > 100) {
    throw new AppError('BAD_REQUEST', {
      zh: '姓名不能为空，最多 100 个字符。',
      en: 'Name is required, at most 100 characters.',
    });
  }
  return displayName;
}

/** A role (key or Chinese label) and its branch: a secretary needs one, other roles have none. */
function checkRoleAndBranch(
  roleText: string,
  branch: number | null | undefined,
): { role: TUserRole; branchId: number | null } {
  const role = USER_ROLES.parse(roleText);
  if (!role) {
    const known = joinList(
      USER_ROLES.entries.map((e) => `${e.key}（${e.zh}）`),
      'zh',
    );
    throw new AppError('BAD_REQUEST', {
      zh: `未知角色：“${roleText}”。可选：${known}。`,
      en: `Unknown role "${roleText}". Use one of: ${joinList(USER_ROLES.keys, 'en')}.`,
    });
  }
  const branchId = branch ?? null;
  if (role === 'secretary' && branchId === null) {
    throw new AppError('BAD_REQUEST', {
      zh: '支部书记必须指定所属支部（支部编码）。',
      en: 'A secretary needs a branch (branch code).',
    });
  }
  if (role !== 'secretary' && branchId !== null) {
    throw new AppError('BAD_REQUEST', {
      zh: '只有支部书记账号需要指定支部；组织部和校领导账号不属于某个支部。',
      en: 'Only secretaries belong to a branch; admin and leader accounts do not.',
    });
  }
  return { role, branchId };
}

async function assertBranchExists(trx: DBOrTrx, branchId: number | null): Promise<void> {
  if (branchId === null) return;
  const branch = await trx
    .selectFrom('units')
    .select('id')
    .where('id', '=', branchId)
    .where('kind', '=', 'branch')
    .executeTakeFirst();
  if (!branch) {
    throw new AppError('BAD_REQUEST', { zh: `支部不存在：#${branchId}`, en: `No such branch: #${branchId}` });
  }
}

const ADMIN_LEAVING = {
  disable: {
    self: {
      zh: '不能停用自己的账号，请由另一位组织部账号操作。',
      en: 'You cannot disable your own account; ask another admin.',
    },
    last: {
      zh: '不能停用最后一个启用的组织部（管理员）账号。',
      en: 'Cannot disable the last enabled admin account.',
    },
  },
  demote: {
    self: {
      zh: '不能取消自己的组织部角色，请由另一位组织部账号操作。',
      en: 'You cannot take the admin role from your own account; ask another admin.',
    },
    last: {
      zh: '不能取消最后一个启用的组织部（管理员）账号的角色。',
      en: 'Cannot take the admin role from the last enabled admin account.',
    },
  },
} satisfies Record<string, Record<'self' | 'last', TBilingualMessage>>;

/**
 * An enabled admin account stops being one (disabled, or given another role): refused for the acting
 * admin's own account — nobody locks themselves out of account administration — and for the last one.
 */
async function assertAdminMayLeave(
  trx: DBOrTrx,
  user: UserRow,
  actor: TAuditActor,
  how: keyof typeof ADMIN_LEAVING,
): Promise<void> {
  if (actor.user?.id === user.id) throw new AppError('CONFLICT', ADMIN_LEAVING[how].self);
  if (user.role !== 'admin' || user.disabled !== 0) return;
  const { count } = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  if (Number(count) <= 1) throw new AppError('CONFLICT', ADMIN_LEAVING[how].last);
}

export interface TAddUserInput {
  username: string;
  displayName: string;
  /** A role key; Chinese labels are accepted too (`支部书记`). */
  role: string;
  /** Required for a secretary, refused for other roles. */
  branchId?: number | null;
  password: string;
  actor: TAuditActor;
  now?: Date;
}

export async function addUser(db: DBOrTrx, input: TAddUserInput): Promise<TUserSummary> {
  const username = normalizeUsername(input.username);
  if (!USERNAME_PATTERN.test(username)) {
    throw new AppError('BAD_REQUEST', {
      zh: `用户名无效：“${input.username}”。请用 2–32 位小写字母、数字、点、下划线或连字符，以字母或数字开头。`,
      en: `Invalid username "${input.username}": use 2–32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.`,
    });
  }
  const displayName = checkDisplayName(input.displayName);
  const { role, branchId } = checkRoleAndBranch(input.role, input.branchId);
  validatePassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const now = (input.now ?? new Date()).toISOString();

  return withTransaction(db, async (trx) => {
    await assertBranchExists(trx, branchId);
    const existing = await trx
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (existing) {
      throw new AppError('CONFLICT', {
        zh: `用户名已存在：${username}`,
        en: `Username already exists: ${username}`,
      });
    }
    const values = {
      username,
      display_name: displayName,
      role,
      branch_id: branchId,
      password_hash: passwordHash,
      disabled: 0,
      created_at: now,
      password_changed_at: now,
    };
    const { id } = await trx.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...input.actor,
      table: 'users',
      rowKey: id,
      action: 'insert',
      after: { id, ...values },
      now: input.now,
    });
    return toSummary(await baseUserQuery(trx).where('users.id', '=', id).executeTakeFirstOrThrow());
  });
}

async function setPassword(
  trx: DBOrTrx,
  user: UserRow,
  newPassword: string,
  actor: TAuditActor,
  now: Date,
): Promise<void> {
  const after = { password_hash: await hashPassword(newPassword), password_changed_at: now.toISOString() };
  await trx.updateTable('users').set(after).where('id', '=', user.id).execute();
  await recordAudit(trx, {
    ...actor,
    table: 'users',
    rowKey: user.id,
    action: 'update',
    before: user,
    after: { ...user, ...after },
    now,
  });
}

/** Admin / CLI: sets a new password and ends every session of that user. */
export async function resetPassword(
  db: DBOrTrx,
  input: { username: string; newPassword: string; actor: TAuditActor; now?: Date },
): Promise<void> {
  validatePassword(input.newPassword);
  const now = input.now ?? new Date();
  await withTransaction(db, async (trx) => {
    const user = await requireUserRow(trx, { username: input.username });
    await setPassword(trx, user, input.newPassword, input.actor, now);
    await destroyOtherSessions(trx, user.id);
  });
}

/** The user changes their own password: checks the current one, keeps only the current session. */
export async function changePassword(
  db: DBOrTrx,
  input: {
    userId: number;
    currentPassword: string;
    newPassword: string;
    keepToken?: string;
    actor: TAuditActor;
    now?: Date;
  },
): Promise<void> {
  validatePassword(input.newPassword);
  const now = input.now ?? new Date();
  const user = await requireUserRow(db, { id: input.userId });
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('BAD_REQUEST', { zh: '当前密码不正确。', en: 'The current password is wrong.' });
  }
  await withTransaction(db, async (trx) => {
    await setPassword(trx, user, input.newPassword, input.actor, now);
    await destroyOtherSessions(trx, user.id, input.keepToken);
  });
}

/** Disables (ends all sessions) or re-enables an account. The last enabled admin cannot be disabled. */
export async function setUserDisabled(
  db: DBOrTrx,
  input: { username: string; disabled: boolean; actor: TAuditActor; now?: Date },
): Promise<void> {
  await withTransaction(db, async (trx) => {
    const user = await requireUserRow(trx, { username: input.username });
    if (input.disabled && user.disabled === 0) {
      await assertAdminMayLeave(trx, user, input.actor, 'disable');
    }
    const disabled = input.disabled ? 1 : 0;
    await trx.updateTable('users').set({ disabled }).where('id', '=', user.id).execute();
    await recordAudit(trx, {
      ...input.actor,
      table: 'users',
      rowKey: user.id,
      action: 'update',
      before: { disabled: user.disabled },
      after: { disabled },
      now: input.now,
    });
    if (input.disabled) await destroyOtherSessions(trx, user.id);
  });
}

/**
 * Admin: a user's name, role and branch (the same rules as `addUser`). Taking the admin role from the
 * last enabled admin, or from oneself, is refused. A changed role or branch ends the user's sessions,
 * so what they may see changes at once.
 */
export async function updateUser(
  db: DBOrTrx,
  input: {
    username: string;
    displayName: string;
    role: string;
    branchId?: number | null;
    actor: TAuditActor;
    now?: Date;
  },
): Promise<TUserSummary> {
  const displayName = checkDisplayName(input.displayName);
  const { role, branchId } = checkRoleAndBranch(input.role, input.branchId);
  return withTransaction(db, async (trx) => {
    const user = await requireUserRow(trx, { username: input.username });
    await assertBranchExists(trx, branchId);
    if (user.role === 'admin' && role !== 'admin') {
      await assertAdminMayLeave(trx, user, input.actor, 'demote');
    }
    const after = { display_name: displayName, role, branch_id: branchId };
    await trx.updateTable('users').set(after).where('id', '=', user.id).execute();
    await recordAudit(trx, {
      ...input.actor,
      table: 'users',
      rowKey: user.id,
      action: 'update',
      before: { display_name: user.display_name, role: user.role, branch_id: user.branch_id },
      after,
      now: input.now,
    });
    if (role !== user.role || branchId !== user.branch_id) await destroyOtherSessions(trx, user.id);
    return toSummary(await baseUserQuery(trx).where('users.id', '=', user.id).executeTakeFirstOrThrow());
  });
}

export type TLoginFailureReason = 'invalid_credentials' | 'throttled' | 'disabled';

export type TLoginResult =
  | { ok: true; user: TAuthUser; token: string; expiresAt: string }
  | { ok: false; reason: TLoginFailureReason; message: TBilingualMessage; retryAfterMinutes?: number };

const INVALID_CREDENTIALS: TBilingualMessage = {
  zh: '用户名或密码错误。',
  en: 'Wrong username or password.',
};
const DISABLED: TBilingualMessage = {
  zh: '该账号已停用，请联系组织部。',
  en: 'This account is disabled. Please contact the organization department.',
};

/**
 * Reserves the attempt with the throttle, then checks the password (taking turns with the same
 * address's other checks); on success opens a session. Unknown usernames cost the same scrypt as
 * wrong passwords. The reserved attempt counts as a failure unless it is marked a success here.
 */
export async function login(
  db: DBOrTrx,
  input: { username: string; password: string; address: string; now?: Date; idleMinutes?: number },
): Promise<TLoginResult> {
  const now = input.now ?? new Date();
  const username = normalizeUsername(input.username);
  const reservation = await reserveLoginAttempt(db, { username, address: input.address, now });
  if (reservation.isBlocked) {
    return {
      ok: false,
      reason: 'throttled',
      message: reservation.message,
      retryAfterMinutes: reservation.retryAfterMinutes,
    };
  }
  const isPlausible = username.length > 0 && input.password.length <= MAX_PASSWORD_LENGTH;
  const user = isPlausible
    ? await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
    : undefined;
  const isMatch = await inTurn(input.address, () =>
    verifyPassword(isPlausible ? input.password : '', user?.password_hash ?? UNMATCHABLE_HASH),
  );
  if (user && isMatch && user.disabled === 0) await markLoginSucceeded(db, reservation.attemptId);
  if (!user || !isMatch) return { ok: false, reason: 'invalid_credentials', message: INVALID_CREDENTIALS };
  if (user.disabled !== 0) return { ok: false, reason: 'disabled', message: DISABLED };

  if (needsRehash(user.password_hash)) {
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(input.password) })
      .where('id', '=', user.id)
      .execute();
  }
  const sessionOptions: TSessionOptions = { now, idleMinutes: input.idleMinutes };
  const session = await createSession(db, user.id, sessionOptions);
  const branch =
    user.branch_id === null
      ? undefined
      : await db.selectFrom('units').select('name').where('id', '=', user.branch_id).executeTakeFirst();
  return {
    ok: true,
    token: session.token,
    expiresAt: session.expiresAt,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role,
      branchId: user.branch_id,
      branchName: branch?.name ?? null,
    },
  };
}
