/**
 * The metrics engine: every number of metrics.md for the branches reported in a (period, asOf).
 * SQL aggregates per branch (roll-up + edges, slots, members, achievements); this module only combines
 * the per-branch rows: goals, index, rank, delta and roll-ups.
 */

import { REQUIREMENT_SLOTS, REQUIREMENTS, type TRequirement } from '../../shared/domain';
import { DELTA_KEYS, METRIC_KEYS, type TMetricKey } from '../../shared/metric-keys';
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
import { MET_COLUMN, READ_INDEX, type TStatColumn, type TStatRow } from './columns';
import {
  columnsForRanks,
  complianceByType,
  deriveValues,
  indexOfFlat,
  type TWeighted,
  weightedMetrics,
} from './derive';
import { compileLiteral, METRIC_FORMULAS } from './formulas';
import { memoized, memoizedAll, memoizedSmall } from './memo';
import { loadGoalBook, loadWeights, targetsFor } from './queries/goals';
import { forEachMemberCount } from './queries/member-stats';
import {
  queryBranchFacts,
  queryReportedBranches,
  type TBranchFacts,
  type TReportedBranch,
} from './queries/reported-branches';
import { backlogOf, isOwed, querySlotCounts, querySlotRows, type TSlotCounts } from './queries/slot-stats';
import { forEachBranchSums } from './queries/stat-sums';
import { dueByLength, planSums, queryWholeSlots, yearToDate } from './range-plan';
import { PositionIndex, RangeTable, type TTargets } from './range-table';
import { rankBranches, type TRankable } from './rank';
import { refreshRollups } from './rollups';
import { FLAT, SUMS_WIDTH, type TMetricSums, writeStats } from './sums';

export interface TRange {
  start: string;
  asOf: string;
}

export { RangeTable };

