/**
 * The metrics engine: every number of metrics.md for the branches reported in a (period, asOf).
 * SQL aggregates per branch (roll-up + edges, slots, members, achievements); this module only combines
 * the per-branch rows: goals, index, rank, delta and roll-ups.
 */

import { REQUIREMENT_SLOTS, REQUIREMENTS, type TRequirement } from '../../shared/domain';
import type { DELTA_KEYS, TMetricKey } from '../../shared/metric-keys';
import { todayIso } from '../../shared/schemas/date';
import type {
  TBacklogItem,
  TBranchIdentity,
  TBranchMetrics,
  TBranchMetricsRow,
  TDeltaKey,
  TGoalResult,
  TMetricsCase,
  TMetricsScope,
  TMetricValues,
  TRollupMetrics,
} from '../../shared/schemas/metrics';
import {
  daysInclusive,
  daysInYear,
  goalYearOf,
  resolveCountedRange,
  shiftYearBack,
} from '../../shared/schemas/period';
import type { DBOrTrx } from '../db/database';
import { MET_COLUMN, READ_INDEX, type TStatRow } from './columns';
import {
  complianceByType,
  deriveValues,
  evaluateGoals,
  indexOfSums,
  indexOfValues,
  VALUE_OF_SUMS,
  weightedMetrics,
} from './derive';
import { memoized, memoizedAll } from './memo';
import { loadGoalBook, loadWeights, targetsFor } from './queries/goals';
import { queryMemberCounts, type TMemberCounts } from './queries/member-stats';
import {
  queryBranchFacts,
  queryReportedBranches,
  type TBranchFacts,
  type TReportedBranch,
} from './queries/reported-branches';
import { backlogOf, isOwed, querySlotCounts, querySlotRows, type TSlotCounts } from './queries/slot-stats';
import { queryBranchSums } from './queries/stat-sums';
import { dueByLength, planSums, queryWholeSlots } from './range-plan';
import { rankBranches, type TRankable } from './rank';
import { refreshRollups } from './rollups';
import { addSums, branchSums, emptySums, fillSums, type TMetricSums } from './sums';

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

/**
 * TRangeBranch with goals built on first read: every branch needs its index (ranks, deltas), but only
 * the rows a request returns need goal objects — half of a range's allocations at 10,000 branches.
 */
class RangeBranch implements TRangeBranch {
  #goals: Partial<Record<TMetricKey, TGoalResult>> | undefined;

  constructor(
    readonly branch: TReportedBranch,
    readonly sums: TMetricSums,
    readonly values: TMetricValues,
    readonly index: number | null,
    readonly existsOnAsOf: boolean,
    private readonly targets: Partial<Record<TMetricKey, number>>,
    private readonly scale: number,
  ) {}

  get goals(): Partial<Record<TMetricKey, TGoalResult>> {
    this.#goals ??= evaluateGoals(this.values, this.targets, this.scale);
    return this.#goals;
  }
}

/** Values, goals and index of the reported branches (all, or those of `branchIds`) over a range. */
export async function computeRange(
  db: DBOrTrx,
  range: TRange,
  branchIds?: readonly number[],
): Promise<Map<number, TRangeBranch>> {
  return (await computeRanges(db, [range], branchIds))[0]!;
}

/**
 * computeRange for several ranges at once (the period and the same period a year earlier): the
 * branches of all of them come from one query, then each range runs its own aggregates.
 */
export async function computeRanges(
  db: DBOrTrx,
  ranges: readonly TRange[],
  branchIds?: readonly number[],
): Promise<Map<number, TRangeBranch>[]> {
  if (ranges.length === 0) return [];
  // ISO dates sort as text: the earliest start and the latest asOf.
  const span = {
    start: ranges.map((r) => r.start).sort()[0]!,
    asOf: ranges
      .map((r) => r.asOf)
      .sort()
      .at(-1)!,
  };
  // Only the wanted branches' identities are read (a branch page: one, not the college's).
  const [known, weights] = await Promise.all([queryReportedBranches(db, span, branchIds), loadWeights(db)]);
  const wanted = branchIds ? new Set(branchIds) : undefined;
  const candidates = wanted ? known.filter((b) => wanted.has(b.id)) : known;
  return Promise.all(
    ranges.map((range) => {
      const branches = candidates.filter(
        (b) => b.establishedOn <= range.asOf && (b.dissolvedOn === null || b.dissolvedOn >= range.start),
      );
      return evaluateRange(db, range, branches, wanted ? branches.map((b) => b.id) : undefined, weights);
    }),
  );
}

