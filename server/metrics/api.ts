/**
 * The server functions behind the metrics procedures and the CLI: the comparison table, one branch in
 * depth and the college overview (goal and weight changes: server/audit/goal-writes.ts).
 */
import { AppError } from '../../shared/app-error';
import { CATEGORIES, type TCategory } from '../../shared/domain';
import type {
  TBacklogItem,
  TBranchIdentity,
  TBranchMetricsRow,
  TMetricsScope,
  TMonthlyPoint,
  TRollupMetrics,
} from '../../shared/schemas/metrics';
import { addMonths, monthEndOf, monthStartOf, monthStartsBetween } from '../../shared/schemas/period';
import type { DBOrTrx } from '../db/database';
import { valuesOfParts } from './derive';
import { collegeRange, collegeRanks, type RangeTable } from './evaluate';
import { memoized, memoizedSmall } from './memo';
import { queryCollegeMonthlySums, queryCollegeSlotsByMonth } from './queries/college-months';
import { backlogOf, querySlotRows, querySlotsByMonth } from './queries/slot-stats';
import { queryMonthlySums } from './queries/stat-sums';
import { planSums, queryWholeSlots } from './range-plan';
import { reportOf, rollupOf, rollupOfRange } from './report';
import { rangeVersion } from './versions';

/** What every function here reads: a request's scope, opened once per request (scope.ts openScope). */
interface TScoped {
  scope: TMetricsScope;
}

/**
 * Why a branch has no row in a period, in words a secretary can act on: it was founded after the
 * period or dissolved before it (with the date), or there is no such branch. Never an internal id.
 */
async function notReportedMessage(
  db: DBOrTrx,
  scope: TMetricsScope,
  branchId: number,
): Promise<{ zh: string; en: string }> {
  const unit = await db
    .selectFrom('units')
    .select(['name', 'established_on', 'dissolved_on'])
    .where('id', '=', branchId)
    .where('kind', '=', 'branch')
    .executeTakeFirst();
  if (!unit) return { zh: '支部不存在', en: 'No such branch' };
  if (unit.established_on > scope.asOf)
    return {
      zh: `${unit.name}成立于 ${unit.established_on}，${scope.period} 统计期内尚未成立`,
      en: `${unit.name} was founded on ${unit.established_on}, after the period ${scope.period}`,
    };
  if (unit.dissolved_on !== null && unit.dissolved_on < scope.start)
    return {
      zh: `${unit.name}已于 ${unit.dissolved_on} 撤销，${scope.period} 统计期内已不存在`,
      en: `${unit.name} was dissolved on ${unit.dissolved_on}, before the period ${scope.period}`,
    };
  return {
    zh: `${unit.name}不在 ${scope.period} 统计期内`,
    en: `${unit.name} is not reported in ${scope.period}`,
  };
}

export interface TBranchMetricsResult {
  scope: TMetricsScope;
  rows: TBranchMetricsRow[];
  /** Roll-up of the rows shown (all filters applied). */
  total: TRollupMetrics;
  /**
   * Every branch reported in the range, filtered or not: which roll-ups a secretary may see depends on
   * the whole structure (auth/metrics-visibility.ts, which drops this before the answer leaves).
   */
  reported: readonly TBranchIdentity[];
}

/** The comparison table: every reported branch (optionally of one category / under one unit). */
export async function getBranchMetrics(
  db: DBOrTrx,
  { scope, category, parentId }: TScoped & { category?: TCategory; parentId?: number },
): Promise<TBranchMetricsResult> {
  const report = await reportOf(db, scope, { withBacklog: false });
  const rows = report.rows.filter(
    (r) => (!category || r.branch.category === category) && (!parentId || r.branch.parentId === parentId),
  );
  return {
    scope: report.scope,
    rows,
    total: rollupOf(report, rows),
    reported: report.rows.map((r) => r.branch),
  };
}

export interface TBranchDetail {
  scope: TMetricsScope;
  row: TBranchMetricsRow;
  monthly: TMonthlyPoint[];
}

/** One branch in depth: every metric with backlog, rank and delta, plus a monthly series. */
export async function getBranchDetail(
  db: DBOrTrx,
  { scope, branchId }: TScoped & { branchId: number },
): Promise<TBranchDetail> {
  const row = await branchRowOf(db, scope, branchId);
  return { scope, row, monthly: await monthlySeries(db, scope, [branchId]) };
}

