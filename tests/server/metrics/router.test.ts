/** metrics.* through the tRPC caller, on the mini fixture loaded through the import path. */
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { TAuthUser } from '../../../server/auth/types';
import type { Database } from '../../../server/db/database';
import { importPath } from '../../../server/import';
import { callerFor } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';
import { createTestUser } from '../../helpers/users';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const user = (role: TAuthUser['role']): TAuthUser => ({
  id: 1,
  username: role,
  displayName: role,
  role,
  branchId: null,
  branchName: null,
});

describeOnBothBackends('metrics router', (createDb) => {
  let db: Kysely<Database>;
  beforeAll(async () => {
    db = await createDb();
    expect((await importPath(db, fixture)).ok).toBe(true);
    // Writes are audited with the user's id (a foreign key): the callers' user #1 must exist.
    expect((await createTestUser(db, { username: 'admin', role: 'admin' })).user.id).toBe(1);
  });

  it('lists branches with filters and a roll-up of what is shown', async () => {
    const caller = callerFor(db, user('leader'));
    const all = await caller.metrics.branches({ period: '2025' });
    expect(all.rows.map((r) => r.branch.code)).toEqual(['JG001', 'LT003', 'XS002', 'XZ004', 'XZ01']);
    expect(all.total?.sessions).toBe(143);
    const admin = await caller.metrics.branches({ period: '2025', category: 'admin' });
    expect(admin.rows.map((r) => r.branch.code)).toEqual(['XZ004', 'XZ01']);
    expect(admin.rows.find((r) => r.branch.code === 'XZ01')!.metrics.rank).toBe(1);
    expect(admin.total?.sessions).toBe(
      33 + all.rows.find((r) => r.branch.code === 'XZ004')!.metrics.sessions,
    );
    const parent = all.rows.find((r) => r.branch.code === 'JG001')!.branch.parentId!;
    const under = await caller.metrics.branches({ period: '2025', parentId: parent });
    expect(under.rows.map((r) => r.branch.code)).toEqual(['JG001']);
  });

  it('gives one branch in depth with backlog, rank and a monthly series that adds up', async () => {
    const xz01Id = (
      await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow()
    ).id;
    // XZ01's own secretary: a secretary sees another branch in depth only as index and rank in lists.
    const caller = callerFor(db, { ...user('secretary'), branchId: xz01Id });
    const list = await caller.metrics.branches({ period: '2025', asOf: '2025-09-15' });
    const xz01 = list.rows.find((r) => r.branch.code === 'XZ01')!;
    const detail = await caller.metrics.branch({
      period: '2025',
      asOf: '2025-09-15',
      branchId: xz01.branch.id,
    });
    expect(detail.row.metrics.backlog).toEqual([{ type: 'committee_meeting', slot: '2025-01' }]);
    expect(detail.row.metrics.rank).toBe(xz01.metrics.rank);
    expect(detail.row.metrics.index).toBe(xz01.metrics.index);
    expect(detail.monthly.map((p) => p.month)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
    ]);
    expect(detail.monthly.reduce((a, p) => a + p.sessions, 0)).toBe(detail.row.metrics.sessions);
    expect(detail.monthly.reduce((a, p) => a + p.dueSlots, 0)).toBe(detail.row.metrics.dueSlots);
    expect(detail.monthly.reduce((a, p) => a + p.metSlots, 0)).toBe(detail.row.metrics.metSlots);
    await expect(
      callerFor(db, user('leader')).metrics.branch({ period: '2025', branchId: 999_999 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("gives another branch's standing as the comparison shows it: index and ranks only", async () => {
    const xz01Id = (
      await db.selectFrom('units').select('id').where('code', '=', 'XZ01').executeTakeFirstOrThrow()
    ).id;
    const secretary = callerFor(db, { ...user('secretary'), branchId: xz01Id });
    for (const request of [{ period: '2025' }, { period: '2025-Q3', asOf: '2025-08-20' }]) {
      const list = await secretary.metrics.branches(request);
      expect(list.restricted.length).toBeGreaterThan(2);
      for (const other of list.restricted) {
        const standing = await secretary.metrics.standing({ ...request, branchId: other.branch.id });
        expect(standing.branch).toEqual(other.branch);
        expect(standing.metrics).toEqual(other.metrics);
        expect(Object.keys(standing.metrics).sort()).toEqual(['categoryRank', 'index', 'rank']);
        expect(standing.scope).toEqual(list.scope);
      }
      // A leader's standing of a branch equals its full row's index and ranks.
      const full = await callerFor(db, user('leader')).metrics.branches(request);
      for (const row of full.rows) {
        const { metrics } = await secretary.metrics.standing({ ...request, branchId: row.branch.id });
        expect(metrics).toEqual({
          index: row.metrics.index,
          rank: row.metrics.rank,
          categoryRank: row.metrics.categoryRank,
        });
      }
    }
    await expect(secretary.metrics.standing({ period: '2025', branchId: 999_999 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('overview: college total, top and bottom, last month alerts', async () => {
    const overview = await callerFor(db, user('leader')).overview.summary({
      period: '2025',
      asOf: '2025-09-15',
      limit: 2,
    });
    expect(overview.total.branches).toBe(5);
    expect(overview.top.map((r) => r.branch.code)).toEqual(['XZ01', 'LT003']);
    expect(overview.bottom.map((r) => r.branch.code)).toEqual(['JG001', 'XZ004']);
    expect(overview.alerts.month).toBe('2025-08');
    // JG001 held no committee meeting and XZ004 no theme day in August 2025.
    const jg = overview.alerts.items.find((i) => i.code === 'JG001');
    expect(jg?.backlog).toContainEqual({ type: 'committee_meeting', slot: '2025-08' });
    expect(overview.byCategory.admin?.branches).toBe(2);
  });

  it('rejects bad periods in the caller language', async () => {
    await expect(
      callerFor(db, user('leader'), 'en').metrics.branches({ period: '2025-Q2', asOf: '2025-03-01' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('before'),
    });
    await expect(callerFor(db, user('leader')).metrics.branches({ period: '2025-13' })).rejects.toMatchObject(
      { code: 'BAD_REQUEST' },
    );
    await expect(callerFor(db, null).metrics.branches({ period: '2025' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('goals and weights: admin only, and they change the index', async () => {
    const leader = callerFor(db, user('leader'));
    await expect(
      leader.goals.set({ year: 2025, scope: { type: 'all' }, metric: 'awards', target: 2 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = callerFor(db, user('admin'));
    const before = await admin.metrics.branches({ period: '2025' });
    const xz01Before = before.rows.find((r) => r.branch.code === 'XZ01')!.metrics;
    await admin.goals.set({
      year: 2025,
      scope: { type: 'branch', branchCode: 'XZ01' },
      metric: 'projectsApproved',
      target: 0,
    });
    const after = await admin.metrics.branches({ period: '2025' });
    const xz01 = after.rows.find((r) => r.branch.code === 'XZ01')!.metrics;
    expect(xz01.goals.projectsApproved).toEqual({ target: 0, attainment: null, status: 'none' });
    expect(xz01.index).not.toBe(xz01Before.index);
    await expect(
      admin.goals.set({ year: 2025, scope: { type: 'all' }, metric: 'complianceRate', target: 1.5 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await admin.goals.setWeights({ year: 2025, weights: { complianceRate: 0 } });
    const weighted = (await admin.metrics.branches({ period: '2025' })).rows.find(
      (r) => r.branch.code === 'XZ01',
    )!.metrics;
    expect(weighted.index).not.toBe(xz01.index);
    // Restore for the other tests of this file.
    await admin.goals.setWeights({ year: 2025, weights: { complianceRate: 30 } });
    await admin.goals.set({
      year: 2025,
      scope: { type: 'branch', branchCode: 'XZ01' },
      metric: 'projectsApproved',
      target: 2,
    });
  });
});
