import { createSession } from '../../server/auth/sessions';
import type { TAuthUser } from '../../server/auth/types';
import { addUser } from '../../server/auth/users';
import type { DBOrTrx } from '../../server/db/database';
import type { TUserRole } from '../../shared/roles';

/**
 * A real account (row in `users`) and, optionally, a session for it. Passwords are hashed with the
 * production scrypt parameters (~0.25 s each), so create the handful a test file needs once.
 */
export async function createTestUser(
  db: DBOrTrx,
  {
    username,
    role,
    branchId = null,
    password = `${username}-password`,
  }: { username: string; role: TUserRole; branchId?: number | null; password?: string },
): Promise<{ user: TAuthUser; password: string }> {
  const summary = await addUser(db, {
    username,
    displayName: `${username} 测试`,
    role,
    branchId,
    password,
    actor: { user: null, procedure: 'test' },
  });
  return {
    password,
    user: {
      id: summary.id,
      username: summary.username,
      displayName: summary.displayName,
      role: summary.role,
      branchId: summary.branchId,
      branchName: summary.branchName,
    },
  };
}

/** A session token for the user, to send as the `pbd_session` cookie. */
export async function sessionTokenFor(db: DBOrTrx, userId: number): Promise<string> {
  return (await createSession(db, userId)).token;
}