// Per requirement, resolved once: its met-slot position in a roll-up row, and whether it is owed.
const MET_IX = REQUIREMENTS.keys.map((t) => READ_INDEX[MET_COLUMN[t]]);
const OWED_WITH_GROUPS = REQUIREMENTS.keys.map((t) => isOwed(t, REQUIREMENT_SLOTS[t], true));
const OWED_WITHOUT_GROUPS = REQUIREMENTS.keys.map((t) => isOwed(t, REQUIREMENT_SLOTS[t], false));

/** Due slots per requirement of a branch that exists throughout a range made of `due` slots. */
function dueThroughout(
  due: ReturnType<typeof dueByLength>,
  hasGroups: boolean,
): Record<TRequirement, number> {
  const out = {} as Record<TRequirement, number>;
  for (const t of REQUIREMENTS.keys)
    out[t] = isOwed(t, REQUIREMENT_SLOTS[t], hasGroups) ? due[REQUIREMENT_SLOTS[t]] : 0;
  return out;
}

/** What evaluating branches over a range reads (SQL), shared by the full and the rank-only path. */
interface TRangeInputs {
  stats: Map<number, TStatRow>;
  partialSet: Set<number>;
  partialSlots: Map<number, TSlotCounts>;
  members: Map<number, TMemberCounts>;
  /** Due slots of a branch existing throughout the range, with and without party groups. */
  dueWithGroups: Record<TRequirement, number>;
  dueWithoutGroups: Record<TRequirement, number>;
  targetsOf: (branch: TBranchFacts) => Partial<Record<TMetricKey, number>>;
  scale: number;
}

async function loadRangeInputs(
  db: DBOrTrx,
  { start, asOf }: TRange,
  branches: readonly TBranchFacts[],
  ids: readonly number[] | undefined,
): Promise<TRangeInputs> {
  const goalYear = goalYearOf(start);
  const wholeSlots = await queryWholeSlots(db, start, asOf);
  const due = dueByLength(wholeSlots);
  // Branches founded or dissolved inside the range owe a different set of slots: counted slot by slot.
  const partial = branches
    .filter((b) => b.establishedOn > start || (b.dissolvedOn !== null && b.dissolvedOn < asOf))
    .map((b) => b.id);
  const plan = planSums(start, asOf, wholeSlots);
  const [stats, partialSlots, members, book] = await Promise.all([
    queryBranchSums(db, plan, ids),
    partial.length > 0
      ? querySlotCounts(db, { start, asOf, branchIds: partial })
      : new Map<number, TSlotCounts>(),
    queryMemberCounts(db, { start, asOf, plan, branchIds: ids }),
    loadGoalBook(db, goalYear),
  ]);
  // Targets mostly depend on the category alone (branchSums copies nothing of them, so sharing is safe).
  const targetsByCategory = new Map<string | null, Partial<Record<TMetricKey, number>>>();
  const targetsOf = (branch: TBranchFacts) => {
    if (book.byBranch.has(branch.code)) return targetsFor(book, branch.code, branch.category);
    let targets = targetsByCategory.get(branch.category);
    if (!targets) {
      targets = targetsFor(book, branch.code, branch.category);
      targetsByCategory.set(branch.category, targets);
    }
    return targets;
  };
  return {
    stats,
    partialSet: new Set(partial),
    partialSlots,
    members,
    dueWithGroups: dueThroughout(due, true),
    dueWithoutGroups: dueThroughout(due, false),
    targetsOf,
    scale: daysInclusive(start, asOf) / daysInYear(goalYear),
  };
}

const ZERO_BY_TYPE: Readonly<Record<TRequirement, number>> = Object.freeze(
  Object.fromEntries(REQUIREMENTS.keys.map((t) => [t, 0])) as Record<TRequirement, number>,
);