/** Sums, index and (on reading) values and goals of the reported branches (all, or those of `branchIds`) over a range. */
export async function computeRange(
  db: DBOrTrx,
  range: TRange,
  branchIds?: readonly number[],
): Promise<RangeTable> {
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
): Promise<RangeTable[]> {
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

/** Where the range's query results go: flat sums rows (sums.ts) and the row of each branch id. */
interface TRangeTarget {
  flat: Float64Array;
  rowOf: (branchId: number) => number | undefined;
}

/**
 * Evaluates `branches` over a range into `target`: the queries' results are written into the flat rows
 * as they are read (roll-up sums, member counts), then one pass per branch sets its due and met slots
 * and hands its row to `visit` with its targets and index. The full and the rank-only path share it.
 * Nothing per branch is collected in between (no Map of parsed rows kept across queries).
 */
async function evaluateInto<B extends TBranchFacts>(
  db: DBOrTrx,
  { start, asOf }: TRange,
  branches: readonly B[],
  ids: readonly number[] | undefined,
  weighted: readonly TWeighted[],
  target: TRangeTarget,
  visit: (i: number, branch: B, at: number, targets: TTargets, index: number | null) => void,
  /** Roll-up columns to read (default all; the rank-only path reads what the index needs). */
  needed?: ReadonlySet<TStatColumn>,
): Promise<number> {
  const { flat, rowOf } = target;
  const goalYear = goalYearOf(start);
  const wholeSlots = await queryWholeSlots(db, start, asOf);
  const dueBySlot = dueByLength(wholeSlots);
  // Branches founded or dissolved inside the range owe a different set of slots: counted slot by slot.
  const partial = branches
    .filter((b) => b.establishedOn > start || (b.dissolvedOn !== null && b.dissolvedOn < asOf))
    .map((b) => b.id);
  const plan = planSums(start, asOf, wholeSlots);
  await forEachBranchSums(db, yearToDate(plan), ids, needed, (id, stats) => {
    const row = rowOf(id);
    if (row !== undefined) writeStats(flat, row, stats);
  });
  await forEachMemberCount(
    db,
    { start, asOf, plan, branchIds: ids },
    (id, n) => {
      const row = rowOf(id);
      if (row !== undefined) flat[row * SUMS_WIDTH + FLAT.activeMembers] = n;
    },
    (id, n) => {
      const row = rowOf(id);
      if (row !== undefined) flat[row * SUMS_WIDTH + FLAT.sharers] = n;
    },
  );
  const [partialSlots, book] = await Promise.all([
    partial.length > 0
      ? querySlotCounts(db, { start, asOf, branchIds: partial })
      : new Map<number, TSlotCounts>(),
    loadGoalBook(db, goalYear),
  ]);
  const partialSet = new Set(partial);
  // Targets mostly depend on the category alone (tables keep them read-only, so sharing is safe).
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
  const scale = daysInclusive(start, asOf) / daysInYear(goalYear);
  const withGroups = dueThroughout(dueBySlot, true);
  const withoutGroups = dueThroughout(dueBySlot, false);
  const dueWithGroups = REQUIREMENTS.keys.map((t) => withGroups[t]);
  const dueWithoutGroups = REQUIREMENTS.keys.map((t) => withoutGroups[t]);
  const nTypes = REQUIREMENTS.keys.length;
  for (let i = 0; i < branches.length; i++) {
    const branch = branches[i]!;
    const row = rowOf(branch.id)!;
    const at = row * SUMS_WIDTH;
    if (partialSet.has(branch.id)) {
      const slots = partialSlots.get(branch.id);
      for (let k = 0; k < nTypes; k++) {
        flat[at + FLAT.due + k] = slots?.due[REQUIREMENTS.keys[k]!] ?? 0;
        flat[at + FLAT.met + k] = slots?.met[REQUIREMENTS.keys[k]!] ?? 0;
      }
    } else {
      // Met slots as read from the roll-up, kept only where owed (a branch without groups owes no
      // group meeting even if it held one).
      const owed = branch.hasGroups ? OWED_WITH_GROUPS : OWED_WITHOUT_GROUPS;
      const due = branch.hasGroups ? dueWithGroups : dueWithoutGroups;
      for (let k = 0; k < nTypes; k++) {
        flat[at + FLAT.due + k] = due[k]!;
        if (!owed[k]) flat[at + FLAT.met + k] = 0;
      }
    }
    const targets = targetsOf(branch);
    visit(i, branch, at, targets, indexOfFlat(flat, at, targets, scale, weighted));
  }
  return scale;
}

const complianceRateOf = METRIC_FORMULAS.complianceRate.value;

async function evaluateRange(
  db: DBOrTrx,
  range: TRange,
  branches: readonly TReportedBranch[],
  ids: readonly number[] | undefined,
  weights: Partial<Record<TMetricKey, number>>,
): Promise<RangeTable> {
  const table = new RangeTable(branches, range.asOf);
  const flat = table.flatSums;
  table.scale = await evaluateInto(
    db,
    range,
    branches,
    ids,
    weightedMetrics(weights),
    { flat, rowOf: (id) => table.positionOf(id) },
    (i, _branch, at, targets, index) => table.evaluated(i, targets, index, complianceRateOf(flat, at)),
  );
  return table;
}

/**
 * Ranks of every branch over a range without keeping its evaluation: per branch only the weighted
 * metrics with a goal (the index) and complianceRate (the tie-break), from the roll-up columns those
 * read and the branches' facts (no names, no parent join). Same ranks as ranksOf(computeRange(…))
 * (tests/server/metrics/rank-only.test.ts); a cold branch page needs only these from the college.
 */
export async function computeRanks(db: DBOrTrx, range: TRange): Promise<TRanks> {
  const [known, weights] = await Promise.all([queryBranchFacts(db, range), loadWeights(db)]);
  const weighted = weightedMetrics(weights);
  const existing = known.filter((b) => b.dissolvedOn === null || b.dissolvedOn >= range.asOf);
  const positions = new PositionIndex(existing);
  const flat = new Float64Array(existing.length * SUMS_WIDTH);
  const entries: TRankable[] = [];
  await evaluateInto(
    db,
    range,
    existing,
    undefined,
    weighted,
    { flat, rowOf: (id) => positions.of(id) },
    (_i, branch, at, _targets, index) => {
      if (index === null) return;
      entries.push({
        id: branch.id,
        group: branch.category ?? '',
        index,
        complianceRate: complianceRateOf(flat, at),
      });
    },
    columnsForRanks(weighted),
  );
  return rankBranches(entries);
}

/**
 * Every reported branch over each range, shared while the data does not change (memo.ts): the
 * overview's procedures and the branch pages ask for the same college-wide ranges.
 */
export async function collegeRanges(db: DBOrTrx, ranges: readonly TRange[]): Promise<RangeTable[]> {
  return memoizedAll(
    db,
    ranges.map((r) => `range|${r.start}|${r.asOf}`),
    (missing) =>
      computeRanges(
        db,
        missing.map((i) => ranges[i]!),
      ),
    (table) => table.approxBytes,
  );
}

/**
 * Ranks of a range over every branch (memoized like collegeRanges). From `evaluated` (the college's
 * range already in hand: metrics.branches, the overview) when given; otherwise by the rank-only path
 * (computeRanks), which a cold branch page takes.
 */
export async function collegeRanks(db: DBOrTrx, range: TRange, evaluated?: RangeTable): Promise<TRanks> {
  return memoizedSmall(db, `ranks|${range.start}|${range.asOf}`, async () =>
    evaluated ? ranksOf(evaluated) : computeRanks(db, range),
  );
}

export type TRanks = ReturnType<typeof rankBranches>;

/** Ranks among every branch that exists on asOf and has an index (whatever subset is shown). */
export function ranksOf(table: RangeTable): TRanks {
  const entries: TRankable[] = [];
  for (let i = 0; i < table.size; i++) {
    const index = table.indexAt(i);
    if (index === null || !table.existsOnAsOfAt(i)) continue;
    const branch = table.branchAt(i);
    entries.push({
      id: branch.id,
      group: branch.category ?? '',
      index,
      complianceRate: table.complianceRateAt(i),
    });
  }
  return rankBranches(entries);
}

const change = (now: number | null, then: number | null | undefined) =>
  now === null || then === null || then === undefined ? null : now - then;

/**
 * Change against the same range a year earlier (DELTA_KEYS), the earlier values read from its table's
 * row (RangeTable.valueAt: the same formulas, so the same doubles) without building its values object.
 * One literal (formulas.ts compileLiteral): `{sessions: change(now.sessions, previous.valueAt(p, "sessions")), …}`.
 */
const buildDelta = compileLiteral<
  (
    change: (now: number | null, then: number | null | undefined) => number | null,
    now: TMetricValues,
    nowIndex: number | null,
    previous: RangeTable,
    p: number,
  ) => Record<TDeltaKey, number | null>
>(
  ['change', 'now', 'nowIndex', 'previous', 'p'],
  DELTA_KEYS.map((key) =>
    key === 'index'
      ? ([key, 'change(nowIndex, previous.indexAt(p))'] as const)
      : ([key, `change(now.${key}, previous.valueAt(p, ${JSON.stringify(key)}))`] as const),
  ),
);

/** The delta of a branch that was not reported a year earlier: no change to show. */
const noDelta = compileLiteral<() => Record<TDeltaKey, number | null>>(
  [],
  DELTA_KEYS.map((key) => [key, 'null'] as const),
);

function deltaOf(
  now: TMetricValues,
  nowIndex: number | null,
  previous: RangeTable,
  p: number | undefined,
): Record<TDeltaKey, number | null> {
  return p === undefined ? noDelta() : buildDelta(change, now, nowIndex, previous, p);
}

/** What a branch's row holds besides its values (from the sums, or computed by the report). */
const ROW_EXTRAS = ['backlog', 'goals', 'index', 'rank', 'categoryRank', 'delta'] as const;
type TRowExtras = Pick<TBranchMetrics, (typeof ROW_EXTRAS)[number]>;

/** A branch's row of metrics, one literal: its values, what its sums give, then the report's extras. */
const buildRow = compileLiteral<
  (
    v: TMetricValues,
    byType: TBranchMetrics['complianceByType'],
    sums: TMetricSums,
    extra: TRowExtras,
  ) => TBranchMetrics
>(
  ['v', 'byType', 'sums', 'extra'],
  [
    ...(['activeMembers', 'dueSlots', 'metSlots', ...METRIC_KEYS, 'moduleShare'] as const).map(
      (key) => [key, `v.${key}`] as const,
    ),
    ['complianceByType', 'byType'],
    ['projectsByLevel', 'sums.projectsByLevel'],
    ...ROW_EXTRAS.map((key) => [key, `extra.${key}`] as const),
  ],
);

function metricsOf(v: TMetricValues, sums: TMetricSums, extra: TRowExtras): TBranchMetrics {
  return buildRow(v, complianceByType(sums), sums, extra);
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

/** The period of a request (metrics.md "Periods, asOf and the counted range"). */
export interface TPeriodRequest {
  period: string;
  asOf?: string;
  /** "Today" for the asOf default (yesterday while the period runs); injectable for tests. */
  today?: string;
}

export interface TReportOptions {
  /** Only these branches in the rows (ranks still over all branches). */
  branchIds?: readonly number[];
  /** List unmet slots per branch (default true). */
  withBacklog?: boolean;
  /** Ranks of the current range when already known (cached); otherwise computed over all branches. */
  ranks?: TRanks;
}

export type TMetricsRequest = TPeriodRequest & TReportOptions;

export interface TMetricsReport {
  scope: TMetricsScope;
  rows: TBranchMetricsRow[];
  /** The evaluated range the rows come from (every row's branch is in it), for roll-ups of any subset. */
  table: RangeTable;
}

/** Resolves period/asOf (metrics.md) into the scope; throws AppError (BAD_REQUEST) on bad input. */
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

/** One branch's row of a report (values, deltas, goals, ranks as objects), as V8 holds it (estimate). */
const BYTES_PER_REPORT_ROW = 3000;

/**
 * A request's scope, opened once per request (the API's period procedures, the CLI): the period
 * resolved, and the roll-ups brought up to date so every read of the request sees the same data.
 * The functions taking a scope read the roll-ups as they are.
 */
export async function openScope(
  db: DBOrTrx,
  { period, asOf, today }: TPeriodRequest,
): Promise<TMetricsScope> {
  const scope = resolveScope(period, asOf, today);
  await refreshRollups(db);
  return scope;
}

export async function computeMetrics(db: DBOrTrx, request: TMetricsRequest): Promise<TMetricsReport> {
  return reportOf(db, await openScope(db, request), request);
}

/** The report of an opened scope (openScope). */
export async function reportOf(
  db: DBOrTrx,
  scope: TMetricsScope,
  request: TReportOptions,
): Promise<TMetricsReport> {
  // The whole college's rows (the comparison table, the CLI) are asked for again by every visit of the
  // compare page and each change of its filters: kept like the ranges while the data does not change
  // (memo.ts). Callers only read reports.
  if (!request.branchIds && !request.ranks) {
    const withBacklog = request.withBacklog !== false;
    return memoized(
      db,
      `report|${scope.start}|${scope.asOf}|${withBacklog}`,
      () => buildReport(db, scope, request),
      // Its ranges are memoized (and counted) on their own; the rows are objects with nested records.
      (report) => report.rows.length * BYTES_PER_REPORT_ROW,
    );
  }
  return buildReport(db, scope, request);
}

async function buildReport(
  db: DBOrTrx,
  scope: TMetricsScope,
  request: TReportOptions,
): Promise<TMetricsReport> {
  const before: TRange = { start: shiftYearBack(scope.start), asOf: shiftYearBack(scope.asOf) };
  const isAll = !request.branchIds;
  let current: RangeTable;
  let previous: RangeTable;
  let ranks: TRanks;
  if (isAll) {
    [current, previous] = (await collegeRanges(db, [scope, before])) as [RangeTable, RangeTable];
    ranks = request.ranks ?? (await collegeRanks(db, scope, current));
  } else if (request.ranks) {
    // With known ranks, only the requested branches are computed.
    [current, previous] = (await computeRanges(db, [scope, before], request.branchIds)) as [
      RangeTable,
      RangeTable,
    ];
    ranks = request.ranks;
  } else {
    [current] = (await collegeRanges(db, [scope])) as [RangeTable];
    ranks = await collegeRanks(db, scope, current);
    previous = await computeRange(db, before, request.branchIds);
  }
  const { rank, groupRank } = ranks;
  const shown = request.branchIds
    ? request.branchIds.filter((id) => current.has(id))
    : current.branches.map((b) => b.id);
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
  for (const id of shown) {
    const i = current.positionOf(id)!;
    const sums = current.sumsAt(i);
    const values = current.valuesAt(i);
    const index = current.indexAt(i);
    const p = previous.positionOf(id);
    const metrics = metricsOf(values, sums, {
      backlog: request.withBacklog === false ? null : (backlogs.get(id) ?? []),
      goals: current.goalsAt(i, values),
      index,
      rank: rank.get(id) ?? null,
      categoryRank: groupRank.get(id) ?? null,
      delta: deltaOf(values, index, previous, p),
    });
    rows.push({ branch: identityOf(current.branchAt(i)), metrics });
  }
  rows.sort((a, b) => (a.branch.code < b.branch.code ? -1 : a.branch.code > b.branch.code ? 1 : 0));
  return { scope, rows, table: current };
}

/** The roll-up of a set of rows of a report: sums of the parts, rates from sums, mean index. */
export function rollupOf(
  report: TMetricsReport,
  rows: readonly TBranchMetricsRow[] = report.rows,
): TRollupMetrics {
  return rollupOfRange(
    report.table,
    rows.map((r) => report.table.positionOf(r.branch.id)!),
  );
}

/** The same roll-up straight from an evaluated range: some of its rows (positions), or all. */
export function rollupOfRange(table: RangeTable, rows?: readonly number[]): TRollupMetrics {
  const sums = table.sumOf(rows);
  return {
    branches: rows ? rows.length : table.size,
    ...deriveValues(sums),
    index: table.meanIndex(rows),
    complianceByType: complianceByType(sums),
    projectsByLevel: sums.projectsByLevel,
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
