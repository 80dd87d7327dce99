import type { Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  accountDelayMinutes,
  checkThrottle,
  markLoginSucceeded,
  reserveLoginAttempt,
  THROTTLE_POLICY,
} from '../../../server/auth/throttle';
import { addUser, login } from '../../../server/auth/users';
import type { Database } from '../../../server/db/database';
import { createTestDb } from '../../helpers/test-db';
import { CLI_ACTOR } from './auth-fixtures';

const T0 = new Date('2026-03-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const { pairMaxFailures, addressMaxFailures, accountFreeFailures } = THROTTLE_POLICY;

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

/** A reserved attempt that is never marked a success: a failed password check. */
async function fail(username: string, address: string, minute: number): Promise<number> {
  const reservation = await reserveLoginAttempt(db, { username, address, now: at(minute) });
  if (reservation.isBlocked)
    throw new Error(`unexpectedly refused: ${username} from ${address} at ${minute}`);
  return reservation.attemptId;
}

async function isBlocked(username: string, address: string, minute: number): Promise<boolean> {
  return (await checkThrottle(db, { username, address, now: at(minute) })).isBlocked;
}

describe('per account and address', () => {
  it('refuses that pair after 5 failures in 15 minutes, with the minutes to wait; other pairs go on', async () => {
    for (let i = 0; i < pairMaxFailures - 1; i++) await fail('alice', '10.0.0.1', i);
    expect(await isBlocked('alice', '10.0.0.1', 4)).toBe(false);
    await fail('ALICE', '10.0.0.1', 5);
    const blocked = await checkThrottle(db, { username: 'Alice', address: '10.0.0.1', now: at(6) });
    // The first failure (minute 0) leaves the window at minute 15: 9 minutes from minute 6.
    expect(blocked).toMatchObject({ isBlocked: true, scope: 'pair', retryAfterMinutes: 9 });
    if (!blocked.isBlocked) throw new Error('unreachable');
    expect(blocked.message.zh).toBe('登录失败次数过多，请 9 分钟后再试。');
    expect(blocked.message.en).toBe('Too many failed sign-in attempts. Please try again in 9 minutes.');
    // The same account from another address, and another account from this address, are not affected.
    expect(await isBlocked('alice', '10.9.9.9', 6)).toBe(false);
    expect(await isBlocked('bob', '10.0.0.1', 6)).toBe(false);
  });

  it('lifts when the failures leave the window', async () => {
    for (let i = 0; i < pairMaxFailures; i++) await fail('carol', '10.1.1.1', i);
    expect(await isBlocked('carol', '10.1.1.1', 14)).toBe(true);
    // At minute 15 the failure of minute 0 is out of the window: 4 remain.
    expect(await isBlocked('carol', '10.1.1.1', 15)).toBe(false);
    await fail('carol', '10.1.1.1', 15);
    expect(await checkThrottle(db, { username: 'carol', address: '10.1.1.1', now: at(15.5) })).toMatchObject({
      isBlocked: true,
      retryAfterMinutes: 1,
    });
  });

  it('a success of the pair restarts its count; the address and account counts go on', async () => {
    for (let i = 0; i < pairMaxFailures - 1; i++) await fail('dave', '10.3.3.3', i);
    await markLoginSucceeded(db, await fail('dave', '10.3.3.3', 4));
    for (let i = 0; i < pairMaxFailures - 1; i++) await fail('dave', '10.3.3.3', 5);
    expect(await isBlocked('dave', '10.3.3.3', 5)).toBe(false);
    const failures = await db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('success', '=', 0)
      .executeTakeFirstOrThrow();
    expect(Number(failures.n)).toBe(2 * (pairMaxFailures - 1));
  });
});

describe('per address over all accounts', () => {
  it('refuses the address after 30 failures in 15 minutes, whatever the accounts; other addresses go on', async () => {
    for (let i = 0; i < addressMaxFailures - 1; i++) await fail(`user${i}`, '192.168.1.7', i * 0.25);
    expect(await isBlocked('someone-else', '192.168.1.7', 8)).toBe(false);
    await fail('user-last', '192.168.1.7', 8);
    expect(
      await checkThrottle(db, { username: 'someone-else', address: '192.168.1.7', now: at(10) }),
    ).toMatchObject({ isBlocked: true, scope: 'address', retryAfterMinutes: 5 });
    expect(await isBlocked('someone-else', '192.168.1.8', 10)).toBe(false);
    expect(await isBlocked('someone-else', '192.168.1.7', 15)).toBe(false);
  });
});

describe('per account over all addresses', () => {
  it('waits 1, 2, 4, 8, then at most 15 minutes after the latest failure once 10 are in the window', () => {
    expect([9, 10, 11, 12, 13, 14, 20].map(accountDelayMinutes)).toEqual([0, 1, 2, 4, 8, 15, 15]);
  });

  it('slows the account for every address once guesses come from many', async () => {
    // Two guesses from each of five addresses: no pair and no address is near its limit.
    for (let i = 0; i < accountFreeFailures; i++) await fail('erin', `10.5.0.${i % 5}`, i * 0.1);
    const latest = (accountFreeFailures - 1) * 0.1;
    expect(
      await checkThrottle(db, { username: 'erin', address: '10.5.9.9', now: at(latest + 0.5) }),
    ).toMatchObject({ isBlocked: true, scope: 'account', retryAfterMinutes: 1 });
    expect(await isBlocked('erin', '10.5.9.9', latest + 1)).toBe(false);
    await fail('erin', '10.5.9.9', latest + 1);
    expect(
      await checkThrottle(db, { username: 'erin', address: '10.5.9.8', now: at(latest + 1) }),
    ).toMatchObject({
      scope: 'account',
      retryAfterMinutes: 2,
    });
    expect(await isBlocked('other', '10.5.9.8', latest + 1)).toBe(false);
  });

  it('bounds the guesses per account however many addresses a stranger has (13 in any 15 minutes)', async () => {
    const granted: number[] = [];
    // A fresh address for every guess, one try every 20 seconds, for 3 hours.
    for (let i = 0; i < 3 * 60 * 3; i++) {
      const minute = i / 3;
      const r = await reserveLoginAttempt(db, {
        username: 'frank',
        address: `172.16.${i >> 8}.${i & 255}`,
        now: at(minute),
      });
      if (!r.isBlocked) granted.push(minute);
    }
    const mostInAWindow = Math.max(
      ...granted.map((start) => granted.filter((m) => m >= start && m < start + 15).length),
    );
    expect(mostInAWindow).toBeLessThanOrEqual(13);
    expect(mostInAWindow).toBeGreaterThanOrEqual(accountFreeFailures);
  });

  it('a stranger hammering from one address never slows the real user at another address', async () => {
    for (let i = 0; i < 60 * 3; i++) {
      const minute = i / 3;
      await reserveLoginAttempt(db, { username: 'grace', address: '198.18.0.1', now: at(minute) });
      expect(await isBlocked('grace', '198.18.0.2', minute)).toBe(false);
    }
  });
});

describe('reservations', () => {
  it('50 parallel reservations for one pair: exactly 5 are allowed', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        reserveLoginAttempt(db, { username: 'heidi', address: '10.7.7.7', now: at(0) }),
      ),
    );
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(pairMaxFailures);
    const rows = await db.selectFrom('login_attempts').select('id').execute();
    expect(rows).toHaveLength(pairMaxFailures);
  });

  it('forgets attempts older than a day', async () => {
    await fail('ivan', '10.8.8.8', 0);
    await fail('ivan', '10.8.8.8', 24 * 60 + 1);
    expect(await db.selectFrom('login_attempts').select('at').execute()).toEqual([
      { at: at(24 * 60 + 1).toISOString() },
    ]);
  });
});

