/**
 * The metrics engine: every number of metrics.md for the branches reported in a (period, asOf).
 * SQL aggregates per branch (roll-up + edges, slots, members, achievements); this module only combines
 * the per-branch rows: goals, index, rank, delta and roll-ups.
 */
import { DELTA_KEYS } from '../../shared/metric-keys';
import type {
  TBacklogItem,
  TBranchMetrics,
  TBranchMetricsRow,
  TDeltaKey,
  TGoalResult,
  TMetricsCase,
  TMetricsScope,
  TMetricValues,
  TRollupMetrics,
} from '../../shared/schemas/metrics';
import { daysInclusive, daysInYear, goalYearOf, resolveCountedRange, shiftYearBack } from '../../shared/schemas/period';
import { todayIso } from '../../shared/schemas/date';
import type { TMetricKey } from '../../shared/metric-keys';
import type { DBOrTrx } from '../db/database';
import { compositeIndex, complianceByType, deriveValues, evaluateGoals } from './derive';
import { MET_COLUMN } from './columns';
import { loadGoalBook, loadWeights, targetsFor } from './queries/goals';
import { queryMemberCounts } from './queries/member-stats';
import { queryReportedBranches, type TReportedBranch } from './queries/reported-branches';
import { backlogOf, isOwed, querySlotCounts, querySlotRows, type TSlotCounts } from './queries/slot-stats';
import { queryBranchSums } from './queries/stat-sums';
import { dueByLength, planSums, queryWholeSlots } from './range-plan';
import { rankBranches } from './rank';
import { refreshRollups } from './rollups';
import { addSums, branchSums, type TMetricSums } from './sums';
import { REQUIREMENT_SLOTS, REQUIREMENTS, type TRequirement } from '../../shared/domain';

export interface TRange {
  start: string;
  asOf: string;
}

/** One branch evaluated over one counted range (before rank and delta). */
export interface TRangeBranch {
  branch: TReportedBranch;
  sums: TMetricSums;
  values: TMetricValues;
  goals: Partial<Record<TMetricKey, TGoalResult>>;
  index: number | null;
  existsOnAsOf: boolean;
}

/** Values, goals and index of the reported branches (all, or those of `branchIds`) over a range. */
export async function computeRange(
  db: DBOrTrx,
  { start, asOf }: TRange,
  branchIds?: readonly number[],
): Promise<Map<number, TRangeBranch>> {
  const allBranches = await queryReportedBranches(db, { start, asOf });
  const wanted = branchIds ? new Set(branchIds) : undefined;
  const branches = wanted ? allBranches.filter((b) => wanted.has(b.id)) : allBranches;
  const ids = wanted ? branches.map((b) => b.id) : undefined;
  const goalYear = goalYearOf(start);
  const wholeSlots = await queryWholeSlots(db, start, asOf);
  const due = dueByLength(wholeSlots);
  // Branches founded or dissolved inside the range owe a different set of slots: counted slot by slot.
  const partial = branches
    .filter((b) => b.establishedOn > start || (b.dissolvedOn !== null && b.dissolvedOn < asOf))
    .map((b) => b.id);
  const plan = planSums(start, asOf, wholeSlots);
  const [stats, partialSlots, members, book, weights] = await Promise.all([
    queryBranchSums(db, plan, ids),
    partial.length > 0 ? querySlotCounts(db, { start, asOf, branchIds: partial }) : new Map<number, TSlotCounts>(),
    queryMemberCounts(db, { start, asOf, plan, branchIds: ids }),
    loadGoalBook(db, goalYear),
    loadWeights(db),
  ]);
  const partialSet = new Set(partial);
  const scale = daysInclusive(start, asOf) / daysInYear(goalYear);
  const out = new Map<number, TRangeBranch>();
  for (const branch of branches) {
    const branchStats = stats.get(branch.id);
    let slots: Pick<TSlotCounts, 'due' | 'met'> | undefined;
    if (partialSet.has(branch.id)) {
      slots = partialSlots.get(branch.id);
    } else {
      const byType = (f: (t: TRequirement) => number) =>
        Object.fromEntries(
          REQUIREMENTS.keys.map((t) => [t, isOwed(t, REQUIREMENT_SLOTS[t], branch.hasGroups) ? f(t) : 0]),
        ) as Record<TRequirement, number>;
      slots = {
        due: byType((t) => due[REQUIREMENT_SLOTS[t]]),
        met: byType((t) => branchStats?.[MET_COLUMN[t]] ?? 0),
      };
    }
    const sums = branchSums(branchStats, slots, members.get(branch.id));
    const values = deriveValues(sums);
    const goals = evaluateGoals(values, targetsFor(book, branch.code, branch.category), scale);
    out.set(branch.id, {
      branch,
      sums,
      values,
      goals,
      index: compositeIndex(goals, weights),
      existsOnAsOf: branch.dissolvedOn === null || branch.dissolvedOn >= asOf,
    });
  }
  return out;
}

