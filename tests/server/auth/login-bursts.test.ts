/**
 * Sign-in under parallel load and from shared or forwarded addresses: a burst can never buy more
 * password checks than the throttle allows, a stranger cannot lock the real user out, one address
 * (a NAT) is not one person, and behind a proxy the address is the hop our proxy added.
 * Password checks are counted (the real scrypt runs), so nothing here asserts on wall time.
 */
import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientAddress, createContextInner, detachedSession } from '../../../server/context';
import type { Database } from '../../../server/db/database';
import type { AppServer } from '../../../server/http/app-server';
import { createCaller } from '../../../server/routers/_app';
import type { TLang } from '../../../shared/lang';
import { closeTestApp, startTestApp } from '../../helpers/app-server';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';

/** Every password check (verifyPassword) that starts and ends, with the password it checked. */
const checks = vi.hoisted(() => ({ started: 0, finished: [] as string[] }));
vi.mock('../../../server/auth/password', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../server/auth/password')>();
  return {
    ...actual,
    verifyPassword: async (password: string, encoded: string) => {
      checks.started++;
      try {
        return await actual.verifyPassword(password, encoded);
      } finally {
        checks.finished.push(password);
      }
    },
  };
});

/** scrypt runs for real (~0.25 s, seconds on a busy machine): generous timeouts, nothing timed. */
const SLOW = { timeout: 180_000 };

/** The pair limit of server/auth/README.md: failed checks per account and address in 15 minutes. */
const PAIR_LIMIT = 5;
const THROTTLED = /^登录失败次数过多，请 1[45] 分钟后再试。$/;

let db: Kysely<Database>;
let app: AppServer;
let base: string;

beforeAll(async () => {
  db = await createTestDb();
  for (const [username, role] of [
    ['wang', 'admin'],
    ['li', 'leader'],
    ['zhang', 'leader'],
  ] as const) {
    await createTestUser(db, { username, role, password: `${username}-password` });
  }
  ({ app, base } = await startTestApp({ db, trustProxy: true }));
});

afterAll(async () => {
  await closeTestApp(app);
  await db.destroy();
});

beforeEach(async () => {
  await db.deleteFrom('login_attempts').execute();
  checks.started = 0;
  checks.finished = [];
});

/** An anonymous caller from `address`, as the HTTP context would build it. */
function callerAt(address: string, lang: TLang = 'zh') {
  return createCaller(createContextInner({ db, lang, session: detachedSession(null, address) }));
}

function codeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'OK';
  return result.reason instanceof TRPCError ? result.reason.code : String(result.reason);
}

function tally(results: PromiseSettledResult<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[codeOf(r)] = (counts[codeOf(r)] ?? 0) + 1;
  return counts;
}

async function httpLogin(username: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, message: body.error?.message };
}

describe('parallel bursts', SLOW, () => {
  it('39 wrong and then the right password at once: 5 checks, and the right one, coming after them, is refused', async () => {
    const caller = callerAt('198.51.100.1');
    const attempts = Array.from({ length: 40 }, (_, i) =>
      caller.auth.login({ username: 'wang', password: i === 39 ? 'wang-password' : `guess-${i}-xx` }),
    );
    const results = await Promise.allSettled(attempts);
    expect(checks.started).toBe(PAIR_LIMIT);
    expect(tally(results)).toEqual({ UNAUTHORIZED: PAIR_LIMIT, TOO_MANY_REQUESTS: 40 - PAIR_LIMIT });
    const last = results[39];
    expect(last?.status).toBe('rejected');
    expect(last?.status === 'rejected' && (last.reason as TRPCError).message).toMatch(THROTTLED);
    expect(await db.selectFrom('sessions').select('id').execute()).toEqual([]);
  });

  it('100 parallel wrong guesses over HTTP: 5 answered 401, 95 answered 429 in the caller’s language', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => httpLogin('li', `guess-${i}-xx`, { 'x-lang': 'en' })),
    );
    expect(checks.started).toBe(PAIR_LIMIT);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(PAIR_LIMIT);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(100 - PAIR_LIMIT);
    expect(refused[0]?.message).toMatch(
      /^Too many failed sign-in attempts\. Please try again in 1[45] minutes\.$/,
    );
    expect((await httpLogin('li', 'li-password')).message).toMatch(THROTTLED);
  });

  it('parallel wrong current passwords on changePassword buy no more checks than sign-in', async () => {
    const { token } = await (async () => {
      const session = detachedSession(null, '198.51.100.2');
      await createCaller(createContextInner({ db, session })).auth.login({
        username: 'zhang',
        password: 'zhang-password',
      });
      return { token: session.cookies[0] ?? null };
    })();
    const me = await db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'zhang')
      .executeTakeFirstOrThrow();
    const caller = createCaller(
      createContextInner({
        db,
        user: {
          id: me.id,
          username: me.username,
          displayName: me.display_name,
          role: me.role,
          branchId: null,
          branchName: null,
        },
        session: detachedSession(token, '198.51.100.2'),
      }),
    );
    checks.started = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        caller.auth.changePassword({ currentPassword: `guess-${i}-xx`, newPassword: 'new-password-1' }),
      ),
    );
    expect(checks.started).toBe(PAIR_LIMIT);
    expect(tally(results)).toEqual({ BAD_REQUEST: PAIR_LIMIT, TOO_MANY_REQUESTS: 20 - PAIR_LIMIT });
  });

  it('an unrelated sign-in during a burst from another address does not wait behind the burst’s checks', async () => {
    const burst = callerAt('198.51.100.3');
    // 12 accounts once each: all within the policy, so all 12 are checked.
    const guesses = Array.from({ length: 12 }, (_, i) =>
      burst.auth.login({ username: `ghost${i}`, password: `guess-${i}-xx` }),
    );
    const unrelated = callerAt('203.0.113.50').auth.login({ username: 'zhang', password: 'zhang-password' });
    const [signedIn, results] = await Promise.all([unrelated, Promise.allSettled(guesses)]);
    expect(signedIn.username).toBe('zhang');
    expect(tally(results)).toEqual({ UNAUTHORIZED: 12 });
    // The burst's checks take turns per address, so the other user's check starts at once and
    // ends after only the few burst checks already running (not after all 12 queued before it).
    const burstChecksBefore = checks.finished.indexOf('zhang-password');
    expect(burstChecksBefore).toBeGreaterThanOrEqual(0);
    expect(burstChecksBefore).toBeLessThanOrEqual(4);
  });
});

