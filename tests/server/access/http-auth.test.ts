/**
 * Sign-in over real HTTP: the cookie's flags, the session it opens, logout, expiry after inactivity,
 * a password change ending the other sessions, and login throttling with the Chinese message — on
 * SQLite and on PostgreSQL.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../server/context';
import type { Database } from '../../../server/db/database';
import { type AppServer, createAppServer } from '../../../server/http/app-server';
import { describeOnBothBackends } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';

/** The database and server of the block running (describeOnBothBackends below). */
let db: Kysely<Database>;
let app: AppServer;
let base: string;

async function mutate(path: string, input: unknown, cookie?: string) {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input ?? {}),
  });
  return { res, body: (await res.json()) as { result?: { data: unknown }; error?: { message: string } } };
}

async function me(cookie?: string) {
  return fetch(`${base}/trpc/auth.me`, { headers: cookie ? { cookie } : {} });
}

/** `pbd_session=…` from a Set-Cookie header. */
function cookieOf(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}

describeOnBothBackends('sign-in', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    await createTestUser(db, { username: 'zhang', role: 'leader', password: 'zhang-password' });
    await createTestUser(db, { username: 'li', role: 'leader', password: 'li-password' });
    await createTestUser(db, { username: 'wang', role: 'admin', password: 'wang-password' });
    app = createAppServer({
      db,
      clientDir: mkdtempSync(join(tmpdir(), 'pbd-client-')),
      settings: { ...DEFAULT_SETTINGS, auth: { sessionIdleMinutes: 30 } },
    });
    await new Promise<void>((done) => app.server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => app.server.close(done));
    await db.destroy();
  });

  describe('sessions over HTTP', () => {
    it('signs in with an httpOnly, SameSite=Strict cookie and answers auth.me; no cookie is 401', async () => {
      expect((await me()).status).toBe(401);
      const { res, body } = await mutate('auth.login', { username: 'zhang', password: 'zhang-password' });
      expect(res.status).toBe(200);
      expect(body.result?.data).toMatchObject({ username: 'zhang', role: 'leader' });
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^pbd_session=[\w-]{43}; /);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).not.toContain('Secure'); // plain http here
      const cookie = cookieOf(res);
      const answer = await me(cookie);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { result: { data: { username: string } } }).result.data.username).toBe(
        'zhang',
      );
      // The token is stored only as its hash.
      const stored = await db.selectFrom('sessions').select('token_hash').execute();
      expect(stored.map((s) => s.token_hash)).not.toContain(cookie.split('=')[1]);
    });

    it('marks the cookie Secure behind an https proxy', async () => {
      const res = await fetch(`${base}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ username: 'zhang', password: 'zhang-password' }),
      });
      expect(res.headers.get('set-cookie')).toContain('Secure');
    });

    it('answers a wrong password with 401 and the message in Chinese', async () => {
      const { res, body } = await mutate('auth.login', { username: 'zhang', password: 'wrong-password' });
      expect(res.status).toBe(401);
      expect(body.error?.message).toBe('用户名或密码错误。');
      expect(res.headers.get('set-cookie')).toBeNull();
    });

    it('logout ends the session on the server and clears the cookie', async () => {
      const cookie = cookieOf(
        (await mutate('auth.login', { username: 'zhang', password: 'zhang-password' })).res,
      );
      expect((await me(cookie)).status).toBe(200);
      const { res } = await mutate('auth.logout', {}, cookie);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/^pbd_session=; .*Max-Age=0/);
      // The old cookie, replayed, no longer works.
      expect((await me(cookie)).status).toBe(401);
    });

    it('expires a session after the idle time', async () => {
      const cookie = cookieOf((await mutate('auth.login', { username: 'li', password: 'li-password' })).res);
      expect((await me(cookie)).status).toBe(200);
      // 31 minutes without a request (idle limit 30): move the session's clock back.
      const past = new Date(Date.now() - 31 * 60_000).toISOString();
      await db
        .updateTable('sessions')
        .set({ last_seen_at: past, expires_at: new Date(Date.now() - 60_000).toISOString() })
        .execute();
      expect((await me(cookie)).status).toBe(401);
    });

    it('a password change keeps the current session and ends the others', async () => {
      const first = cookieOf(
        (await mutate('auth.login', { username: 'wang', password: 'wang-password' })).res,
      );
      const second = cookieOf(
        (await mutate('auth.login', { username: 'wang', password: 'wang-password' })).res,
      );
      const { res } = await mutate(
        'auth.changePassword',
        { currentPassword: 'wang-password', newPassword: 'wang-password-2' },
        second,
      );
      expect(res.status).toBe(200);
      expect((await me(second)).status).toBe(200);
      expect((await me(first)).status).toBe(401);
      expect((await mutate('auth.login', { username: 'wang', password: 'wang-password-2' })).res.status).toBe(
        200,
      );
    });

    it('a wrong current password is a 400 (not a sign-out) and counts toward the throttle', async () => {
      const cookie = cookieOf((await mutate('auth.login', { username: 'li', password: 'li-password' })).res);
      const { res } = await mutate(
        'auth.changePassword',
        { currentPassword: 'nope-nope', newPassword: 'whatever-1' },
        cookie,
      );
      expect(res.status).toBe(400);
      const failures = await db
        .selectFrom('login_attempts')
        .select('id')
        .where('username', '=', 'li')
        .where('success', '=', 0)
        .execute();
      expect(failures.length).toBe(1);
    });
  });

  describe('login throttling through auth.login', () => {
    it('refuses the sixth try with 429 and the Chinese message, even with the right password', async () => {
      await createTestUser(db, { username: 'zhao', role: 'leader', password: 'zhao-password' });
      // The tests above failed from this address too; start the count here.
      await db.deleteFrom('login_attempts').execute();
      for (let i = 0; i < 5; i++) {
        const { res } = await mutate('auth.login', { username: 'zhao', password: `wrong-${i}-xx` });
        expect(res.status).toBe(401);
      }
      const { res, body } = await mutate('auth.login', { username: 'zhao', password: 'zhao-password' });
      expect(res.status).toBe(429);
      expect(body.error?.message).toMatch(/^登录失败次数过多，请 1[45] 分钟后再试。$/);
      expect(res.headers.get('set-cookie')).toBeNull();
      // Only that account from that address waits: another account from the same address signs in.
      const other = await mutate('auth.login', { username: 'li', password: 'li-password' });
      expect(other.res.status).toBe(200);
    }, 120_000); // seven real scrypt checks in a row: seconds each on a busy machine
  });
});
