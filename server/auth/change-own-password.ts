/**
 * A signed-in user changes their own password. Guessing the current password from a stolen
 * session is a login attempt by another name, so it goes through the same throttle: the attempt is
 * reserved before the current password is checked, and the check takes turns per address.
 */
import type { DBOrTrx } from '../db/database';
import { inTurn } from './password-turns';
import { markLoginSucceeded, reserveLoginAttempt } from './throttle';
import type { TAuditActor, TBilingualMessage } from './types';
import { changePassword, validatePassword } from './users';

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
  // A new password that is refused anyway is no guess at the current one: refuse it before reserving.
  validatePassword(input.newPassword);
  const reservation = await reserveLoginAttempt(db, {
    username: input.username,
    address: input.address,
    now,
  });
  if (reservation.isBlocked) {
    return {
      ok: false,
      reason: 'throttled',
      message: reservation.message,
      retryAfterMinutes: reservation.retryAfterMinutes,
    };
  }
  // A wrong current password throws and leaves the reservation a failure.
  await inTurn(input.address, () =>
    changePassword(db, {
      userId: input.userId,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
      keepToken: input.keepToken ?? undefined,
      actor: input.actor,
      now,
    }),
  );
  await markLoginSucceeded(db, reservation.attemptId);
  return { ok: true };
}
