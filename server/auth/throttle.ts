/**
 * Login throttling: at most MAX_FAILURES failed sign-ins per username and per client address
 * within WINDOW_MINUTES. The username counter restarts after a successful sign-in of that
 * username; the address counter does not (else one valid account would unlock guessing others).
 * Refused attempts are not recorded, so the lock ends a fixed time after the failures that caused it.
 */
import type { DBOrTrx } from '../db/database';
import type { TBilingualMessage } from './types';

export const THROTTLE_MAX_FAILURES = 5;
export const THROTTLE_WINDOW_MINUTES = 15;
/** Attempts older than this are useless to the throttle and are deleted when new ones are recorded. */
const RETENTION_MS = 24 * 60 * 60_000;

export type TThrottleResult =
  | { isBlocked: false }
  | { isBlocked: true; scope: 'username' | 'address'; retryAfterMinutes: number; message: TBilingualMessage };

/** Usernames are case-insensitive; the throttle must count `Admin` and `admin` together. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase().slice(0, 64);
}

export function throttleMessage(retryAfterMinutes: number): TBilingualMessage {
  return {
    zh: `登录失败次数过多，请 ${retryAfterMinutes} 分钟后再试。`,
    en: `Too many failed sign-in attempts. Please try again in ${retryAfterMinutes} minute${retryAfterMinutes === 1 ? '' : 's'}.`,
  };
}

/**
 * The time of the MAX_FAILURES-th most recent counted failure, if there are that many in the window:
 * the block lifts when that failure leaves the window.
 */
async function blockingFailureAt(
  db: DBOrTrx,
  column: 'username' | 'address',
  value: string,
  since: string,
): Promise<string | undefined> {
  let query = db
    .selectFrom('login_attempts')
    .select('at')
    .where(column, '=', value)
    .where('success', '=', 0)
    .where('at', '>', since);
  if (column === 'username') {
    query = query.where(({ eb, selectFrom }) =>
      eb(
        'at',
        '>',
        selectFrom('login_attempts as s')
          .select(({ fn }) => fn.coalesce(fn.max('s.at'), eb.val('')).as('last'))
          .where('s.username', '=', value)
          .where('s.success', '=', 1),
      ),
    );
  }
  const row = await query
    .orderBy('at', 'desc')
    .limit(1)
    .offset(THROTTLE_MAX_FAILURES - 1)
    .executeTakeFirst();
  return row?.at;
}

export async function checkThrottle(
  db: DBOrTrx,
  { username, address, now = new Date() }: { username: string; address: string; now?: Date },
): Promise<TThrottleResult> {
  const windowMs = THROTTLE_WINDOW_MINUTES * 60_000;
  const since = new Date(now.getTime() - windowMs).toISOString();
  for (const [scope, value] of [
    ['username', normalizeUsername(username)],
    ['address', address],
  ] as const) {
    const at = await blockingFailureAt(db, scope, value, since);
    if (at) {
      const retryAfterMinutes = Math.max(1, Math.ceil((Date.parse(at) + windowMs - now.getTime()) / 60_000));
      return { isBlocked: true, scope, retryAfterMinutes, message: throttleMessage(retryAfterMinutes) };
    }
  }
  return { isBlocked: false };
}

export async function recordLoginAttempt(
  db: DBOrTrx,
  {
    username,
    address,
    success,
    now = new Date(),
  }: { username: string; address: string; success: boolean; now?: Date },
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({
      username: normalizeUsername(username),
      address: address.slice(0, 64),
      at: now.toISOString(),
      success: success ? 1 : 0,
    })
    .execute();
  await db
    .deleteFrom('login_attempts')
    .where('at', '<', new Date(now.getTime() - RETENTION_MS).toISOString())
    .execute();
}
