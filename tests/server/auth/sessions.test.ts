import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAuthConfig } from '../../../server/auth/config';
import {
  createSession,
  destroySession,
  hashToken,
  purgeExpiredSessions,
  resolveSession,
} from '../../../server/auth/sessions';
import { addUser, changePassword, login, resetPassword, setUserDisabled } from '../../../server/auth/users';
import type { Database } from '../../../server/db/database';
import { describeOnBothBackends } from '../../helpers/test-db';
import { CLI_ACTOR, seedTwoBranches } from './auth-fixtures';

const T0 = new Date('2026-03-01T08:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

let db: Kysely<Database>;
let secretaryId: number;

describeOnBothBackends('sessions', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    const { branchA } = await seedTwoBranches(db);
    ({ id: secretaryId } = await addUser(db, {
      username: 'sec',
      displayName: '书记',
      role: 'secretary',
      branchId: branchA,
      password: 'first-password',
      actor: CLI_ACTOR,
    }));
  });

  describe('sessions', () => {
    it('stores only the SHA-256 of the token and resolves the user with their branch', async () => {
      const { token } = await createSession(db, secretaryId, { now: T0, idleMinutes: 30 });
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      const rows = await db.selectFrom('sessions').select('token_hash').execute();
      expect(rows.map((r) => r.token_hash)).toContain(hashToken(token));
      expect(rows.map((r) => r.token_hash)).not.toContain(token);
      const resolved = await resolveSession(db, token, { now: minutes(1), idleMinutes: 30 });
      expect(resolved?.user).toMatchObject({
        id: secretaryId,
        username: 'sec',
        role: 'secretary',
        branchName: '行政第一党支部',
      });
      expect(await resolveSession(db, `${token}x`, { now: minutes(1) })).toBeNull();
      expect(await resolveSession(db, undefined)).toBeNull();
    });

    it('expires after inactivity, and activity slides the expiry', async () => {
      const { token } = await createSession(db, secretaryId, { now: T0, idleMinutes: 30 });
      // Active every 20 minutes for 2 hours: still valid, because each request extends it.
      for (let m = 20; m <= 120; m += 20) {
        expect(await resolveSession(db, token, { now: minutes(m), idleMinutes: 30 })).not.toBeNull();
      }
      // 30 minutes after the last request (at 120): gone, and the row is deleted.
      expect(await resolveSession(db, token, { now: minutes(150), idleMinutes: 30 })).toBeNull();
      expect(
        await db.selectFrom('sessions').where('token_hash', '=', hashToken(token)).selectAll().execute(),
      ).toHaveLength(0);
    });

    it('expires at exactly the idle limit without activity', async () => {
      const { token } = await createSession(db, secretaryId, { now: T0, idleMinutes: 30 });
      expect(await resolveSession(db, token, { now: minutes(29.9), idleMinutes: 30 })).not.toBeNull();
      const other = await createSession(db, secretaryId, { now: T0, idleMinutes: 30 });
      expect(await resolveSession(db, other.token, { now: minutes(30), idleMinutes: 30 })).toBeNull();
    });

    it('logout ends only that session', async () => {
      const a = await createSession(db, secretaryId, { now: T0 });
      const b = await createSession(db, secretaryId, { now: T0 });
      await destroySession(db, a.token);
      expect(await resolveSession(db, a.token, { now: minutes(1) })).toBeNull();
      expect(await resolveSession(db, b.token, { now: minutes(1) })).not.toBeNull();
    });

    it('a password change ends the other sessions and keeps the current one', async () => {
      const now = new Date();
      const current = await login(db, {
        username: 'sec',
        password: 'first-password',
        address: '10.0.0.1',
        now,
      });
      const other = await login(db, {
        username: 'SEC',
        password: 'first-password',
        address: '10.0.0.2',
        now,
      });
      if (!current.ok || !other.ok) throw new Error('login failed');
      await expect(
        changePassword(db, {
          userId: secretaryId,
          currentPassword: 'wrong-password',
          newPassword: 'second-password',
          actor: CLI_ACTOR,
        }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', text: { en: 'The current password is wrong.' } });
      expect(await resolveSession(db, other.token)).not.toBeNull();

      await changePassword(db, {
        userId: secretaryId,
        currentPassword: 'first-password',
        newPassword: 'second-password',
        keepToken: current.token,
        actor: CLI_ACTOR,
      });
      expect(await resolveSession(db, current.token)).not.toBeNull();
      expect(await resolveSession(db, other.token)).toBeNull();
      expect((await login(db, { username: 'sec', password: 'first-password', address: '10.0.0.3' })).ok).toBe(
        false,
      );
      expect(
        (await login(db, { username: 'sec', password: 'second-password', address: '10.0.0.3' })).ok,
      ).toBe(true);
    });

    it('an admin reset and disabling end every session of the user', async () => {
      const a = await createSession(db, secretaryId);
      await resetPassword(db, { username: 'sec', newPassword: 'third-password', actor: CLI_ACTOR });
      expect(await resolveSession(db, a.token)).toBeNull();

      const b = await createSession(db, secretaryId);
      await setUserDisabled(db, { username: 'sec', disabled: true, actor: CLI_ACTOR });
      expect(await resolveSession(db, b.token)).toBeNull();
      const login1 = await login(db, { username: 'sec', password: 'third-password', address: '10.0.0.4' });
      expect(login1).toMatchObject({ ok: false, reason: 'disabled' });
      await setUserDisabled(db, { username: 'sec', disabled: false, actor: CLI_ACTOR });
      expect((await login(db, { username: 'sec', password: 'third-password', address: '10.0.0.4' })).ok).toBe(
        true,
      );
    });

    it('purges expired sessions', async () => {
      await createSession(db, secretaryId, { now: new Date('2020-01-01T00:00:00Z'), idleMinutes: 1 });
      expect(await purgeExpiredSessions(db)).toBeGreaterThanOrEqual(1);
      const left = await db.selectFrom('sessions').select('expires_at').execute();
      expect(left.every((s) => s.expires_at > new Date().toISOString())).toBe(true);
    });

    it('reads SESSION_IDLE_MINUTES and rejects nonsense', () => {
      expect(readAuthConfig({}).sessionIdleMinutes).toBe(480);
      expect(readAuthConfig({ SESSION_IDLE_MINUTES: '15' }).sessionIdleMinutes).toBe(15);
      expect(() => readAuthConfig({ SESSION_IDLE_MINUTES: 'abc' })).toThrow(/SESSION_IDLE_MINUTES/);
      expect(() => readAuthConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
    });
  });
});
