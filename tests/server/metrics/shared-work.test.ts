/**
 * The performance paths of the engine give the same numbers as the plain ones: the memo of college-wide
 * ranges (never stale, shared while nothing changes), the overview built from the current range only,
 * the monthly series aggregated per slot in SQL, and packed rows (doubles stay exact).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connection';
import { getOverview, monthlySeries } from '../../../server/metrics/api';
import { collegeRanges } from '../../../server/metrics/evaluate';
import { clearMetricsMemo } from '../../../server/metrics/memo';
import { getOverviewTrend } from '../../../server/metrics/overview/trend';
import { computeMetrics, rollupOf } from '../../../server/metrics/report';
import { refreshRollups } from '../../../server/metrics/rollups';
import { openScope, resolveScope } from '../../../server/metrics/scope';
import { type createTestDb, describeOnBothBackends } from '../../helpers/test-db';
import { addActivity, addBranch, addFullYear, addMember } from './seed';

const TODAY = '2026-03-01';
const range = { start: '2025-01-01', asOf: '2025-12-31' };
type TDb = Awaited<ReturnType<typeof createTestDb>>;

/** Five branches with different records, goals and weights, so ranks, deltas and goals are non-trivial. */
async function college(db: TDb) {
  const ids: number[] = [];
  for (const [i, code] of ['A1', 'B2', 'C3', 'D4', 'E5'].entries()) {
    const id = await addBranch(db, code, {
      category: i % 2 ? 'faculty' : 'admin',
      groups: i === 2,
      est: i === 4 ? '2025-04-10' : undefined,
    });
    ids.push(id);
    await addMember(db, id, `${code}-m1`);
    await addMember(db, id, `${code}-m2`, '2020-01-01', i === 1 ? '2025-06-30' : null);
    if (i < 3) await addFullYear(db, id, 2025);
    if (i < 2) await addFullYear(db, id, 2024);
    for (let k = 0; k <= i; k++) {
      await addActivity(db, id, `2025-0${k + 1}-20`, 'party_lecture', {
        sharers: [`${code}-m1`],
        formats: ['reading'],
        modules: ['spirit'],
        expected: 2,
        attended: 1 + (k % 2),
      });
    }
  }
  await db
    .insertInto('goals')
    .values([
      { year: 2025, scope_type: 'all', scope_ref: '', metric: 'complianceRate', target: 0.9 },
      { year: 2025, scope_type: 'all', scope_ref: '', metric: 'sessions', target: 30 },
      { year: 2025, scope_type: 'category', scope_ref: 'faculty', metric: 'attendanceRate', target: 0.8 },
      { year: 2025, scope_type: 'branch', scope_ref: 'C3', metric: 'sessions', target: 10 },
      { year: 2024, scope_type: 'all', scope_ref: '', metric: 'complianceRate', target: 0.9 },
    ])
    .execute();
  return ids;
}

