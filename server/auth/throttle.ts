/**
 * Login throttling (policy and numbers in server/auth/README.md). Three counts of failed password
 * checks in a sliding window:
 * - per account and address: a few, then that pair waits — a stranger's guesses lock only the stranger;
 * - per address over all accounts: more, then that address waits — one host cannot spray many accounts;
 * - per account over all addresses: after a free allowance every further check waits a delay that
 *   doubles with each failure — total guesses per account stay bounded without a lock-out that one
 *   stranger can trigger for everyone.
 *
 * An attempt is reserved (a row, counted as a failure) in the same write transaction as the check,
 * before the password is verified, and marked a success afterwards if it was one. So parallel requests
 * can never get more password checks than the counts allow. Refused attempts are not recorded, so a
 * wait ends a fixed time after the failures that caused it.
 */
import type { DBOrTrx } from '../db/database';
import { retryWhileBusy } from '../db/write-window';
import type { TBilingualMessage } from './types';

export const THROTTLE_POLICY = {
  windowMinutes: 15,
  /** Failed checks of one account from one address; a success of that pair starts its count again. */
  pairMaxFailures: 5,
  /** Failed checks from one address over all accounts (successes do not reset it). */
  addressMaxFailures: 30,
  /** Failed checks of one account from all addresses before the account slows down. */
  accountFreeFailures: 10,
  /** Then each check waits 1, 2, 4, 8 … minutes after the account's latest failure, at most this. */
  accountMaxDelayMinutes: 15,
} as const;

/** Attempts older than this are useless to the throttle and are deleted when new ones are reserved. */
const RETENTION_MS = 24 * 60 * 60_000;
const MINUTE_MS = 60_000;

export type TThrottleScope = 'pair' | 'address' | 'account';

export type TThrottleBlock = {
  isBlocked: true;
  scope: TThrottleScope;
  retryAfterMinutes: number;
  message: TBilingualMessage;
};
export type TThrottleResult = { isBlocked: false } | TThrottleBlock;
/** An allowed attempt carries the id of its reserved row, for `markLoginSucceeded`. */
export type TReservation = { isBlocked: false; attemptId: number } | TThrottleBlock;

/** Usernames are case-insensitive; the throttle must count `Admin` and `admin` together. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase().slice(0, 64);
}

/** As stored (the column holds 64 characters): checks and rows must use the same key. */
function normalizeAddress(address: string): string {
  return address.slice(0, 64);
}

export function throttleMessage(retryAfterMinutes: number): TBilingualMessage {
  return {
    zh: `登录失败次数过多，请 ${retryAfterMinutes} 分钟后再试。`,
    en: `Too many failed sign-in attempts. Please try again in ${retryAfterMinutes} minute${retryAfterMinutes === 1 ? '' : 's'}.`,
  };
}

/** The wait the account imposes after `failures` failed checks in the window (0 below the free allowance). */
export function accountDelayMinutes(failures: number): number {
  const { accountFreeFailures, accountMaxDelayMinutes } = THROTTLE_POLICY;
  if (failures < accountFreeFailures) return 0;
  return Math.min(2 ** (failures - accountFreeFailures), accountMaxDelayMinutes);
}

/**
 * The time of the `limit`-th most recent failure in the window, if there are that many: the wait
 * ends when that failure leaves the window. For a pair, only failures after its last success count.
 */
async function limitReachedAt(
  db: DBOrTrx,
  { username, address, since, limit }: { username?: string; address: string; since: string; limit: number },
): Promise<string | undefined> {
  let query = db
    .selectFrom('login_attempts')
    .select('at')
    .where('address', '=', address)
    .where('success', '=', 0)
    .where('at', '>', since);
  if (username !== undefined) {
    query = query.where('username', '=', username).where(({ eb, selectFrom }) =>
      eb(
        'id',
        '>',
        selectFrom('login_attempts as s')
          .select(({ fn }) => fn.coalesce(fn.max('s.id'), eb.val(0)).as('last'))
          .where('s.username', '=', username)
          .where('s.address', '=', address)
          .where('s.success', '=', 1),
      ),
    );
  }
  const row = await query
    .orderBy('at', 'desc')
    .limit(1)
    .offset(limit - 1)
    .executeTakeFirst();
  return row?.at;
}

