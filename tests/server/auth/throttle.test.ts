import type { Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkThrottle, recordLoginAttempt, THROTTLE_MAX_FAILURES } from '../../../server/auth/throttle';
import { addUser, login } from '../../../server/auth/users';
import type { Database } from '../../../server/db/database';
import { createTestDb } from '../../helpers/test-db';
import { CLI_ACTOR } from './auth-fixtures';

const T0 = new Date('2026-03-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

async function fail(username: string, address: string, minute: number) {
  await recordLoginAttempt(db, { username, address, success: false, now: at(minute) });
}

describe('login throttle', () => {
  it('blocks a username after 5 failures in 15 minutes, from any address, with the minutes to wait', async () => {
    for (let i = 0; i < THROTTLE_MAX_FAILURES - 1; i++) await fail('alice', `10.0.0.${i}`, i);
    expect(await checkThrottle(db, { username: 'alice', address: '10.9.9.9', now: at(4) })).toEqual({
      isBlocked: false,
    });
    await fail('ALICE', '10.0.0.9', 5);
    const blocked = await checkThrottle(db, { username: 'Alice', address: '10.9.9.9', now: at(6) });
    // The first failure (minute 0) leaves the window at minute 15: 9 minutes from minute 6.
    expect(blocked).toMatchObject({ isBlocked: true, scope: 'username', retryAfterMinutes: 9 });
    if (!blocked.isBlocked) throw new Error('unreachable');
    expect(blocked.message.zh).toBe('登录失败次数过多，请 9 分钟后再试。');
    expect(blocked.message.en).toContain('9 minutes');
    // Another username from the same addresses is not affected.
    expect((await checkThrottle(db, { username: 'bob', address: '10.9.9.9', now: at(6) })).isBlocked).toBe(
      false,
    );
  });

  it('blocks an address after 5 failures in 15 minutes, whatever the usernames', async () => {
    for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) await fail(`user${i}`, '192.168.1.7', i * 2);
    const blocked = await checkThrottle(db, {
      username: 'someone-else',
      address: '192.168.1.7',
      now: at(10),
    });
    expect(blocked).toMatchObject({ isBlocked: true, scope: 'address', retryAfterMinutes: 5 });
    expect(
      (await checkThrottle(db, { username: 'someone-else', address: '192.168.1.8', now: at(10) })).isBlocked,
    ).toBe(false);
  });

  it('lifts the block when the failures leave the window', async () => {
    for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) await fail('carol', '10.1.1.1', i);
    expect((await checkThrottle(db, { username: 'carol', address: '10.2.2.2', now: at(14) })).isBlocked).toBe(
      true,
    );
    // At minute 15 the failure of minute 0 is out of the window: 4 remain.
    expect((await checkThrottle(db, { username: 'carol', address: '10.2.2.2', now: at(15) })).isBlocked).toBe(
      false,
    );
    expect((await checkThrottle(db, { username: 'other', address: '10.1.1.1', now: at(15) })).isBlocked).toBe(
      false,
    );
    // One more failure brings it back to 5 in the window.
    await fail('carol', '10.1.1.1', 15);
    expect(await checkThrottle(db, { username: 'carol', address: '10.2.2.2', now: at(15.5) })).toMatchObject({
      isBlocked: true,
      retryAfterMinutes: 1,
    });
  });

  it('a successful sign-in restarts the username counter but not the address counter', async () => {
    for (let i = 0; i < 4; i++) await fail('dave', '10.3.3.3', i);
    await recordLoginAttempt(db, { username: 'dave', address: '10.3.3.3', success: true, now: at(4) });
    await fail('dave', '10.4.4.4', 5);
    expect((await checkThrottle(db, { username: 'dave', address: '10.5.5.5', now: at(6) })).isBlocked).toBe(
      false,
    );
    await fail('eve', '10.3.3.3', 6);
    expect(await checkThrottle(db, { username: 'frank', address: '10.3.3.3', now: at(7) })).toMatchObject({
      isBlocked: true,
      scope: 'address',
    });
  });

  it('login refuses even the right password while blocked, without checking or recording it', async () => {
    await addUser(db, {
      username: 'grace',
      displayName: '格蕾丝',
      role: 'leader',
      password: 'right-password',
      actor: CLI_ACTOR,
    });
    for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) {
      const r = await login(db, {
        username: 'grace',
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
      username: 'grace',
      password: 'right-password',
      address: '10.7.7.7',
      now: at(5),
    });
    expect(blocked).toMatchObject({ ok: false, reason: 'throttled', retryAfterMinutes: 10 });
    const attempts = await db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(attempts.n)).toBe(THROTTLE_MAX_FAILURES);
    expect(
      (await login(db, { username: 'grace', password: 'right-password', address: '10.7.7.7', now: at(15) }))
        .ok,
    ).toBe(true);
  });

  it('unknown usernames are throttled like known ones', async () => {
    for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) {
      expect(
        (await login(db, { username: 'nobody', password: 'whatever1', address: `10.8.8.${i}`, now: at(i) }))
          .ok,
      ).toBe(false);
    }
    expect(
      await login(db, { username: 'nobody', password: 'whatever1', address: '10.8.9.9', now: at(5) }),
    ).toMatchObject({
      reason: 'throttled',
    });
  });
});
