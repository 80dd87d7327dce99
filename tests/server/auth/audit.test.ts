import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffFields, listAudit, recordAudit, recordAuditMany } from '../../../server/audit/audit';
import { addUser, resetPassword, setUserDisabled } from '../../../server/auth/users';
import type { Database } from '../../../server/db/database';
import { describeOnBothBackends } from '../../helpers/test-db';
import { seedTwoBranches } from './auth-fixtures';

/** The database of the block running (describeOnBothBackends below). */
let db: Kysely<Database>;
let adminId: number;

describe('diffFields', () => {
  it('keeps only changed fields, on both sides', () => {
    expect(
      diffFields(
        { id: 1, name: '张三', role: 'member', left_on: null },
        { id: 1, name: '张三', role: 'committee', left_on: '2026-01-01' },
      ),
    ).toEqual({
      before: { role: 'member', left_on: null },
      after: { role: 'committee', left_on: '2026-01-01' },
    });
  });
  it('treats a missing key as null, compares arrays by value, and returns null when nothing changed', () => {
    expect(diffFields({ formats: ['reading'], a: 1 }, { formats: ['reading'], a: 1 })).toBeNull();
    expect(diffFields({ formats: ['reading'] }, { formats: ['reading', 'video'], extra: 2 })).toEqual({
      before: { formats: ['reading'], extra: null },
      after: { formats: ['reading', 'video'], extra: 2 },
    });
  });
  it('keeps whole rows for insert and delete and redacts secrets', () => {
    expect(diffFields(null, { name: 'x', password_hash: 'scrypt$...' })).toEqual({
      before: null,
      after: { name: 'x', password_hash: '[redacted]' },
    });
    expect(diffFields({ token: 'abc', password_changed_at: '2026' }, null)).toEqual({
      before: { token: '[redacted]', password_changed_at: '2026' },
      after: null,
    });
  });
});

describeOnBothBackends('audit', (createDb) => {
  beforeAll(async () => {
    db = await createDb();
    await seedTwoBranches(db);
    ({ id: adminId } = await addUser(db, {
      username: 'root',
      displayName: '管理员',
      role: 'admin',
      password: 'root-password',
      actor: { user: null, procedure: 'cli.user.add' },
    }));
  });

  describe('audit trail', () => {
    const actor = () => ({ user: { id: adminId, username: 'root' }, procedure: 'members.update' });

    it('records who, when, which procedure and row, and the changed fields', async () => {
      const now = new Date('2026-04-01T10:00:00.000Z');
      const before = { id: 7, name: '张三', role: 'member', branch_id: 1 };
      const written = await recordAudit(db, {
        ...actor(),
        table: 'members',
        rowKey: 7,
        action: 'update',
        before,
        after: { ...before, role: 'deputy' },
        now,
      });
      expect(written).toBe(true);
      const { rows } = await listAudit(db, { table: 'members', rowKey: '7' });
      expect(rows).toEqual([
        {
          id: expect.any(Number),
          at: '2026-04-01T10:00:00.000Z',
          userId: adminId,
          username: 'root',
          procedure: 'members.update',
          table: 'members',
          rowKey: '7',
          action: 'update',
          before: { role: 'member' },
          after: { role: 'deputy' },
          recordName: null,
        },
      ]);
    });

    it('skips updates that change nothing', async () => {
      const row = { id: 8, name: '李四' };
      expect(
        await recordAudit(db, {
          ...actor(),
          table: 'members',
          rowKey: 8,
          action: 'update',
          before: row,
          after: { ...row },
        }),
      ).toBe(false);
      expect((await listAudit(db, { table: 'members', rowKey: '8' })).total).toBe(0);
    });

    it('records imports in batches with natural keys', async () => {
      const inputs = Array.from({ length: 1200 }, (_, i) => ({
        ...actor(),
        procedure: 'import.commit',
        table: 'activities',
        rowKey: { branch: 'XZ01', held_on: '2026-03-01', n: i },
        action: 'insert' as const,
        after: { title: `活动${i}` },
      }));
      expect(await recordAuditMany(db, inputs)).toBe(1200);
      const page = await listAudit(db, { procedure: 'import.commit', limit: 10 });
      expect(page.total).toBe(1200);
      expect(page.rows).toHaveLength(10);
      expect(JSON.parse(page.rows[0]?.rowKey ?? '{}')).toMatchObject({ branch: 'XZ01' });
    });

    it('account changes are audited, without password hashes', async () => {
      await addUser(db, {
        username: 'lead',
        displayName: '领导',
        role: 'leader',
        password: 'lead-password',
        actor: actor(),
      });
      await resetPassword(db, {
        username: 'lead',
        newPassword: 'lead-password-2',
        actor: { ...actor(), procedure: 'users.resetPassword' },
        // A later instant for certain: both calls can fall in the same millisecond, and then
        // password_changed_at does not change.
        now: new Date(Date.now() + 1000),
      });
      await setUserDisabled(db, {
        username: 'lead',
        disabled: true,
        actor: { ...actor(), procedure: 'users.disable' },
        now: new Date(Date.now() + 2000),
      });
      const { rows } = await listAudit(db, { table: 'users', username: 'root' });
      expect(rows.map((r) => [r.procedure, r.action])).toEqual([
        ['users.disable', 'update'],
        ['users.resetPassword', 'update'],
        ['members.update', 'insert'],
      ]);
      expect(rows[0]?.after).toEqual({ disabled: 1 });
      // An account's row key is its id: the trail names it by its user name, so no screen shows the id.
      expect(rows.map((r) => r.recordName)).toEqual(['lead', 'lead', 'lead']);
      expect(Object.keys(rows[1]?.after ?? {}).sort()).toEqual(['password_changed_at', 'password_hash']);
      expect(JSON.stringify(rows)).not.toContain('scrypt$');
      expect(rows[2]?.after).toMatchObject({ username: 'lead', role: 'leader', password_hash: '[redacted]' });
      // The CLI-made admin is attributed to 'system'.
      expect((await listAudit(db, { procedure: 'cli.user.add' })).rows[0]?.username).toBe('system');
    });

    it('filters by time range and action', async () => {
      const inRange = await listAudit(db, { from: '2026-04-01', to: '2026-04-02' });
      expect(inRange.rows.map((r) => r.rowKey)).toEqual(['7']);
      const inserts = await listAudit(db, { action: 'insert', table: 'users' });
      expect(inserts.rows.every((r) => r.action === 'insert')).toBe(true);
      expect(inserts.total).toBe(2);
    });
  });
});