/** One branch's row with its ranks among the college's; NOT_FOUND (in words) when it is not reported. */
async function branchRowOf(db: DBOrTrx, scope: TMetricsScope, branchId: number): Promise<TBranchMetricsRow> {
  // Ranks need every branch's index: computed once per data version (memo.ts), not per branch page,
  // by the rank-only path (evaluate.ts computeRanks) unless the college's range is already evaluated.
  const ranks = await collegeRanks(db, scope);
  const report = await reportOf(db, scope, { branchIds: [branchId], ranks });
  const row = report.rows[0];
  if (!row) throw new AppError('NOT_FOUND', await notReportedMessage(db, scope, branchId));
  return row;
}

/** A branch's place in the comparison: its identity, index and ranks (what every role may see of it). */
export interface TBranchStanding {
  scope: TMetricsScope;
  branch: TBranchIdentity;
  metrics: { index: number | null; rank: number | null; categoryRank: number | null };
}

/**
 * One branch's index and ranks, for the page of a branch whose figures the viewer may not read: the
 * college's ranks (kept per period) and the branch's own row, not the whole comparison (2,000 rows,
 * ≈ 0.6 MB of JSON, to show three numbers).
 */
export async function getBranchStanding(
  db: DBOrTrx,
  { scope, branchId }: TScoped & { branchId: number },
): Promise<TBranchStanding> {
  const { branch, metrics } = await branchRowOf(db, scope, branchId);
  return {
    scope,
    branch,
    metrics: { index: metrics.index, rank: metrics.rank, categoryRank: metrics.categoryRank },
  };
}

/** The rates of a month, by the metrics' own formulas over the month's sums. */
const MONTHLY_RATES = ['attendanceRate', 'complianceRate'] as const;

/**
 * Sessions, due/met slots and attendance per month of the counted range for some branches (default:
 * every branch reported in the range). Both halves are aggregated per month in SQL.
 */
export async function monthlySeries(
  db: DBOrTrx,
  scope: TMetricsScope,
  branchIds?: readonly number[],
): Promise<TMonthlyPoint[]> {
  const wholeSlots = await queryWholeSlots(db, scope.start, scope.asOf);
  const plan = planSums(scope.start, scope.asOf, wholeSlots, true);
  // The college's series from per-slot aggregates shared by every period (college-months.ts).
  const [sums, slots] = await Promise.all(
    branchIds
      ? [
          queryMonthlySums(db, plan, branchIds),
          querySlotsByMonth(db, { start: scope.start, asOf: scope.asOf, branchIds }),
        ]
      : [queryCollegeMonthlySums(db, scope, plan), queryCollegeSlotsByMonth(db, wholeSlots)],
  );
  const points: TMonthlyPoint[] = [];
  for (const m of monthStartsBetween(scope.start, scope.asOf)) {
    const s = sums.get(m);
    const slot = slots.get(m.slice(0, 7));
    const dueSlots = slot?.dueSlots ?? 0;
    const metSlots = slot?.metSlots ?? 0;
    const rates = valuesOfParts(MONTHLY_RATES, {
      attendedSum: s?.att_sum ?? 0,
      expectedSum: s?.exp_sum ?? 0,
      due: dueSlots,
      met: metSlots,
    });
    points.push({
      month: m.slice(0, 7),
      sessions: s?.sessions ?? 0,
      dueSlots,
      metSlots,
      attendanceRate: rates.attendanceRate,
      complianceRate: rates.complianceRate,
    });
  }
  return points;
}

export interface TOverview {
  scope: TMetricsScope;
  total: TRollupMetrics;
  byCategory: Partial<Record<TCategory, TRollupMetrics>>;
  top: TBranchMetricsRow[];
  bottom: TBranchMetricsRow[];
  /** Unmet month slots of the last completed month (`month`), per branch. */
  alerts: {
    month: string | null;
    items: { branchId: number; code: string; name: string; backlog: TBacklogItem[] }[];
  };
  /** Every branch reported in the range, for the roll-up rule (metrics-visibility.ts drops it). */
  reported: readonly TBranchIdentity[];
}

