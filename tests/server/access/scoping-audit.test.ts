/**
 * Row scoping in the responses (a secretary never receives another branch's member data) and an audit
 * row for each kind of write made through the API.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/database';
import { callerFor } from '../../helpers/caller';
import { createTestDb } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';
import { seedAccessFixture, type TAccessFixture } from './access-fixture';

let db: Kysely<Database>;
let f: TAccessFixture;
const PERIOD = { period: '2026', asOf: '2026-06-30' };

beforeAll(async () => {
  db = await createTestDb();
  f = await seedAccessFixture(db);
});

/** Every string anywhere in a response. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe("a secretary's view of other branches", () => {
  it('branches.list: own branch only for a secretary, every branch for the leader', async () => {
    const mine = await callerFor(db, f.users.secretaryA).branches.list({ today: '2026-06-30' });
    expect(mine.map((b) => b.id)).toEqual([f.branchA]);
    expect(mine[0]?.memberCount).toBe(1);
    const theirs = await callerFor(db, f.users.secretaryB).branches.list({ today: '2026-06-30' });
    expect(theirs.map((b) => b.id)).toEqual([f.branchB]);
    const all = await callerFor(db, f.users.leader).branches.list({ today: '2026-06-30' });
    expect(all.map((b) => b.id).sort()).toEqual([f.branchA, f.branchB].sort());
  });

  it('metrics.branches: own branch in full, the other only as identity, index and rank', async () => {
    const result = await callerFor(db, f.users.secretaryA).metrics.branches(PERIOD);
    expect(result.rows.map((r) => r.branch.id)).toEqual([f.branchA]);
    expect(result.restricted.map((r) => r.branch.id)).toEqual([f.branchB]);
    const other = result.restricted[0];
    expect(Object.keys(other?.metrics ?? {}).sort()).toEqual(['categoryRank', 'index', 'rank']);
    // The same branch in the leader's view has its full metrics, and the same rank.
    const leader = await callerFor(db, f.users.leader).metrics.branches(PERIOD);
    expect(leader.restricted).toEqual([]);
    const full = leader.rows.find((r) => r.branch.id === f.branchB);
    expect(Object.keys(full?.metrics ?? {}).length).toBeGreaterThan(10);
    expect(other?.metrics.rank).toBe(full?.metrics.rank);
    // No member name or record title of branch B anywhere in A's response.
    const text = strings(result);
    expect(text).not.toContain('教工第一党支部党员');
    expect(text.some((s) => s.includes('主题党日'))).toBe(false);
  });

  it("metrics.branches: a secretary gets no roll-up of a set too small to hide another branch's figures", async () => {
    // Two branches: the total minus her own would be branch B's figures.
    const secretary = await callerFor(db, f.users.secretaryA).metrics.branches(PERIOD);
    expect(secretary.total).toBeNull();
    const leader = await callerFor(db, f.users.leader).metrics.branches(PERIOD);
    expect(leader.total?.branches).toBe(2);
  });

  it('overview.summary: other branches reduced, alerts only of the own branch', async () => {
    // A goal and a weight give both branches an index, so both are ranked and listed.
    const admin = callerFor(db, f.users.admin);
    await admin.goals.set({ year: 2026, scope: { type: 'all' }, metric: 'sessions', target: 12 });
    await admin.goals.setWeights({ year: 2026, weights: { sessions: 10 } });
    const overview = await callerFor(db, f.users.secretaryA).overview.summary(PERIOD);
    for (const row of [...overview.top, ...overview.bottom]) {
      if (row.branch.id === f.branchA) expect(row.isRestricted).toBe(false);
      else expect(Object.keys(row.metrics).sort()).toEqual(['categoryRank', 'index', 'rank']);
    }
    expect(overview.top.some((r) => r.branch.id === f.branchB)).toBe(true);
    expect(overview.alerts.items.every((i) => i.branchId === f.branchA)).toBe(true);
  });

  it('member names and records of another branch: 403 for records.*, and never in the own branch answers', async () => {
    const a = callerFor(db, f.users.secretaryA);
    await expect(a.records.activities({ ...PERIOD, branchId: f.branchB })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(a.metrics.branch({ ...PERIOD, branchId: f.branchB })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const own = await a.records.activities({ ...PERIOD, branchId: f.branchA });
    expect(strings(own).some((s) => s.includes('教工第一党支部'))).toBe(false);
  });
});

describe('audit trail of writes through the API', () => {
  async function latest(procedure: string) {
    return db
      .selectFrom('audit_log')
      .selectAll()
      .where('procedure', '=', procedure)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  it('records who, which procedure, which row and what changed for each kind of write', async () => {
    const admin = callerFor(db, f.users.admin);
    const adminId = f.users.admin?.id;

    const created = await admin.users.create({
      username: 'audited',
      displayName: '审计',
      role: 'leader',
      password: 'audited-pass',
    });
    expect(await latest('users.create')).toMatchObject({
      user_id: adminId,
      username: 'admin',
      table_name: 'users',
      row_key: String(created.id),
      action: 'insert',
    });

    await admin.users.resetPassword({ username: 'audited', newPassword: 'audited-pass-2' });
    const reset = await latest('users.resetPassword');
    expect(reset).toMatchObject({
      user_id: adminId,
      table_name: 'users',
      row_key: String(created.id),
      action: 'update',
    });
    expect(JSON.parse(reset?.after ?? '{}')).toMatchObject({ password_hash: '[redacted]' });

    await admin.users.setDisabled({ username: 'audited', disabled: true });
    expect(JSON.parse((await latest('users.setDisabled'))?.after ?? '{}')).toEqual({ disabled: 1 });

    const { user, password } = await createTestUser(db, { username: 'self', role: 'leader' });
    await callerFor(db, user).auth.changePassword({
      currentPassword: password,
      newPassword: 'self-password-2',
    });
    expect(await latest('auth.changePassword')).toMatchObject({
      user_id: user.id,
      username: 'self',
      table_name: 'users',
      row_key: String(user.id),
    });

    await admin.goals.set({
      year: 2026,
      scope: { type: 'category', category: 'admin' },
      metric: 'awards',
      target: 4,
    });
    await admin.goals.set({
      year: 2026,
      scope: { type: 'category', category: 'admin' },
      metric: 'awards',
      target: 6,
    });
    const goal = await latest('goals.set');
    expect(goal).toMatchObject({ user_id: adminId, table_name: 'goals', action: 'update' });
    expect(JSON.parse(goal?.row_key ?? '{}')).toMatchObject({
      year: 2026,
      scope_type: 'category',
      scope_ref: 'admin',
      metric: 'awards',
    });
    expect(JSON.parse(goal?.before ?? '{}')).toEqual({ target: 4 });
    expect(JSON.parse(goal?.after ?? '{}')).toEqual({ target: 6 });

    await admin.goals.setWeights({ year: 2026, weights: { awards: 7 } });
    const weight = await latest('goals.setWeights');
    expect(weight).toMatchObject({
      user_id: adminId,
      table_name: 'metric_weights',
      row_key: JSON.stringify({ year: 2026, metric: 'awards' }),
    });
    expect(JSON.parse(weight?.after ?? '{}')).toEqual({ year: 2026, metric: 'awards', weight: 7 });

    // And the admin reads it back through audit.list.
    const trail = await admin.audit.list({ procedure: 'goals.set' });
    expect(trail.total).toBeGreaterThanOrEqual(2);
    expect(trail.rows[0]?.after).toEqual({ target: 6 });
  });
});