/** When the account's progressive delay ends, if it has one now. */
async function accountWaitUntil(db: DBOrTrx, username: string, since: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('login_attempts')
    .select(({ fn }) => [fn.countAll<number>().as('failures'), fn.max('at').as('latest')])
    .where('username', '=', username)
    .where('success', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  const delay = accountDelayMinutes(Number(row.failures));
  return delay > 0 && row.latest ? Date.parse(row.latest) + delay * MINUTE_MS : undefined;
}

/** Whether a password check for this account from this address is allowed now; if not, the longest wait. */
export async function checkThrottle(
  db: DBOrTrx,
  { username, address, now = new Date() }: { username: string; address: string; now?: Date },
): Promise<TThrottleResult> {
  const account = normalizeUsername(username);
  const from = normalizeAddress(address);
  const windowMs = THROTTLE_POLICY.windowMinutes * MINUTE_MS;
  const since = new Date(now.getTime() - windowMs).toISOString();
  const endOfWindow = (at: string | undefined) => (at === undefined ? undefined : Date.parse(at) + windowMs);
  const waits: [TThrottleScope, number | undefined][] = [
    [
      'pair',
      endOfWindow(
        await limitReachedAt(db, {
          username: account,
          address: from,
          since,
          limit: THROTTLE_POLICY.pairMaxFailures,
        }),
      ),
    ],
    [
      'address',
      endOfWindow(
        await limitReachedAt(db, { address: from, since, limit: THROTTLE_POLICY.addressMaxFailures }),
      ),
    ],
    ['account', await accountWaitUntil(db, account, since)],
  ];
  let longest: [TThrottleScope, number] | undefined;
  for (const [scope, until] of waits) {
    if (until !== undefined && until > now.getTime() && (!longest || until > longest[1]))
      longest = [scope, until];
  }
  if (!longest) return { isBlocked: false };
  const retryAfterMinutes = Math.max(1, Math.ceil((longest[1] - now.getTime()) / MINUTE_MS));
  return {
    isBlocked: true,
    scope: longest[0],
    retryAfterMinutes,
    message: throttleMessage(retryAfterMinutes),
  };
}

/**
 * Runs `fn` in a write transaction taken before its first read (BEGIN IMMEDIATE), so the check and
 * the reservation cannot interleave with another request's — in this process (Kysely holds the one
 * connection) or another one on the same file. Joins the caller's transaction if `db` is one.
 */
async function inWriteTransaction<T>(db: DBOrTrx, fn: (trx: DBOrTrx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  // Every transaction begins immediate (db/connection.ts). A sign-in during an import waits for it (on a
  // timer, the thread keeps serving) instead of failing.
  return retryWhileBusy(() => db.transaction().execute(fn));
}

/**
 * Checks the throttle and, if allowed, records the attempt as a failure in the same transaction —
 * before the password is verified. Call `markLoginSucceeded` when it turns out right.
 */
export async function reserveLoginAttempt(
  db: DBOrTrx,
  { username, address, now = new Date() }: { username: string; address: string; now?: Date },
): Promise<TReservation> {
  return inWriteTransaction(db, async (trx) => {
    const throttle = await checkThrottle(trx, { username, address, now });
    if (throttle.isBlocked) return throttle;
    const { id } = await trx
      .insertInto('login_attempts')
      .values({
        username: normalizeUsername(username),
        address: normalizeAddress(address),
        at: now.toISOString(),
        success: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .deleteFrom('login_attempts')
      .where('at', '<', new Date(now.getTime() - RETENTION_MS).toISOString())
      .execute();
    return { isBlocked: false, attemptId: id };
  });
}

/** The reserved attempt had the right password: it stops counting as a failure (and resets its pair). */
export async function markLoginSucceeded(db: DBOrTrx, attemptId: number): Promise<void> {
  await retryWhileBusy(() =>
    db.updateTable('login_attempts').set({ success: 1 }).where('id', '=', attemptId).execute(),
  );
}
