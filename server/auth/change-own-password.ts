/**
 * A signed-in user changes their own password. Guessing the current password from a stolen
 * session is a login attempt by another name, so it goes through the same throttle.
 */
import type { DBOrTrx } from '../db/database';
import { checkThrottle, recordLoginAttempt } from './throttle';
import type { TAuditActor, TBilingualMessage } from './types';
import { changePassword, UserInputError } from './users';

export type TChangeOwnPasswordResult =
  | { ok: true }
  | { ok: false; reason: 'throttled'; message: TBilingualMessage; retryAfterMinutes: number };

export async function changeOwnPassword(
  db: DBOrTrx,
  input: {
    userId: number;
    username: string;
    address: string;
    currentPassword: string;
    newPassword: string;
    /** The current session stays; every other session of the user ends. */
    keepToken: string | null;
    actor: TAuditActor;
    now?: Date;
  },
): Promise<TChangeOwnPasswordResult> {
  const now = input.now ?? new Date();
  const throttle = await checkThrottle(db, { username: input.username, address: input.address, now });
  if (throttle.isBlocked) {
    return {
      ok: false,
      reason: 'throttled',
      message: throttle.message,
      retryAfterMinutes: throttle.retryAfterMinutes,
    };
  }
  try {
    await changePassword(db, {
      userId: input.userId,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
      keepToken: input.keepToken ?? undefined,
      actor: input.actor,
      now,
    });
  } catch (error) {
    if (error instanceof UserInputError && error.code === 'wrong_password') {
      await recordLoginAttempt(db, { username: input.username, address: input.address, success: false, now });
    }
    throw error;
  }
  return { ok: true };
}
