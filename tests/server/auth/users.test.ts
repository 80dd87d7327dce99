import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoUsers } from '../../../server/auth/demo-users';
import { resolveSession } from '../../../server/auth/sessions';
import { addUser, findUser, listUsers, login, setUserDisabled } from '../../../server/auth/users';
import type { Database } from '../../../server/db/database';
import { describeOnBothBackends } from '../../helpers/test-db';
import { CLI_ACTOR, seedTwoBranches } from './auth-fixtures';

let db: Kysely<Database>;
let branchA: number;
let branchB: number;

const base = { displayName: '测试', password: 'good-password', actor: CLI_ACTOR };

describeOnBothBackends('accounts', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    ({ branchA, branchB } = await seedTwoBranches(db));
  });

  describe('accounts', () => {
    it('adds users with lower-cased usernames and lists them without hashes', async () => {
      await addUser(db, { ...base, username: 'Org.Admin', role: 'admin' });
      await addUser(db, { ...base, username: 'sec-b', role: '支部书记', branchId: branchB });
      const users = await listUsers(db);
      expect(users.map((u) => [u.username, u.role, u.branchCode])).toEqual([
        ['org.admin', 'admin', null],
        ['sec-b', 'secretary', 'JG01'],
      ]);
      expect(JSON.stringify(users)).not.toContain('scrypt$');
      const stored = await db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'sec-b')
        .executeTakeFirstOrThrow();
      expect(stored.password_hash.startsWith('scrypt$')).toBe(true);
    });

    it.each([
      [{ username: 'x', role: 'admin' }, 'BAD_REQUEST', '用户名无效'],
      [{ username: 'king1', role: 'king' }, 'BAD_REQUEST', '未知角色'],
      [{ username: 'sec1', role: 'secretary' }, 'BAD_REQUEST', '支部书记必须指定所属支部'],
      [{ username: 'lead1', role: 'leader', branchId: 1 }, 'BAD_REQUEST', '只有支部书记'],
      [{ username: 'sec2', role: 'secretary', branchId: 999 }, 'BAD_REQUEST', '支部不存在'],
      [{ username: 'org.admin', role: 'leader' }, 'CONFLICT', '用户名已存在'],
      [{ username: 'ORG.ADMIN', role: 'leader' }, 'CONFLICT', '用户名已存在'],
      [{ username: 'lead2', role: 'leader', password: 'short' }, 'BAD_REQUEST', '密码太短'],
    ])('refuses %o with %s', async (input, code, zh) => {
      const before = await listUsers(db);
      const attempt = addUser(db, { ...base, ...input });
      await expect(attempt).rejects.toMatchObject({ code });
      await expect(attempt).rejects.toThrow(zh);
      expect(await listUsers(db)).toEqual(before);
    });

    it('login returns the user and a working token; wrong and unknown are the same failure', async () => {
      const ok = await login(db, { username: 'SEC-B', password: 'good-password', address: '127.0.0.1' });
      if (!ok.ok) throw new Error(ok.message.en);
      expect(ok.user).toMatchObject({
        username: 'sec-b',
        role: 'secretary',
        branchId: branchB,
        branchName: '教工第一党支部',
      });
      expect((await resolveSession(db, ok.token))?.user.id).toBe(ok.user.id);
      const wrong = await login(db, { username: 'sec-b', password: 'bad-password', address: '127.0.0.1' });
      const unknown = await login(db, { username: 'ghost', password: 'good-password', address: '127.0.0.1' });
      expect(wrong).toEqual(unknown);
      expect(wrong).toMatchObject({ ok: false, reason: 'invalid_credentials' });
    });

    it('will not disable the last enabled admin', async () => {
      await expect(
        setUserDisabled(db, { username: 'org.admin', disabled: true, actor: CLI_ACTOR }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        text: { zh: '不能停用最后一个启用的组织部（管理员）账号。' },
      });
      expect((await findUser(db, 'org.admin'))?.isDisabled).toBe(false);
      await addUser(db, { ...base, username: 'second-admin', role: 'admin' });
      await setUserDisabled(db, { username: 'org.admin', disabled: true, actor: CLI_ACTOR });
      expect((await findUser(db, 'org.admin'))?.isDisabled).toBe(true);
    });
  });

  describe('demo users', () => {
    it('creates one account per role, the secretary in XZ01, with passwords that work; reruns repair them', {
      timeout: 120_000,
    }, async () => {
      const credentials = await createDemoUsers(db);
      expect(credentials.map((c) => [c.username, c.role, c.branchCode])).toEqual([
        ['admin', 'admin', null],
        ['leader', 'leader', null],
        ['secretary', 'secretary', 'XZ01'],
      ]);
      expect(credentials[2]?.branchName).toBe('行政第一党支部');
      for (const c of credentials) {
        const result = await login(db, { username: c.username, password: c.password, address: '127.0.0.2' });
        expect(result.ok && result.user.role).toBe(c.role);
      }
      await setUserDisabled(db, { username: 'secretary', disabled: true, actor: CLI_ACTOR });
      await createDemoUsers(db);
      const secretary = await findUser(db, 'secretary');
      expect(secretary).toMatchObject({ isDisabled: false, branchId: branchA });
    });

    it('falls back to the first branch without XZ01, and to no secretary without branches', async () => {
      const other = await createDb();
      expect((await createDemoUsers(other)).map((c) => c.role)).toEqual(['admin', 'leader']);
      await other
        .insertInto('units')
        .values([
          {
            code: 'B02',
            name: '第二支部',
            kind: 'branch',
            parent_id: null,
            category: 'faculty',
            established_on: '2020-01-01',
            has_groups: 0,
          },
          {
            code: 'B01',
            name: '第一支部',
            kind: 'branch',
            parent_id: null,
            category: 'faculty',
            established_on: '2020-01-01',
            has_groups: 0,
          },
        ])
        .execute();
      const credentials = await createDemoUsers(other);
      expect(credentials.find((c) => c.role === 'secretary')).toMatchObject({
        branchCode: 'B01',
        branchName: '第一支部',
      });
    });
  });
});
