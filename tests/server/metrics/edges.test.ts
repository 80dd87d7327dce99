/** Focused edge cases of metrics.md on small hand-made databases. */
import { expect, it } from 'vitest';
import { computeMetrics, toMetricsCase } from '../../../server/metrics/report';
import { type createTestDb, describeOnBothBackends } from '../../helpers/test-db';
import { addActivity, addBranch, addFullYear, addMember } from './seed';

const year2025 = async (
  db: Awaited<ReturnType<typeof createTestDb>>,
  extra: { period?: string; asOf?: string } = {},
) =>
  toMetricsCase(
    await computeMetrics(db, { period: extra.period ?? '2025', asOf: extra.asOf, today: '2026-03-01' }),
  );

describeOnBothBackends('metrics edges', (createDb) => {
  it('a branch founded mid-period owes only the slots it had in full', async () => {
    const db = await createDb();
    const id = await addBranch(db, 'NEW', { est: '2025-04-14' });
    await addActivity(db, id, '2025-05-03', 'committee_meeting');
    const b = (await year2025(db)).branches.NEW!;
    // May–Dec committee + theme day (16), Q3–Q4 general meeting + party lecture (4); no year slot.
    expect(b.dueSlots).toBe(20);
    expect(b.metSlots).toBe(1);
    expect(Object.keys(b.complianceByType).sort()).toEqual([
      'committee_meeting',
      'general_meeting',
      'party_lecture',
      'theme_day',
    ]);
    expect(b.backlog![0]).toEqual({ type: 'theme_day', slot: '2025-05' });
    expect(b.delta.sessions).toBeNull(); // not reported in 2024
  });

  it('a dissolved branch is reported for the range it existed in, without rank after its end', async () => {
    const db = await createDb();
    const gone = await addBranch(db, 'GONE', { dis: '2025-06-30' });
    await addFullYear(db, gone, 2025);
    await db
      .deleteFrom('activities')
      .where('branch_id', '=', gone)
      .where('held_on', '>', '2025-06-30')
      .execute();
    await db
      .insertInto('goals')
      .values({ year: 2025, scope_type: 'all', scope_ref: '', metric: 'complianceRate', target: 0.9 })
      .execute();
    const c = await year2025(db);
    expect(c.branches.GONE!.dueSlots).toBe(6 * 2 + 2 * 2);
    expect(c.branches.GONE!.complianceRate).toBe(1);
    expect(c.branches.GONE!.index).toBe(100);
    expect(c.branches.GONE!.rank).toBeNull();
    expect((await year2025(db, { asOf: '2025-06-30' })).branches.GONE!.rank).toBe(1);
    expect((await year2025(db, { period: '2025-Q3' })).branches.GONE).toBeUndefined();
  });

  it('active members overlap the range; a member who left on the first day still counts', async () => {
    const db = await createDb();
    const id = await addBranch(db, 'A');
    await addMember(db, id, 'STAY');
    await addMember(db, id, 'LEFT-FIRST-DAY', '2020-01-01', '2025-01-01');
    await addMember(db, id, 'LEFT-BEFORE', '2020-01-01', '2024-12-31');
    await addMember(db, id, 'JOINED-LATER', '2026-01-05');
    expect((await year2025(db)).branches.A!.activeMembers).toBe(2);
  });

  it('sharers count only as active members of the same branch', async () => {
    const db = await createDb();
    const a = await addBranch(db, 'A');
    const b = await addBranch(db, 'B');
    await addMember(db, a, 'A1');
    await addMember(db, a, 'A2');
    await addMember(db, b, 'B1');
    await addMember(db, a, 'OLD', '2020-01-01', '2024-06-30');
    await addActivity(db, a, '2025-03-03', 'theme_day', { sharers: ['A1', 'B1', 'OLD'] });
    await addActivity(db, a, '2025-07-03', 'theme_day', { sharers: ['A1'] });
    await addActivity(db, b, '2025-03-04', 'theme_day', { sharers: ['A2'] });
    const c = await year2025(db);
    expect(c.branches.A!.sharingCoverage).toBe(1 / 2);
    expect(c.branches.B!.sharingCoverage).toBe(0);
    expect(c.total.sharingCoverage).toBe(1 / 3);
  });

  it('a branch with no activities: zero counts, null rates, everything in backlog', async () => {
    const db = await createDb();
    await addBranch(db, 'IDLE', { groups: true });
    const b = (await year2025(db)).branches.IDLE!;
    expect(b.sessions).toBe(0);
    expect(b.dueSlots).toBe(12 * 3 + 4 * 2 + 3);
    expect(b.metSlots).toBe(0);
    expect(b.complianceRate).toBe(0);
    expect(b.attendanceRate).toBeNull();
    expect(b.ritualRate).toBeNull();
    expect(b.workIntegrationRate).toBeNull();
    expect(b.sharingCoverage).toBeNull();
    expect(b.formatCount).toBe(0);
    expect(b.formatEvenness).toBe(0);
    expect(b.moduleShare).toEqual({ spirit: null, capability: null, development: null });
    expect(b.backlog).toHaveLength(b.dueSlots);
    expect(b.backlog!.slice(0, 3)).toEqual([
      { type: 'democratic_appraisal', slot: '2025' },
      { type: 'org_life_meeting', slot: '2025' },
      { type: 'secretary_lecture', slot: '2025' },
    ]);
  });

  it('count targets scale by days, with 366-day leap years; 29 February shifts to 28 February', async () => {
    const db = await createDb();
    const id = await addBranch(db, 'A');
    await db
      .insertInto('goals')
      .values({ year: 2024, scope_type: 'all', scope_ref: '', metric: 'sessions', target: 366 })
      .execute();
    await db
      .insertInto('goals')
      .values({ year: 2024, scope_type: 'all', scope_ref: '', metric: 'ritualRate', target: 0.5 })
      .execute();
    await addActivity(db, id, '2024-02-29', 'theme_day', { ritual: true });
    await addActivity(db, id, '2023-02-28', 'theme_day');
    await addActivity(db, id, '2023-03-01', 'theme_day');
    const feb = await year2025(db, { period: '2024-02' });
    expect(feb.branches.A!.goals.sessions!.target).toBeCloseTo(29, 12);
    expect(feb.branches.A!.goals.ritualRate!.target).toBe(0.5);
    const q1 = await year2025(db, { period: '2024-Q1' });
    expect(q1.branches.A!.goals.sessions!.target).toBeCloseTo(91, 12);
    const day = await year2025(db, { period: '2024-02-29..2024-02-29' });
    expect(day.branches.A!.sessions).toBe(1);
    // One year earlier is 2023-02-28 only: one session, so the delta is 0.
    expect(day.branches.A!.delta.sessions).toBe(0);
    expect(day.branches.A!.delta.ritualRate).toBe(1);
  });

  it('resolves goals branch > category > all', async () => {
    const db = await createDb();
    for (const [code, category] of [
      ['A', 'faculty'],
      ['B', 'student'],
      ['C', 'student'],
    ] as const) {
      const id = await addBranch(db, code, { category });
      await addActivity(db, id, '2025-05-05', 'theme_day');
    }
    await db
      .insertInto('goals')
      .values([
        { year: 2025, scope_type: 'all', scope_ref: '', metric: 'formatCount', target: 1 },
        { year: 2025, scope_type: 'category', scope_ref: 'student', metric: 'formatCount', target: 2 },
        { year: 2025, scope_type: 'branch', scope_ref: 'C', metric: 'formatCount', target: 3 },
        { year: 2024, scope_type: 'branch', scope_ref: 'A', metric: 'formatCount', target: 9 },
      ])
      .execute();
    const c = await year2025(db);
    expect(c.branches.A!.goals.formatCount!.target).toBe(1);
    expect(c.branches.B!.goals.formatCount!.target).toBe(2);
    expect(c.branches.C!.goals.formatCount!.target).toBe(3);
    expect(c.branches.A!.goals.formatCount!.status).toBe('behind');
  });

  it('ties share a rank (1, 1, 3) overall and within the category', async () => {
    const db = await createDb();
    await db
      .insertInto('goals')
      .values({ year: 2025, scope_type: 'all', scope_ref: '', metric: 'complianceRate', target: 1 })
      .execute();
    for (const [code, months] of [
      ['A', 12],
      ['B', 12],
      ['C', 6],
      ['D', 12],
    ] as const) {
      const id = await addBranch(db, code, { category: code === 'D' ? 'student' : 'faculty' });
      await addFullYear(db, id, 2025);
      if (months < 12)
        await db
          .deleteFrom('activities')
          .where('branch_id', '=', id)
          .where('held_on', '>', '2025-06-30')
          .execute();
    }
    const c = await year2025(db);
    expect([c.branches.A!.rank, c.branches.B!.rank, c.branches.D!.rank, c.branches.C!.rank]).toEqual([
      1, 1, 1, 4,
    ]);
    expect([
      c.branches.A!.categoryRank,
      c.branches.B!.categoryRank,
      c.branches.C!.categoryRank,
      c.branches.D!.categoryRank,
    ]).toEqual([1, 1, 3, 1]);
    expect(c.total.index).toBeCloseTo((100 * 3 + c.branches.C!.index!) / 4, 9);
  });
});