describeOnBothBackends('shared work in the metrics engine', (createDb) => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('shares a college range while nothing changes, and never serves it after a write', async () => {
    const db = await createDb();
    const [a] = await college(db);
    const [first] = await collegeRanges(db, [range]);
    const [again] = await collegeRanges(db, [range]);
    expect(again).toBe(first); // the same evaluation, not a recomputation
    clearMetricsMemo(db);
    const [cleared] = await collegeRanges(db, [range]);
    expect(cleared).not.toBe(first);
    expect(cleared!.valuesAt(cleared!.positionOf(a!)!)).toEqual(first!.valuesAt(first!.positionOf(a!)!));

    const before = (await computeMetrics(db, { period: '2025', today: TODAY })).rows.find(
      (r) => r.branch.code === 'A1',
    )!;
    // The college's report and trend are shared the same way.
    const request = { period: '2025', today: TODAY };
    expect(await computeMetrics(db, request)).toBe(await computeMetrics(db, request));
    const trend = await getOverviewTrend(db, { scope: await openScope(db, request) });
    expect(await getOverviewTrend(db, { scope: await openScope(db, request) })).toBe(trend);
    await addActivity(db, a!, '2025-07-07', 'committee_meeting');
    const julyBefore = trend.points.find((p) => p.month === '2025-07')!.sessions;
    expect(
      (await getOverviewTrend(db, { scope: await openScope(db, request) })).points.find(
        (p) => p.month === '2025-07',
      )!.sessions,
    ).toBe(julyBefore + 1);
    const after = (await computeMetrics(db, { period: '2025', today: TODAY })).rows.find(
      (r) => r.branch.code === 'A1',
    )!;
    expect(after.metrics.sessions).toBe(before.metrics.sessions + 1);
    // Goals are data too.
    await db
      .updateTable('goals')
      .set({ target: 60 })
      .where('metric', '=', 'sessions')
      .where('scope_type', '=', 'all')
      .execute();
    const regoaled = (await computeMetrics(db, { period: '2025', today: TODAY })).rows.find(
      (r) => r.branch.code === 'A1',
    )!;
    expect(regoaled.metrics.goals.sessions!.target).toBe(60);
  });

  it('sees commits made through another connection to the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memo-'));
    dirs.push(dir);
    const url = join(dir, 'db.sqlite');
    const reader = await openDatabase({ url });
    const writer = await openDatabase({ url });
    const [a] = await college(writer);
    const before = (await computeMetrics(reader, { period: '2025', today: TODAY })).rows.find(
      (r) => r.branch.id === a,
    )!;
    await addActivity(writer, a!, '2025-08-08', 'committee_meeting');
    // The writer refreshes the roll-up itself, so the reader writes nothing: only PRAGMA data_version moves.
    expect(await refreshRollups(writer)).toBe(1);
    const after = (await computeMetrics(reader, { period: '2025', today: TODAY })).rows.find(
      (r) => r.branch.id === a,
    )!;
    expect(after.metrics.sessions).toBe(before.metrics.sessions + 1);
    await reader.destroy();
    await writer.destroy();
  });

  it('overview.summary equals the roll-ups and ranked rows of the full comparison', async () => {
    const db = await createDb();
    await college(db);
    for (const asOf of ['2025-12-31', '2025-06-15']) {
      const full = await computeMetrics(db, { period: '2025', asOf, today: TODAY, withBacklog: false });
      clearMetricsMemo(db);
      const scope = await openScope(db, { period: '2025', asOf, today: TODAY });
      const overview = await getOverview(db, { scope, limit: 2 });
      const ranked = full.rows
        .filter((r) => r.metrics.rank !== null)
        .sort((x, y) => x.metrics.rank! - y.metrics.rank!);
      expect(ranked.length).toBeGreaterThan(3);
      expect(overview.top).toEqual(ranked.slice(0, 2));
      expect(overview.bottom).toEqual(ranked.slice(-2).reverse());
      expect(overview.total).toEqual(rollupOf(full));
      expect(overview.byCategory.faculty).toEqual(
        rollupOf(
          full,
          full.rows.filter((r) => r.branch.category === 'faculty'),
        ),
      );
    }
  });

  it('the monthly series of one branch or of all adds up to their due and met slots and sessions', async () => {
    const db = await createDb();
    await college(db);
    for (const period of ['2025', '2025-Q2', '2025-02-10..2025-11-20']) {
      const scope = resolveScope(period, undefined, TODAY);
      const report = await computeMetrics(db, { period, today: TODAY, withBacklog: false });
      for (const row of report.rows) {
        const series = await monthlySeries(db, scope, [row.branch.id]);
        expect(series.reduce((a, p) => a + p.dueSlots, 0)).toBe(row.metrics.dueSlots);
        expect(series.reduce((a, p) => a + p.metSlots, 0)).toBe(row.metrics.metSlots);
        expect(series.reduce((a, p) => a + p.sessions, 0)).toBe(row.metrics.sessions);
      }
      const all = await monthlySeries(db, scope);
      const total = rollupOf(report);
      expect(all.reduce((a, p) => a + p.dueSlots, 0)).toBe(total.dueSlots);
      expect(all.reduce((a, p) => a + p.metSlots, 0)).toBe(total.metSlots);
      expect(all.reduce((a, p) => a + p.sessions, 0)).toBe(total.sessions);
    }
  });

  it("the college series, kept per month and slot, equals the reported branches' own series for any range", async () => {
    const db = await createDb();
    const ids = await college(db);
    // A branch dissolved mid-2025 whose secretary still recorded a session after that (outside its
    // existence: counted only in ranges that report the branch), and one founded in 2026.
    const gone = await addBranch(db, 'F6', { dis: '2025-06-15' });
    await addActivity(db, gone, '2025-05-02', 'theme_day', { expected: 3, attended: 2 });
    await addActivity(db, gone, '2025-08-08', 'party_lecture', { expected: 4, attended: 4 });
    const late = await addBranch(db, 'G7', { est: '2026-01-10' });
    await addActivity(db, late, '2026-01-20', 'committee_meeting', { expected: 5, attended: 5 });
    await refreshRollups(db);
    const everyId = [...ids, gone, late];
    // Ranges sharing months (the per-month memo serves the later ones), with partial months at either end.
    for (const period of [
      '2025',
      '2025-07-01..2026-02-20',
      '2025-06-16..2025-12-31',
      '2024-12-05..2026-02-28',
      '2025-Q3',
      '2026-01',
    ]) {
      const scope = resolveScope(period, undefined, TODAY);
      const reported = everyId.filter((id) => {
        const est = id === late ? '2026-01-10' : id === ids[4] ? '2025-04-10' : '2020-01-01';
        const dis = id === gone ? '2025-06-15' : null;
        return est <= scope.asOf && (dis === null || dis >= scope.start);
      });
      const college = await monthlySeries(db, scope);
      const own = await monthlySeries(db, scope, reported);
      expect(college, period).toEqual(own);
    }
  });

  it('reads fractional sums exactly through the packed roll-up rows', async () => {
    const db = await createDb();
    const [a] = await college(db);
    for (const [day, hours] of [
      ['2025-03-01', 0.1],
      ['2025-03-02', 0.2],
    ] as const) {
      await db
        .insertInto('achievements')
        .values({
          branch_id: a!,
          achieved_on: day,
          kind: 'volunteer_service',
          title: day,
          level: null,
          hours,
          participants: 1,
          notes: null,
        })
        .execute();
    }
    const row = (await computeMetrics(db, { period: '2025', today: TODAY })).rows.find(
      (r) => r.branch.id === a,
    )!;
    // The same additions in the same order as the roll-up (month, quarter, year): bit-for-bit equal, so
    // JSON packing lost no digit (a 15-digit rendering would turn 0.30000000000000004 into 0.3).
    expect(row.metrics.volunteerHours).toBe(0.1 + 0.2);
    expect(row.metrics.volunteerHours).not.toBe(0.3);
  });
});