/** Ranks among every branch that exists on asOf and has an index (whatever subset is shown). */
export function ranksOf(range: Map<number, TRangeBranch>) {
  const entries = [...range.values()]
    .filter((b) => b.existsOnAsOf && b.index !== null)
    .map((b) => ({
      id: b.branch.id,
      group: b.branch.category ?? '',
      index: b.index!,
      complianceRate: b.values.complianceRate,
    }));
  return rankBranches(entries);
}

function deltaOf(current: TRangeBranch, previous: TRangeBranch | undefined): Record<TDeltaKey, number | null> {
  const delta = {} as Record<TDeltaKey, number | null>;
  for (const key of DELTA_KEYS) {
    const now = key === 'index' ? current.index : current.values[key];
    const then = previous ? (key === 'index' ? previous.index : previous.values[key]) : null;
    delta[key] = now === null || then === null || then === undefined ? null : now - then;
  }
  return delta;
}

export interface TMetricsRequest {
  period: string;
  asOf?: string;
  /** "Today" for the asOf default (yesterday while the period runs); injectable for tests. */
  today?: string;
  /** Only these branches in the rows (ranks still over all branches). */
  branchIds?: readonly number[];
  /** List unmet slots per branch (default true). */
  withBacklog?: boolean;
  /** Ranks of the current range when already known (cached); otherwise computed over all branches. */
  ranks?: ReturnType<typeof ranksOf>;
}

export interface TMetricsReport {
  scope: TMetricsScope;
  rows: TBranchMetricsRow[];
  /** Sums per branch id, for roll-ups of any subset. */
  sums: Map<number, TMetricSums>;
}

/** Resolves period/asOf (metrics.md) into the scope; throws PeriodInputError on bad input. */
export function resolveScope(period: string, asOf: string | undefined, today: string = todayIso()): TMetricsScope {
  const range = resolveCountedRange(period, asOf, today);
  return { period: range.period.label, start: range.start, asOf: range.asOf, goalYear: goalYearOf(range.start) };
}

export async function computeMetrics(db: DBOrTrx, request: TMetricsRequest): Promise<TMetricsReport> {
  const scope = resolveScope(request.period, request.asOf, request.today);
  await refreshRollups(db);
  const isAll = !request.branchIds;
  // With known ranks, only the requested branches are computed.
  const current = await computeRange(db, scope, request.ranks ? request.branchIds : undefined);
  const { rank, groupRank } = request.ranks ?? ranksOf(current);
  const shown = request.branchIds ? request.branchIds.filter((id) => current.has(id)) : [...current.keys()];
  const previous = await computeRange(
    db,
    { start: shiftYearBack(scope.start), asOf: shiftYearBack(scope.asOf) },
    isAll ? undefined : shown,
  );
  const backlogs = new Map<number, TBacklogItem[]>();
  if (request.withBacklog !== false) {
    const rows = await querySlotRows(db, { start: scope.start, asOf: scope.asOf, branchIds: isAll ? undefined : shown }, { onlyUnmet: true });
    const byBranch = new Map<number, typeof rows>();
    for (const row of rows) {
      const list = byBranch.get(row.branchId);
      if (list) list.push(row);
      else byBranch.set(row.branchId, [row]);
    }
    for (const [id, list] of byBranch) backlogs.set(id, backlogOf(list));
  }
  const rows: TBranchMetricsRow[] = [];
  const sums = new Map<number, TMetricSums>();
  for (const id of shown) {
    const b = current.get(id)!;
    const metrics: TBranchMetrics = {
      ...b.values,
      complianceByType: complianceByType(b.sums),
      projectsByLevel: { ...b.sums.projectsByLevel },
      backlog: request.withBacklog === false ? null : (backlogs.get(id) ?? []),
      goals: b.goals,
      index: b.index,
      rank: rank.get(id) ?? null,
      categoryRank: groupRank.get(id) ?? null,
      delta: deltaOf(b, previous.get(id)),
    };
    const { hasGroups: _hasGroups, ...branch } = b.branch;
    rows.push({ branch, metrics });
    sums.set(id, b.sums);
  }
  rows.sort((a, b) => (a.branch.code < b.branch.code ? -1 : a.branch.code > b.branch.code ? 1 : 0));
  return { scope, rows, sums };
}

/** The roll-up of a set of rows of a report: sums of the parts, rates from sums, mean index. */
export function rollupOf(report: TMetricsReport, rows: readonly TBranchMetricsRow[] = report.rows): TRollupMetrics {
  const sums = addSums(rows.map((r) => report.sums.get(r.branch.id)!));
  const indexes = rows.map((r) => r.metrics.index).filter((i): i is number => i !== null);
  return {
    branches: rows.length,
    ...deriveValues(sums),
    index: indexes.length ? indexes.reduce((a, b) => a + b, 0) / indexes.length : null,
    complianceByType: complianceByType(sums),
    projectsByLevel: { ...sums.projectsByLevel },
  };
}

/** The report as one case of expected.json: branches keyed by code, and the college total. */
export function toMetricsCase(report: TMetricsReport): TMetricsCase {
  return {
    period: report.scope.period,
    asOf: report.scope.asOf,
    branches: Object.fromEntries(report.rows.map((r) => [r.branch.code, r.metrics])),
    total: rollupOf(report),
  };
}
