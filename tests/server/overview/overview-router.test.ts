/**
 * overview.* through the tRPC caller on the mini fixture (imported with the real import path): KPI values
 * against expected.json, goals and year-over-year change against the engine's own branch results and an
 * independently computed year-earlier roll-up, the monthly trend adding up to the period, and "due soon".
 */
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { TAuthUser } from '../../../server/auth/types';
import type { Database } from '../../../server/db/database';
import { importPath } from '../../../server/import';
import { computeMetrics, rollupOf } from '../../../server/metrics/report';
import type { TGoalStatus } from '../../../shared/schemas/metrics';
import type { TOverviewKpis } from '../../../shared/schemas/overview';
import expected from '../../fixtures/mini/expected.json';
import { callerFor } from '../../helpers/caller';
import { describeOnBothBackends } from '../../helpers/test-db';

const fixture = fileURLToPath(new URL('../../fixtures/mini/', import.meta.url));
const user = (role: TAuthUser['role'], branchId: number | null = null): TAuthUser => ({
  id: 1,
  username: role,
  displayName: role,
  role,
  branchId,
  branchName: null,
});
const kpi = (result: TOverviewKpis, key: TOverviewKpis['kpis'][number]['key']) =>
  result.kpis.find((k) => k.key === key)!;

describeOnBothBackends('overview router', (createDb) => {
  let db: Kysely<Database>;
  beforeAll(async () => {
    db = await createDb();
    expect((await importPath(db, fixture)).ok).toBe(true);
  });

  it('KPI values are the college roll-up of expected.json', async () => {
    const result = await callerFor(db, user('leader')).overview.kpis({ period: '2025' });
    const total = expected.cases.find((c) => c.period === '2025' && c.asOf === '2025-12-31')!.total;
    expect(result.scope).toMatchObject({
      period: '2025',
      start: '2025-01-01',
      asOf: '2025-12-31',
      goalYear: 2025,
    });
    expect(result.branches).toBe(5);
    expect(result.kpis.map((k) => k.key)).toEqual([
      'complianceRate',
      'attendanceRate',
      'sessions',
      'volunteerHours',
      'projectsApproved',
      'index',
    ]);
    expect(kpi(result, 'complianceRate').value).toBeCloseTo(total.complianceRate, 9);
    expect(kpi(result, 'attendanceRate').value).toBeCloseTo(total.attendanceRate, 9);
    expect(kpi(result, 'sessions').value).toBe(total.sessions);
    expect(kpi(result, 'volunteerHours').value).toBe(total.volunteerHours);
    expect(kpi(result, 'projectsApproved').value).toBe(total.projectsApproved);
    expect(kpi(result, 'index').value).toBeCloseTo(total.index, 1);
  });

  it('goals: rates against the 全部 goal, totals against the sum of the branches’ targets', async () => {
    const caller = callerFor(db, user('leader'));
    for (const period of ['2025', '2025-Q2']) {
      const result = await caller.overview.kpis({ period });
      const branches = await caller.metrics.branches({ period });
      // 目标.csv: complianceRate 0.95 and attendanceRate 0.9 for 全部 (used as they are).
      expect(kpi(result, 'complianceRate').goal).toMatchObject({
        metric: 'complianceRate',
        basis: 'all',
        target: 0.95,
      });
      expect(kpi(result, 'attendanceRate').goal).toMatchObject({ basis: 'all', target: 0.9 });
      for (const key of ['sessions', 'projectsApproved'] as const) {
        const sum = branches.rows.reduce((a, r) => a + (r.metrics.goals[key]?.target ?? 0), 0);
        const goal = kpi(result, key).goal!;
        expect(goal.basis).toBe('branchSum');
        expect(goal.target).toBeCloseTo(sum, 9);
        expect(goal.attainment).toBeCloseTo(Math.min((branches.total?.[key] ?? Number.NaN) / sum, 1), 9);
      }
      // No volunteerHours goal in the fixture: the card compares hours per member with the 全部 goal (4 h a year).
      const volunteer = kpi(result, 'volunteerHours').goal!;
      expect(volunteer.metric).toBe('volunteerHoursPerMember');
      expect(volunteer.actual).toBeCloseTo(branches.total?.volunteerHoursPerMember ?? Number.NaN, 9);
      expect(volunteer.target).toBeCloseTo(period === '2025' ? 4 : (4 * 91) / 365, 9);
      expect(kpi(result, 'index').goal).toBeNull();
    }
    const year = await caller.overview.kpis({ period: '2025' });
    // 30 sessions for each of 5 branches; 1 project each, 2 for XZ01.
    expect(kpi(year, 'sessions').goal!.target).toBe(150);
    expect(kpi(year, 'sessions').goal!.status).toBe('near');
    expect(kpi(year, 'projectsApproved').goal!.target).toBe(6);
    expect(kpi(year, 'projectsApproved').goal!.status).toBe('behind');
    expect(kpi(year, 'complianceRate').goal!.attainment).toBeCloseTo(142 / 184 / 0.95, 9);
  });

  it('year over year: the same counted range one year earlier, computed by the engine separately', async () => {
    const result = await callerFor(db, user('leader')).overview.kpis({ period: '2025', asOf: '2025-09-15' });
    expect(result.previousScope).toMatchObject({ start: '2024-01-01', asOf: '2024-09-15' });
    const earlier = await computeMetrics(db, { period: '2024-01-01..2024-09-15' });
    const before = rollupOf(earlier);
    // LT003 was founded in 2025: four branches then.
    expect(result.previousScope.branches).toBe(4);
    expect(before.branches).toBe(4);
    for (const key of [
      'complianceRate',
      'attendanceRate',
      'sessions',
      'volunteerHours',
      'projectsApproved',
    ] as const) {
      const card = kpi(result, key);
      expect(card.previous).toEqual(before[key]);
      if (card.value === null || before[key] === null) expect(card.delta).toBeNull();
      else expect(card.delta).toBeCloseTo(card.value - before[key]!, 9);
    }
    expect(kpi(result, 'sessions').value).toBe(90);
    // No 2024 goals in the fixture: no index then, so no index change.
    expect(kpi(result, 'index').previous).toBeNull();
    expect(kpi(result, 'index').delta).toBeNull();
  });

  it('distribution: branches by their complianceRate goal status, overall and per category', async () => {
    const caller = callerFor(db, user('leader'));
    const result = await caller.overview.kpis({ period: '2025' });
    const branches = await caller.metrics.branches({ period: '2025' });
    const counts: Record<TGoalStatus, number> = { met: 0, near: 0, behind: 0, none: 0 };
    for (const r of branches.rows) counts[r.metrics.goals.complianceRate?.status ?? 'none'] += 1;
    expect(result.distribution.basis).toBe('complianceRate');
    expect(result.distribution.byStatus).toEqual(counts);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(5);
    expect(result.distribution.byCategory.map((c) => c.category)).toEqual([
      'admin',
      'faculty',
      'student',
      'retired',
    ]);
    const admin = result.distribution.byCategory.find((c) => c.category === 'admin')!;
    expect(Object.values(admin.counts).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('trend: one point per month that adds up to the period, with the 全部 compliance goal', async () => {
    const trend = await callerFor(db, user('secretary', 1)).overview.trend({ period: '2025' });
    expect(trend.points.map((p) => p.month)).toHaveLength(12);
    expect(trend.points[0]!.month).toBe('2025-01');
    expect(trend.points.reduce((a, p) => a + p.sessions, 0)).toBe(143);
    expect(trend.points.reduce((a, p) => a + p.dueSlots, 0)).toBe(184);
    expect(trend.points.reduce((a, p) => a + p.metSlots, 0)).toBe(142);
    for (const p of trend.points)
      expect(p.complianceRate).toBe(p.dueSlots > 0 ? p.metSlots / p.dueSlots : null);
    expect(trend.complianceTarget).toBe(0.95);
    const q2 = await callerFor(db, user('leader')).overview.trend({ period: '2025-Q2' });
    expect(q2.points.map((p) => p.month)).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(q2.points.reduce((a, p) => a + p.sessions, 0)).toBe(31);
  });

  it('due soon: current month and quarter slots not held by today, with days left', async () => {
    const today = '2025-11-20';
    const due = await callerFor(db, user('leader')).overview.dueSoon({ today });
    expect(due.slots.map((s) => s.label)).toEqual(['2025-11', '2025-Q4']);
    // November: JG001 and XS002 held their theme days after the 20th, LT003 its committee meeting;
    // Q4: nobody has held a general meeting or a party lecture by 20 November.
    expect(due.byType).toEqual({ theme_day: 2, committee_meeting: 1, general_meeting: 5, party_lecture: 5 });
    expect(due.total).toBe(13);
    expect(due.items.slice(0, 3).map((i) => [i.code, i.type, i.slot, i.daysLeft])).toEqual([
      ['JG001', 'theme_day', '2025-11', 10],
      ['LT003', 'committee_meeting', '2025-11', 10],
      ['XS002', 'theme_day', '2025-11', 10],
    ]);
    expect(due.items.filter((i) => i.slot === '2025-Q4').every((i) => i.daysLeft === 41)).toBe(true);

    // The same list by a different formulation: every owed (branch, type) minus those held by today.
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from units b, (
        select 'committee_meeting' as t, '2025-11-01' as s, 0 as g union all select 'theme_day', '2025-11-01', 0
        union all select 'group_meeting', '2025-11-01', 1 union all select 'general_meeting', '2025-10-01', 0
        union all select 'party_lecture', '2025-10-01', 0) r
      where b.kind = 'branch' and b.established_on <= r.s and (r.g = 0 or b.has_groups = 1)
        and (select count(*) from activities a where a.branch_id = b.id and a.type = r.t and a.held_on between r.s and ${today}) = 0`.execute(
      db,
    );
    expect(due.total).toBe(Number(rows[0]!.n));

    const limited = await callerFor(db, user('leader')).overview.dueSoon({ today, limit: 2 });
    expect(limited.items).toHaveLength(2);
    expect(limited.total).toBe(13);

    // 导出 asks for the whole list at once (client/src/features/overview/list-export-buttons.tsx).
    const whole = await callerFor(db, user('leader')).overview.dueSoon({ today, limit: 20_000 });
    expect(whole.items).toHaveLength(13);
    await expect(
      callerFor(db, user('leader')).overview.dueSoon({ today, limit: 20_001 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('due soon is narrowed to a secretary’s own branch; anonymous callers are refused', async () => {
    const lt003 = await db
      .selectFrom('units')
      .select('id')
      .where('code', '=', 'LT003')
      .executeTakeFirstOrThrow();
    const due = await callerFor(db, user('secretary', Number(lt003.id))).overview.dueSoon({
      today: '2025-11-20',
    });
    expect(new Set(due.items.map((i) => i.code))).toEqual(new Set(['LT003']));
    expect(due.total).toBe(3);
    await expect(callerFor(db, null).overview.kpis({ period: '2025' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(
      callerFor(db, user('leader'), 'en').overview.trend({ period: '2025-Q2', asOf: '2025-03-01' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('before'),
    });
  });
});
