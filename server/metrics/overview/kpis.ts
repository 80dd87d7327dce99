/**
 * KPI cards and branch distribution of the leadership overview: the college roll-up of the period and of
 * the same period one year earlier (metrics.md "Year over year", "Roll-ups"), the college goals, and the
 * branches counted by their complianceRate goal status.
 */
import { CATEGORIES, type TCategory } from '../../../shared/domain';
import { IS_ADDITIVE, type TMetricKey } from '../../../shared/metric-keys';
import type { TGoalStatus, TMetricsScope, TMetricValues } from '../../../shared/schemas/metrics';
import type {
  TOverviewGoal,
  TOverviewKpi,
  TOverviewKpiKey,
  TOverviewKpis,
} from '../../../shared/schemas/overview';
import { OVERVIEW_KPI_KEYS } from '../../../shared/schemas/overview';
import { daysInclusive, daysInYear, shiftYearBack } from '../../../shared/schemas/period';
import type { DBOrTrx } from '../../db/database';
import { deriveValues, goalOf } from '../derive';
import { collegeRanges, type RangeTable } from '../evaluate';
import { loadGoalBook } from '../queries/goals';

interface TCollege {
  branches: number;
  values: TMetricValues;
  index: number | null;
}

/** Sums of the parts, rates from the sums, index = mean of the branches' indexes (metrics.md "Roll-ups"). */
function collegeOf(range: RangeTable): TCollege {
  return { branches: range.size, values: deriveValues(range.sumOf()), index: range.meanIndex() };
}

function kpiValue(college: TCollege, key: TOverviewKpiKey): number | null {
  return key === 'index' ? college.index : college.values[key];
}

/** What the college goals of a period are measured against. */
interface TGoalBasis {
  college: TCollege;
  /** The college's range: each branch's own (scaled) target. */
  range: RangeTable;
  /** The `全部` yearly goals of the goal year. */
  allGoals: Partial<Record<TMetricKey, number>>;
  /** Days counted / days in the goal year. */
  scale: number;
}

/**
 * The college goal of a metric. Rates (and per-member counts) compare the college value with the
 * `全部` goal; totals compare with what the branches owe together: the sum of each branch's own scaled
 * target (a `全部` goal of 30 sessions is 30 per branch, not 30 for the whole college).
 */
function collegeGoal(
  metric: TMetricKey,
  { college, range, allGoals, scale }: TGoalBasis,
): TOverviewGoal | null {
  const actual = college.values[metric];
  if (IS_ADDITIVE[metric]) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < range.size; i++) {
      const target = range.targetAt(i, metric);
      if (target === undefined) continue;
      sum += target;
      count += 1;
    }
    // The branches' targets are scaled already: their sum is the period's target (a scale of 1).
    return count > 0 ? { metric, basis: 'branchSum', actual, ...goalOf(metric, actual, sum, 1) } : null;
  }
  const yearly = allGoals[metric];
  if (yearly === undefined) return null;
  return { metric, basis: 'all', actual, ...goalOf(metric, actual, yearly, scale) };
}

function kpiGoal(key: TOverviewKpiKey, basis: TGoalBasis): TOverviewGoal | null {
  if (key === 'index') return null;
  const own = collegeGoal(key, basis);
  // Colleges usually set volunteer service per member rather than in total hours.
  if (!own && key === 'volunteerHours') return collegeGoal('volunteerHoursPerMember', basis);
  return own;
}

function emptyCounts(): Record<TGoalStatus, number> {
  return { met: 0, near: 0, behind: 0, none: 0 };
}

function distributionOf(range: RangeTable): TOverviewKpis['distribution'] {
  const byStatus = emptyCounts();
  const byCategory = new Map<TCategory | null, Record<TGoalStatus, number>>();
  for (let i = 0; i < range.size; i++) {
    const status = range.goalAt(i, 'complianceRate')?.status ?? 'none';
    byStatus[status] += 1;
    const { category } = range.branchAt(i);
    const counts = byCategory.get(category) ?? emptyCounts();
    counts[status] += 1;
    byCategory.set(category, counts);
  }
  const order = (c: TCategory | null) => (c === null ? CATEGORIES.keys.length : CATEGORIES.keys.indexOf(c));
  return {
    basis: 'complianceRate',
    byStatus,
    byCategory: [...byCategory]
      .sort(([a], [b]) => order(a) - order(b))
      .map(([category, counts]) => ({ category, counts })),
  };
}

/** KPI cards with goals and year-over-year change, and the branch distribution, for one period. */
export async function getOverviewKpis(
  db: DBOrTrx,
  { scope }: { scope: TMetricsScope },
): Promise<TOverviewKpis> {
  const previousRange = { start: shiftYearBack(scope.start), asOf: shiftYearBack(scope.asOf) };
  // The same two college-wide ranges as overview.summary on the same page: computed once (memo.ts).
  const [[current, previous], book] = await Promise.all([
    collegeRanges(db, [scope, previousRange]),
    loadGoalBook(db, scope.goalYear),
  ]);
  if (!current || !previous) throw new Error('collegeRanges returned fewer tables than ranges');
  const college = collegeOf(current);
  const before = collegeOf(previous);
  const basis: TGoalBasis = {
    college,
    range: current,
    allGoals: book.all,
    scale: daysInclusive(scope.start, scope.asOf) / daysInYear(scope.goalYear),
  };
  const kpis: TOverviewKpi[] = OVERVIEW_KPI_KEYS.map((key) => {
    const value = kpiValue(college, key);
    const prior = before.branches > 0 ? kpiValue(before, key) : null;
    return {
      key,
      value,
      previous: prior,
      delta: value === null || prior === null ? null : value - prior,
      goal: kpiGoal(key, basis),
    };
  });
  return {
    scope,
    previousScope: { ...previousRange, branches: before.branches },
    branches: college.branches,
    kpis,
    distribution: distributionOf(current),
  };
}