/**
 * The leadership view: college and category roll-ups, leaders and laggards, last month's unmet slots.
 * Only the listed branches need rows (with their year-earlier delta), so the college is evaluated for
 * the current range only (shared with the page's other procedures, memo.ts) and the listed branches
 * for both years.
 */
export async function getOverview(
  db: DBOrTrx,
  { scope, limit = 5 }: TScoped & { limit?: number },
): Promise<TOverview> {
  // Asked for by every overview and big-screen load and by each secretary's home, of every role and
  // branch (the response cache keeps answers per caller): one computation per period and the versions
  // of what it reads (its listed rows' deltas: the year before too). Callers only read it
  // (metrics-visibility.ts builds a reduced copy).
  const version = await rangeVersion(db, scope, { yearBefore: true });
  return memoized(
    db,
    `overview|${scope.period}|${scope.start}|${scope.asOf}|${scope.goalYear}|${limit}@${version}`,
    () => buildOverview(db, scope, limit),
    // `reported` is the range's own list; the listed rows and the alerts are its own.
    (overview) =>
      OVERVIEW_BYTES +
      (overview.top.length + overview.bottom.length) * 3000 +
      overview.alerts.items.length * 300,
  );
}

/** Approximate bytes of an overview besides its rows and alerts (the roll-ups of the college and categories). */
const OVERVIEW_BYTES = 16 * 1024;

async function buildOverview(db: DBOrTrx, scope: TMetricsScope, limit: number): Promise<TOverview> {
  const range = await collegeRange(db, scope);
  // Ranked from the range in hand (without it collegeRanks would take the rank-only path: its SQL again).
  const ranks = await collegeRanks(db, scope, range);
  // By rank; ties keep code order (the range is in code order and the sort is stable).
  const ranked = range.branches
    .map((b) => b.id)
    .flatMap((id) => {
      const rank = ranks.rank.get(id);
      return rank === undefined ? [] : [{ id, rank }];
    })
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.id);
  const topIds = ranked.slice(0, limit);
  const bottomIds = ranked.slice(-limit).reverse();
  const listed = await reportOf(db, scope, {
    branchIds: [...new Set([...topIds, ...bottomIds])],
    ranks,
    withBacklog: false,
  });
  const rowOf = new Map(listed.rows.map((r) => [r.branch.id, r]));
  const byCategory: TOverview['byCategory'] = {};
  for (const c of CATEGORIES.keys) {
    const rows: number[] = [];
    for (let i = 0; i < range.size; i++) if (range.branchAt(i).category === c) rows.push(i);
    if (rows.length) byCategory[c] = rollupOfRange(range, rows);
  }
  return {
    scope,
    total: rollupOfRange(range),
    byCategory,
    top: topIds.flatMap((id) => rowOf.get(id) ?? []),
    bottom: bottomIds.flatMap((id) => rowOf.get(id) ?? []),
    alerts: await lastMonthAlerts(db, scope, range),
    reported: range.branches,
  };
}

async function lastMonthAlerts(
  db: DBOrTrx,
  scope: TMetricsScope,
  range: RangeTable,
): Promise<TOverview['alerts']> {
  const { asOf, start } = scope;
  // The last month completed on or before asOf.
  const last = asOf === monthEndOf(asOf) ? monthStartOf(asOf) : addMonths(asOf, -1);
  if (last < start) return { month: null, items: [] };
  // The same month closes every period that ends in the next one: read once per data version.
  const rows = await memoizedSmall(db, `unmetMonth|${last}`, async () =>
    (await querySlotRows(db, { start: last, asOf: monthEndOf(last) }, { onlyUnmet: true })).filter(
      (r) => r.length === 'month',
    ),
  );
  const byBranch = new Map<number, typeof rows>();
  for (const r of rows) byBranch.set(r.branchId, [...(byBranch.get(r.branchId) ?? []), r]);
  const items = [...byBranch]
    .flatMap(([id, list]) => {
      const i = range.positionOf(id);
      if (i === undefined) return [];
      const { code, name } = range.branchAt(i);
      return [{ branchId: id, code, name, backlog: backlogOf(list) }];
    })
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  return { month: last.slice(0, 7), items };
}