describe('login()', () => {
  it('refuses even the right password from the throttled pair, without checking or recording it', async () => {
    await addUser(db, {
      username: 'judy',
      displayName: '朱迪',
      role: 'leader',
      password: 'right-password',
      actor: CLI_ACTOR,
    });
    for (let i = 0; i < pairMaxFailures; i++) {
      const r = await login(db, {
        username: 'judy',
        password: `wrong-${i}`,
        address: '10.6.6.6',
        now: at(i),
      });
      expect(r).toMatchObject({
        ok: false,
        reason: 'invalid_credentials',
        message: { zh: '用户名或密码错误。' },
      });
    }
    const blocked = await login(db, {
      username: 'judy',
      password: 'right-password',
      address: '10.6.6.6',
      now: at(5),
    });
    expect(blocked).toMatchObject({ ok: false, reason: 'throttled', retryAfterMinutes: 10 });
    expect(await db.selectFrom('login_attempts').select('id').execute()).toHaveLength(pairMaxFailures);
    // From another address the right password works, and is recorded as a success.
    expect(
      (await login(db, { username: 'judy', password: 'right-password', address: '10.7.7.7', now: at(5) })).ok,
    ).toBe(true);
    expect(
      await db.selectFrom('login_attempts').select(['address', 'success']).where('success', '=', 1).execute(),
    ).toEqual([{ address: '10.7.7.7', success: 1 }]);
  });

  it('throttles unknown usernames like known ones', async () => {
    for (let i = 0; i < pairMaxFailures; i++) {
      expect(
        (await login(db, { username: 'nobody', password: 'whatever1', address: '10.8.8.8', now: at(i) })).ok,
      ).toBe(false);
    }
    expect(
      await login(db, { username: 'nobody', password: 'whatever1', address: '10.8.8.8', now: at(5) }),
    ).toMatchObject({ reason: 'throttled' });
  });
});