/** Met slots per requirement of a branch existing throughout the range, written into `out`. */
function metThroughout(
  out: Record<TRequirement, number>,
  branchStats: TStatRow | undefined,
  hasGroups: boolean,
): Record<TRequirement, number> {
  const owed = hasGroups ? OWED_WITH_GROUPS : OWED_WITHOUT_GROUPS;
  for (let i = 0; i < REQUIREMENTS.keys.length; i++)
    out[REQUIREMENTS.keys[i]!] = branchStats && owed[i] ? branchStats[MET_IX[i]!]! : 0;
  return out;
}

async function evaluateRange(
  db: DBOrTrx,
  range: TRange,
  branches: readonly TReportedBranch[],
  ids: readonly number[] | undefined,
  weights: Partial<Record<TMetricKey, number>>,
): Promise<Map<number, TRangeBranch>> {
  const inputs = await loadRangeInputs(db, range, branches, ids);
  const { stats, partialSet, partialSlots, members, targetsOf, scale } = inputs;
  const out = new Map<number, TRangeBranch>();
  for (const branch of branches) {
    const branchStats = stats.get(branch.id);
    let slots: Pick<TSlotCounts, 'due' | 'met'> | undefined;
    if (partialSet.has(branch.id)) {
      slots = partialSlots.get(branch.id);
    } else {
      slots = {
        due: branch.hasGroups ? inputs.dueWithGroups : inputs.dueWithoutGroups,
        met: metThroughout({} as Record<TRequirement, number>, branchStats, branch.hasGroups),
      };
    }
    const sums = branchSums(branchStats, slots, members.get(branch.id));
    const values = deriveValues(sums);
    const targets = targetsOf(branch);
    const index = indexOfValues(values, targets, scale, weights);
    const existsOnAsOf = branch.dissolvedOn === null || branch.dissolvedOn >= range.asOf;
    out.set(branch.id, new RangeBranch(branch, sums, values, index, existsOnAsOf, targets, scale));
  }
  return out;
}

/**
 * Ranks of every branch over a range without evaluating them in full: per branch only the weighted
 * metrics with a goal (the index) and complianceRate (the tie-break), from one reused sums object — no
 * values, goals, module shares or RangeBranch per branch. Same ranks as ranksOf(computeRange(…))
 * (tests/server/metrics/rank-only.test.ts); a cold branch page needs only these from the college.
 */
export async function computeRanks(db: DBOrTrx, range: TRange): Promise<TRanks> {
  const [known, weights] = await Promise.all([queryBranchFacts(db, range), loadWeights(db)]);
  const inputs = await loadRangeInputs(db, range, known, undefined);
  const { stats, partialSet, partialSlots, members, targetsOf, scale } = inputs;
  const weighted = weightedMetrics(weights);
  const complianceRateOf = VALUE_OF_SUMS.complianceRate;
  const scratch = emptySums();
  const met = { ...ZERO_BY_TYPE };
  const entries: TRankable[] = [];
  for (const branch of known) {
    if (branch.dissolvedOn !== null && branch.dissolvedOn < range.asOf) continue;
    const branchStats = stats.get(branch.id);
    if (partialSet.has(branch.id)) {
      const slots = partialSlots.get(branch.id);
      fillSums(
        scratch,
        branchStats,
        slots?.due ?? ZERO_BY_TYPE,
        slots?.met ?? ZERO_BY_TYPE,
        members.get(branch.id),
      );
    } else {
      fillSums(
        scratch,
        branchStats,
        branch.hasGroups ? inputs.dueWithGroups : inputs.dueWithoutGroups,
        metThroughout(met, branchStats, branch.hasGroups),
        members.get(branch.id),
      );
    }
    const index = indexOfSums(scratch, targetsOf(branch), scale, weighted);
    if (index === null) continue;
    entries.push({
      id: branch.id,
      group: branch.category ?? '',
      index,
      complianceRate: complianceRateOf(scratch),
    });
  }
  return rankBranches(entries);
}

/**
 * Every reported branch over each range, shared while the data does not change (memo.ts): the
 * overview's procedures and the branch pages ask for the same college-wide ranges.
 */
export async function collegeRanges(
  db: DBOrTrx,
  ranges: readonly TRange[],
): Promise<Map<number, TRangeBranch>[]> {
  return memoizedAll(
    db,
    ranges.map((r) => `range|${r.start}|${r.asOf}`),
    (missing) =>
      computeRanges(
        db,
        missing.map((i) => ranges[i]!),
      ),
  );
}

