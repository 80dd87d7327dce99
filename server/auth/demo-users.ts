/**
 * Demo mode only: one account per role with fixed, documented passwords, so a newcomer is in
 * with one click (the login page and start-up banner list them). Outside demo mode there is no
 * default account: the first admin is made with `npm run cli -- user add`.
 */
import type { TUserRole } from '../../shared/roles';
import { recordAudit } from '../audit/audit';
import { withTransaction } from '../audit/transaction';
import type { DBOrTrx } from '../db/database';
import { hashPassword, verifyPassword } from './password';
import { addUser } from './users';

/** The demo secretary belongs to 行政第一党支部 when the college has it. */
export const DEMO_SECRETARY_BRANCH_CODE = 'XZ01';

export interface TDemoCredential {
  username: string;
  password: string;
  role: TUserRole;
  displayName: string;
  /** The secretary's branch; null for admin and leader. */
  branchCode: string | null;
  branchName: string | null;
}

const DEMO_ACCOUNTS = [
  { username: 'admin', password: 'admin-demo', role: 'admin', displayName: '组织部（演示）' },
  { username: 'leader', password: 'leader-demo', role: 'leader', displayName: '校领导（演示）' },
  { username: 'secretary', password: 'secretary-demo', role: 'secretary', displayName: '支部书记（演示）' },
] as const satisfies readonly { username: string; password: string; role: TUserRole; displayName: string }[];

const ACTOR = { user: null, procedure: 'demo.createUsers' };

/** XZ01, or else the first active branch by code, or none (then no secretary is created). */
async function demoBranch(db: DBOrTrx): Promise<{ id: number; code: string; name: string } | undefined> {
  const preferred = await db
    .selectFrom('units')
    .select(['id', 'code', 'name'])
    .where('kind', '=', 'branch')
    .where('code', '=', DEMO_SECRETARY_BRANCH_CODE)
    .executeTakeFirst();
  if (preferred) return preferred;
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name'])
    .where('kind', '=', 'branch')
    .where('dissolved_on', 'is', null)
    .orderBy('code')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Creates the demo accounts, or puts existing ones back to their demo password, role and branch
 * (a rerun of the generator may have replaced the branches). Returns the credentials to show.
 */
export async function createDemoUsers(
  db: DBOrTrx,
  { now = new Date() }: { now?: Date } = {},
): Promise<TDemoCredential[]> {
  const branch = await demoBranch(db);
  const credentials: TDemoCredential[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const isSecretary = account.role === 'secretary';
    if (isSecretary && !branch) continue;
    const branchId = isSecretary ? (branch?.id ?? null) : null;
    const displayName = isSecretary ? `${account.displayName} · ${branch?.name}` : account.displayName;
    const existing = await db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', account.username)
      .executeTakeFirst();
    if (!existing) {
      await addUser(db, { ...account, displayName, branchId, actor: ACTOR, now });
    } else {
      const isCurrent =
        existing.role === account.role &&
        existing.branch_id === branchId &&
        existing.disabled === 0 &&
        existing.display_name === displayName &&
        (await verifyPassword(account.password, existing.password_hash));
      if (!isCurrent) {
        const after = {
          role: account.role,
          branch_id: branchId,
          display_name: displayName,
          disabled: 0,
          password_hash: await hashPassword(account.password),
          password_changed_at: now.toISOString(),
        };
        await withTransaction(db, async (trx) => {
          await trx.updateTable('users').set(after).where('id', '=', existing.id).execute();
          await recordAudit(trx, {
            ...ACTOR,
            table: 'users',
            rowKey: existing.id,
            action: 'update',
            before: existing,
            after: { ...existing, ...after },
            now,
          });
        });
      }
    }
    credentials.push({
      username: account.username,
      password: account.password,
      role: account.role,
      displayName,
      branchCode: isSecretary ? (branch?.code ?? null) : null,
      branchName: isSecretary ? (branch?.name ?? null) : null,
    });
  }
  return credentials;
}

/**
 * The demo accounts that still work as documented (exist, enabled, demo password unchanged), for a
 * restart in demo mode: the login page must not offer a button that cannot sign in.
 */
export async function workingDemoCredentials(db: DBOrTrx): Promise<TDemoCredential[]> {
  const credentials: TDemoCredential[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const row = await db
      .selectFrom('users')
      .leftJoin('units', 'units.id', 'users.branch_id')
      .select([
        'users.display_name',
        'users.role',
        'users.disabled',
        'users.password_hash',
        'units.code',
        'units.name',
      ])
      .where('users.username', '=', account.username)
      .executeTakeFirst();
    if (row?.disabled !== 0 || !(await verifyPassword(account.password, row.password_hash))) continue;
    credentials.push({
      username: account.username,
      password: account.password,
      role: row.role,
      displayName: row.display_name,
      branchCode: row.code ?? null,
      branchName: row.name ?? null,
    });
  }
  return credentials;
}