describe('a stranger cannot lock the account for everyone', SLOW, () => {
  it('5+ wrong tries from address A refuse A, while the real user signs in from address B', async () => {
    const stranger = callerAt('192.0.2.66');
    for (let i = 0; i < PAIR_LIMIT; i++) {
      await expect(
        stranger.auth.login({ username: 'wang', password: `guess-${i}-xx` }),
      ).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    }
    await expect(stranger.auth.login({ username: 'wang', password: 'guess-x-xx' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(THROTTLED),
    });
    // Even the right password is not checked for A any more.
    await expect(stranger.auth.login({ username: 'wang', password: 'wang-password' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    expect(checks.started).toBe(PAIR_LIMIT);
    expect(
      (await callerAt('203.0.113.9').auth.login({ username: 'wang', password: 'wang-password' })).role,
    ).toBe('admin');
  });

  it('behind one NAT address: a stranger’s failures lock only the account they guessed, not the colleagues', async () => {
    const nat = '100.64.0.1';
    for (let i = 0; i < PAIR_LIMIT + 2; i++) {
      await callerAt(nat)
        .auth.login({ username: 'wang', password: `guess-${i}-xx` })
        .catch(() => undefined);
    }
    // A colleague mistypes once, then both colleagues sign in from the same address.
    await expect(
      callerAt(nat).auth.login({ username: 'zhang', password: 'zhang-passwort' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect((await callerAt(nat).auth.login({ username: 'zhang', password: 'zhang-password' })).username).toBe(
      'zhang',
    );
    expect((await callerAt(nat).auth.login({ username: 'li', password: 'li-password' })).username).toBe('li');
  });
});

describe('the client address behind a proxy (TRUST_PROXY=on)', SLOW, () => {
  const request = (forwarded: string | undefined, remote = '10.0.0.2') =>
    ({
      headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
      socket: { remoteAddress: remote },
    }) as unknown as IncomingMessage;

  it('is the right-most X-Forwarded-For entry (the hop our proxy added), not the client-written left-most', () => {
    expect(clientAddress(request('6.6.6.6, 203.0.113.7'), true)).toBe('203.0.113.7');
    expect(clientAddress(request(' 203.0.113.7 '), true)).toBe('203.0.113.7');
    expect(clientAddress(request('1.1.1.1,2.2.2.2 , 203.0.113.8'), true)).toBe('203.0.113.8');
    expect(clientAddress(request('6.6.6.6, '), true)).toBe('10.0.0.2');
    expect(clientAddress(request(undefined), true)).toBe('10.0.0.2');
    // Without TRUST_PROXY the header is ignored.
    expect(clientAddress(request('6.6.6.6, 203.0.113.7'), false)).toBe('10.0.0.2');
  });

  it('a forged left-most entry per request changes nothing: the guesses count for the proxy-seen address', async () => {
    for (let i = 0; i < PAIR_LIMIT; i++) {
      const answer = await httpLogin('zhang', `guess-${i}-xx`, {
        'x-forwarded-for': `10.99.0.${i}, 203.0.113.77`,
      });
      expect(answer.status).toBe(401);
    }
    const rows = await db.selectFrom('login_attempts').select('address').distinct().execute();
    expect(rows).toEqual([{ address: '203.0.113.77' }]);
    const refused = await httpLogin('zhang', 'zhang-password', {
      'x-forwarded-for': '10.99.9.9, 203.0.113.77',
    });
    expect(refused.status).toBe(429);
    expect(refused.message).toMatch(THROTTLED);
    // The same account from another client behind the proxy is not affected.
    expect((await httpLogin('zhang', 'zhang-password', { 'x-forwarded-for': '203.0.113.78' })).status).toBe(
      200,
    );
  });
});