/**
 * Ranks of a range over every branch (memoized like collegeRanges). From `evaluated` (the college's
 * range already in hand: metrics.branches, the overview) when given; otherwise by the rank-only path
 * (computeRanks), which a cold branch page takes.
 */
export async function collegeRanks(
  db: DBOrTrx,
  range: TRange,
  evaluated?: Map<number, TRangeBranch>,
): Promise<TRanks> {
  return memoized(db, `ranks|${range.start}|${range.asOf}`, async () =>
    evaluated ? ranksOf(evaluated) : computeRanks(db, range),
  );
}

export type TRanks = ReturnType<typeof rankBranches>;

/** Ranks among every branch that exists on asOf and has an index (whatever subset is shown). */
export function ranksOf(range: Map<number, TRangeBranch>): TRanks {
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

const change = (now: number | null, then: number | null | undefined) =>
  now === null || then === null || then === undefined ? null : now - then;

/**
 * Change against the same range a year earlier (DELTA_KEYS). Spelled out as one literal, like
 * metricsOf: objects of one fixed shape are several times cheaper to build than keyed stores in a loop.
 */
function deltaOf(
  current: TRangeBranch,
  previous: TRangeBranch | undefined,
): Record<TDeltaKey, number | null> {
  const now = current.values;
  const then = previous?.values;
  return {
    sessions: change(now.sessions, then?.sessions),
    complianceRate: change(now.complianceRate, then?.complianceRate),
    attendanceRate: change(now.attendanceRate, then?.attendanceRate),
    ritualRate: change(now.ritualRate, then?.ritualRate),
    formatCount: change(now.formatCount, then?.formatCount),
    formatEvenness: change(now.formatEvenness, then?.formatEvenness),
    workIntegrationRate: change(now.workIntegrationRate, then?.workIntegrationRate),
    sharingCoverage: change(now.sharingCoverage, then?.sharingCoverage),
    moduleBalance: change(now.moduleBalance, then?.moduleBalance),
    volunteerHours: change(now.volunteerHours, then?.volunteerHours),
    volunteerPersonTimes: change(now.volunteerPersonTimes, then?.volunteerPersonTimes),
    volunteerHoursPerMember: change(now.volunteerHoursPerMember, then?.volunteerHoursPerMember),
    projectsApproved: change(now.projectsApproved, then?.projectsApproved),
    awards: change(now.awards, then?.awards),
    proposalsAdopted: change(now.proposalsAdopted, then?.proposalsAdopted),
    index: change(current.index, previous?.index),
  } satisfies Record<(typeof DELTA_KEYS)[number], number | null>;
}

/**
 * A branch's row of metrics. One literal with every key (not `{...values, …}`): value fields are
 * sometimes null, sometimes integers, sometimes fractions, and spreading such objects 10,000 times
 * was the slowest step of metrics.branches at provincial scale.
 */
function metricsOf(
  b: TRangeBranch,
  extra: Pick<TBranchMetrics, 'backlog' | 'rank' | 'categoryRank' | 'delta'>,
): TBranchMetrics {
  const v = b.values;
  return {
    activeMembers: v.activeMembers,
    dueSlots: v.dueSlots,
    metSlots: v.metSlots,
    complianceRate: v.complianceRate,
    attendanceRate: v.attendanceRate,
    ritualRate: v.ritualRate,
    sessions: v.sessions,
    formatCount: v.formatCount,
    formatEvenness: v.formatEvenness,
    workIntegrationRate: v.workIntegrationRate,
    sharingCoverage: v.sharingCoverage,
    moduleShare: v.moduleShare,
    moduleBalance: v.moduleBalance,
    volunteerHours: v.volunteerHours,
    volunteerPersonTimes: v.volunteerPersonTimes,
    volunteerHoursPerMember: v.volunteerHoursPerMember,
    projectsApproved: v.projectsApproved,
    awards: v.awards,
    proposalsAdopted: v.proposalsAdopted,
    complianceByType: complianceByType(b.sums),
    projectsByLevel: { ...b.sums.projectsByLevel },
    backlog: extra.backlog,
    goals: b.goals,
    index: b.index,
    rank: extra.rank,
    categoryRank: extra.categoryRank,
    delta: extra.delta,
  };
}

/** The branch as the API shows it (a literal: object rest is a slow runtime copy at 10,000 rows). */
function identityOf(b: TReportedBranch): TBranchIdentity {
  return {
    id: b.id,
    code: b.code,
    name: b.name,
    category: b.category,
    parentId: b.parentId,
    parentCode: b.parentCode,
    parentName: b.parentName,
    establishedOn: b.establishedOn,
    dissolvedOn: b.dissolvedOn,
  };
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
  ranks?: TRanks;
}

export interface TMetricsReport {
  scope: TMetricsScope;
  rows: TBranchMetricsRow[];
  /** Sums per branch id, for roll-ups of any subset. */
  sums: Map<number, TMetricSums>;
}

/** Resolves period/asOf (metrics.md) into the scope; throws PeriodInputError on bad input. */
export function resolveScope(
  period: string,
  asOf: string | undefined,
  today: string = todayIso(),
): TMetricsScope {
  const range = resolveCountedRange(period, asOf, today);
  return {
    period: range.period.label,
    start: range.start,
    asOf: range.asOf,
    goalYear: goalYearOf(range.start),
  };
}

export async function computeMetrics(db: DBOrTrx, request: TMetricsRequest): Promise<TMetricsReport> {
  const scope = resolveScope(request.period, request.asOf, request.today);
  await refreshRollups(db);
  const before: TRange = { start: shiftYearBack(scope.start), asOf: shiftYearBack(scope.asOf) };
  const isAll = !request.branchIds;
  let current: Map<number, TRangeBranch>;
  let previous: Map<number, TRangeBranch>;
  let ranks: TRanks;
  if (isAll) {
    [current, previous] = (await collegeRanges(db, [scope, before])) as [
      Map<number, TRangeBranch>,
      Map<number, TRangeBranch>,
    ];
    ranks = request.ranks ?? (await collegeRanks(db, scope, current));
  } else if (request.ranks) {
    // With known ranks, only the requested branches are computed.
    [current, previous] = (await computeRanges(db, [scope, before], request.branchIds)) as [
      Map<number, TRangeBranch>,
      Map<number, TRangeBranch>,
    ];
    ranks = request.ranks;
  } else {
    [current] = (await collegeRanges(db, [scope])) as [Map<number, TRangeBranch>];
    ranks = await collegeRanks(db, scope, current);
    previous = await computeRange(db, before, request.branchIds);
  }
  const { rank, groupRank } = ranks;
  const shown = request.branchIds ? request.branchIds.filter((id) => current.has(id)) : [...current.keys()];
  const backlogs = new Map<number, TBacklogItem[]>();
  if (request.withBacklog !== false) {
    const rows = await querySlotRows(
      db,
      { start: scope.start, asOf: scope.asOf, branchIds: isAll ? undefined : shown },
      { onlyUnmet: true },
    );
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
    const metrics = metricsOf(b, {
      backlog: request.withBacklog === false ? null : (backlogs.get(id) ?? []),
      rank: rank.get(id) ?? null,
      categoryRank: groupRank.get(id) ?? null,
      delta: deltaOf(b, previous.get(id)),
    });
    rows.push({ branch: identityOf(b.branch), metrics });
    sums.set(id, b.sums);
  }
  rows.sort((a, b) => (a.branch.code < b.branch.code ? -1 : a.branch.code > b.branch.code ? 1 : 0));
  return { scope, rows, sums };
}

/** The roll-up of a set of rows of a report: sums of the parts, rates from sums, mean index. */
export function rollupOf(
  report: TMetricsReport,
  rows: readonly TBranchMetricsRow[] = report.rows,
): TRollupMetrics {
  return rollupFrom(
    rows.map((r) => report.sums.get(r.branch.id)!),
    rows.map((r) => r.metrics.index),
  );
}

/** The same roll-up straight from evaluated branches (no rows needed). */
export function rollupOfRange(parts: readonly TRangeBranch[]): TRollupMetrics {
  return rollupFrom(
    parts.map((b) => b.sums),
    parts.map((b) => b.index),
  );
}

function rollupFrom(
  parts: readonly TMetricSums[],
  branchIndexes: readonly (number | null)[],
): TRollupMetrics {
  const sums = addSums(parts);
  const indexes = branchIndexes.filter((i): i is number => i !== null);
  return {
    branches: parts.length,
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
