/**
 * users.* as the accounts page calls them (admin only; the access matrix covers the other roles): a
 * generated password is answered once and signs in, role and branch change with the CLI's rules and
 * audit, and an admin cannot disable or demote themselves or the last enabled admin — refused with the
 * message, nothing changed.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../server/auth/users';
import type { Database } from '../../../server/db/database';
import { callerFor } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';
import { dumpDatabase, seedAccessFixture, type TAccessFixture } from '../access/access-fixture';

let db: Kysely<Database>;
let f: TAccessFixture;

const admin = () => callerFor(db, f.users.admin);

async function lastAudit() {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
}

/** The call is refused with this message and the database is as it was. */
async function expectRefused(call: () => Promise<unknown>, message: string): Promise<void> {
  const before = await dumpDatabase(db);
  await expect(call()).rejects.toMatchObject({ message });
  expect(await dumpDatabase(db)).toEqual(before);
}

describeOnBothBackends('users router', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    f = await seedAccessFixture(db);
  });

  describe('users.* for the accounts page', () => {
    it('creates an account with a generated password, shown once, that signs in', async () => {
      const created = await admin().users.create({
        username: 'Wang.Li',
        displayName: '王丽',
        role: 'secretary',
        branchId: f.branchB,
      });
      expect(created).toMatchObject({ username: 'wang.li', role: 'secretary', branchCode: 'JG01' });
      expect(created.generatedPassword).toMatch(/^[\w-]{16}$/);
      expect(await lastAudit()).toMatchObject({
        procedure: 'users.create',
        action: 'insert',
        user_id: f.users.admin?.id,
      });
      const signedIn = await login(db, {
        username: 'wang.li',
        password: created.generatedPassword ?? '',
        address: 't1',
      });
      expect(signedIn.ok).toBe(true);
      const stored = JSON.stringify(await db.selectFrom('users').selectAll().execute());
      expect(stored).not.toContain(created.generatedPassword);
    });

    it('resets a password to a generated one that replaces the old', async () => {
      const { generatedPassword } = await admin().users.resetPassword({ username: 'wang.li' });
      expect(generatedPassword).toMatch(/^[\w-]{16}$/);
      expect(
        (await login(db, { username: 'wang.li', password: generatedPassword ?? '', address: 't2' })).ok,
      ).toBe(true);
      expect(JSON.parse((await lastAudit()).after ?? '{}')).toMatchObject({ password_hash: '[redacted]' });
    });

    it('changes role and branch with the same rules as adding, audited, and ends the sessions', async () => {
      await expectRefused(
        () =>
          admin().users.update({
            username: 'wang.li',
            displayName: '王丽',
            role: 'secretary',
            branchId: null,
          }),
        '支部书记必须指定所属支部（支部编码）。',
      );
      await expectRefused(
        () =>
          admin().users.update({
            username: 'wang.li',
            displayName: '王丽',
            role: 'leader',
            branchId: f.branchA,
          }),
        '只有支部书记账号需要指定支部；组织部和校领导账号不属于某个支部。',
      );
      const id = (
        await db.selectFrom('users').select('id').where('username', '=', 'wang.li').executeTakeFirstOrThrow()
      ).id;
      expect(await db.selectFrom('sessions').select('id').where('user_id', '=', id).execute()).not.toEqual(
        [],
      );
      const updated = await admin().users.update({
        username: 'wang.li',
        displayName: '王丽',
        role: 'secretary',
        branchId: f.branchA,
      });
      expect(updated).toMatchObject({ branchCode: 'XZ01', role: 'secretary' });
      const audit = await lastAudit();
      expect(audit).toMatchObject({ procedure: 'users.update', action: 'update' });
      expect(JSON.parse(audit.after ?? '{}')).toEqual({ branch_id: f.branchA });
      expect(await db.selectFrom('sessions').select('id').where('user_id', '=', id).execute()).toEqual([]);
    });

    it('refuses an admin disabling or demoting their own account', async () => {
      await expectRefused(
        () => admin().users.setDisabled({ username: 'admin', disabled: true }),
        '不能停用自己的账号，请由另一位组织部账号操作。',
      );
      await expectRefused(
        () =>
          admin().users.update({ username: 'admin', displayName: 'admin', role: 'leader', branchId: null }),
        '不能取消自己的组织部角色，请由另一位组织部账号操作。',
      );
    });

    it('refuses removing the last enabled admin, by another admin too; allows it while another remains', async () => {
      const second = await admin().users.create({ username: 'admin2', displayName: '二号', role: 'admin' });
      const asSecond = callerFor(db, { ...f.users.admin!, id: second.id, username: 'admin2' });
      await admin().users.setDisabled({ username: 'admin2', disabled: true });
      // admin2 is disabled: "admin" is the last enabled admin, and another admin may not demote it.
      const lastEnabled = callerFor(db, { ...f.users.leader!, role: 'admin' });
      await expectRefused(
        () =>
          lastEnabled.users.update({
            username: 'admin',
            displayName: 'admin',
            role: 'leader',
            branchId: null,
          }),
        '不能取消最后一个启用的组织部（管理员）账号的角色。',
      );
      await admin().users.setDisabled({ username: 'admin2', disabled: false });
      await asSecond.users.update({
        username: 'admin',
        displayName: 'admin',
        role: 'leader',
        branchId: null,
      });
      expect(
        (
          await db
            .selectFrom('users')
            .select('role')
            .where('username', '=', 'admin')
            .executeTakeFirstOrThrow()
        ).role,
      ).toBe('leader');
    });
  });
});
