/**
 * Evaluating a counted range: SQL aggregates per branch (roll-up sums and edges, slots, members) are
 * written into the flat rows of a RangeTable; this module sets the due and met slots, the targets and
 * the index of each branch. The college-wide ranges and ranks are shared between requests (memo.ts).
 */

import { REQUIREMENT_SLOTS, REQUIREMENTS, type TRequirement } from '../../shared/domain';
import type { TMetricKey } from '../../shared/metric-keys';
import { daysInclusive, daysInYear, goalYearOf } from '../../shared/schemas/period';
import type { DBOrTrx } from '../db/database';
import type { TStatColumn } from './columns';
import { columnsForRanks, indexOfFlat, type TWeighted, weightedMetrics } from './derive';
import { METRIC_FORMULAS } from './formulas';
import { memoized, memoizedAll } from './memo';
import { forEachCollegeSums } from './queries/college-sums';
import { loadGoalBook, loadWeights, targetsFor } from './queries/goals';
import { forEachMemberCount } from './queries/member-stats';
import { queryBranchFacts, queryReportedBranches, type TBranchFacts } from './queries/reported-branches';
import { isOwed, querySlotCounts, type TSlotCounts } from './queries/slot-stats';
import { forEachBranchSums } from './queries/stat-sums';
import { dueByLength, planSums, queryWholeSlots, yearToDate } from './range-plan';
import { PositionIndex, RangeTable, type TTargets } from './range-table';
import { rankBranches, ranksOf, type TRankable, type TRanks } from './rank';
import { FLAT, SUMS_WIDTH, writeStats } from './sums';
import { rangeVersion } from './versions';

export interface TRange {
  start: string;
  asOf: string;
}

/** Sums, index and (on reading) values and goals of the reported branches (all, or those of `branchIds`) over a range. */
export async function computeRange(
  db: DBOrTrx,
  range: TRange,
  branchIds?: readonly number[],
): Promise<RangeTable> {
  const [table] = await computeRanges(db, [range], branchIds);
  if (!table) throw new Error('computeRanges returned no table for one range');
  return table;
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
  let span: TRange = { start: ranges[0]?.start ?? '', asOf: ranges[0]?.asOf ?? '' };
  for (const r of ranges)
    span = {
      start: r.start < span.start ? r.start : span.start,
      asOf: r.asOf > span.asOf ? r.asOf : span.asOf,
    };
  // Only the wanted branches' identities are read (a branch page: one, not the college's).
  const known = await queryReportedBranches(db, span, branchIds);
  const wanted = branchIds ? new Set(branchIds) : undefined;
  const candidates = wanted ? known.filter((b) => wanted.has(b.id)) : known;
  return Promise.all(
    ranges.map(async (range) => {
      // Each range's index with its own goal year's weights (the year-earlier side of delta too).
      const weighted = weightedMetrics(await loadWeights(db, goalYearOf(range.start)));
      const branches = candidates.filter(
        (b) => b.establishedOn <= range.asOf && (b.dissolvedOn === null || b.dissolvedOn >= range.start),
      );
      const table = new RangeTable(branches, range.asOf);
      const flat = table.flatSums;
      table.scale = await evaluateInto(
        db,
        {
          range,
          branches,
          ids: wanted ? branches.map((b) => b.id) : undefined,
          weighted,
          flat,
          rowOf: (id) => table.positionOf(id),
        },
        (i, _branch, at, targets, index) => table.evaluated(i, targets, index, complianceRateOf(flat, at)),
      );
      return table;
    }),
  );
}

// Per requirement, resolved once: whether it is owed by a branch with and without groups.
const OWED_WITH_GROUPS = REQUIREMENTS.keys.map((t) => isOwed(t, REQUIREMENT_SLOTS[t], true));
const OWED_WITHOUT_GROUPS = REQUIREMENTS.keys.map((t) => isOwed(t, REQUIREMENT_SLOTS[t], false));

/** Due slots per requirement (in REQUIREMENTS order) of a branch that exists throughout a range. */
function dueThroughout(due: ReturnType<typeof dueByLength>, hasGroups: boolean): number[] {
  return REQUIREMENTS.keys.map((t: TRequirement) =>
    isOwed(t, REQUIREMENT_SLOTS[t], hasGroups) ? due[REQUIREMENT_SLOTS[t]] : 0,
  );
}

/** What evaluateInto evaluates and where its results go. */
interface TEvaluation<B extends TBranchFacts> {
  range: TRange;
  branches: readonly B[];
  /** The branch ids the queries are limited to (undefined: every branch). */
  ids: readonly number[] | undefined;
  weighted: readonly TWeighted[];
  /** Flat sums rows (sums.ts), one per branch, found by `rowOf`. */
  flat: Float64Array;
  rowOf: (branchId: number) => number | undefined;
  /** Roll-up columns to read (default all; the rank-only path reads what the index needs). */
  needed?: ReadonlySet<TStatColumn>;
}

/**
 * Evaluates the branches of a range into flat rows: the queries' results are written into the rows as
 * they are read (roll-up sums, member counts), then one pass per branch sets its due and met slots and
 * hands its row to `visit` with its targets and index. The full and the rank-only path share it.
 * Nothing per branch is collected in between (no Map of parsed rows kept across queries).
 * Returns the goal scale of the range (its days over the goal year's).
 */
async function evaluateInto<B extends TBranchFacts>(
  db: DBOrTrx,
  { range, branches, ids, weighted, flat, rowOf, needed }: TEvaluation<B>,
  visit: (i: number, branch: B, at: number, targets: TTargets, index: number | null) => void,
): Promise<number> {
  const { start, asOf } = range;
  const goalYear = goalYearOf(start);
  const wholeSlots = await queryWholeSlots(db, start, asOf);
  const dueBySlot = dueByLength(wholeSlots);
  // Branches founded or dissolved inside the range owe a different set of slots: counted slot by slot.
  const partial = branches
    .filter((b) => b.establishedOn > start || (b.dissolvedOn !== null && b.dissolvedOn < asOf))
    .map((b) => b.id);
  const plan = planSums(start, asOf, wholeSlots);
  const onSums = (id: number, stats: ArrayLike<number>, from: number) => {
    const row = rowOf(id);
    if (row !== undefined) writeStats(flat, row, stats, from);
  };
  // The whole college from parts kept per version (college-sums.ts); some branches in one query.
  if (ids) await forEachBranchSums(db, yearToDate(plan), ids, needed, onSums);
  else await forEachCollegeSums(db, yearToDate(plan), needed, onSums);
  await forEachMemberCount(
    db,
    { start, asOf, branchIds: ids },
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
  const dueWithGroups = dueThroughout(dueBySlot, true);
  const dueWithoutGroups = dueThroughout(dueBySlot, false);
  const types = REQUIREMENTS.keys;
  branches.forEach((branch, i) => {
    const row = rowOf(branch.id);
    if (row === undefined) return;
    const at = row * SUMS_WIDTH;
    if (partialSet.has(branch.id)) {
      const slots = partialSlots.get(branch.id);
      types.forEach((type, k) => {
        flat[at + FLAT.due + k] = slots?.due[type] ?? 0;
        flat[at + FLAT.met + k] = slots?.met[type] ?? 0;
      });
    } else {
      // Met slots as read from the roll-up, kept only where owed (a branch without groups owes no
      // group meeting even if it held one).
      const owed = branch.hasGroups ? OWED_WITH_GROUPS : OWED_WITHOUT_GROUPS;
      const due = branch.hasGroups ? dueWithGroups : dueWithoutGroups;
      for (let k = 0; k < types.length; k++) {
        flat[at + FLAT.due + k] = due[k] ?? 0;
        if (!owed[k]) flat[at + FLAT.met + k] = 0;
      }
    }
    const targets = targetsOf(branch);
    visit(i, branch, at, targets, indexOfFlat(flat, at, targets, scale, weighted));
  });
  return scale;
}

const complianceRateOf = METRIC_FORMULAS.complianceRate.value;

/**
 * Ranks of every branch over a range without keeping its evaluation: per branch only the weighted
 * metrics with a goal (the index) and complianceRate (the tie-break), from the roll-up columns those
 * read and the branches' facts (no names, no parent join). Same ranks as ranksOf(computeRange(…))
 * (tests/server/metrics/rank-only.test.ts); a cold branch page needs only these from the college.
 */
export async function computeRanks(db: DBOrTrx, range: TRange): Promise<TRanks> {
  const [known, weights] = await Promise.all([
    queryBranchFacts(db, range),
    loadWeights(db, goalYearOf(range.start)),
  ]);
  const weighted = weightedMetrics(weights);
  const existing = known.filter((b) => b.dissolvedOn === null || b.dissolvedOn >= range.asOf);
  const positions = new PositionIndex(existing);
  const flat = new Float64Array(existing.length * SUMS_WIDTH);
  const entries: TRankable[] = [];
  await evaluateInto(
    db,
    {
      range,
      branches: existing,
      ids: undefined,
      weighted,
      flat,
      rowOf: (id) => positions.of(id),
      needed: columnsForRanks(weighted),
    },
    (_i, branch, at, _targets, index) => {
      if (index === null) return;
      entries.push({
        id: branch.id,
        group: branch.category ?? '',
        index,
        complianceRate: complianceRateOf(flat, at),
      });
    },
  );
  return rankBranches(entries);
}

/**
 * Every reported branch over each range, shared while what it is computed from does not change (memo.ts,
 * versions.ts): the overview's procedures and the branch pages ask for the same college-wide ranges.
 */
export async function collegeRanges(db: DBOrTrx, ranges: readonly TRange[]): Promise<RangeTable[]> {
  const versions = await Promise.all(ranges.map((r) => rangeVersion(db, r)));
  return memoizedAll(
    db,
    ranges.map((r, i) => `range|${r.start}|${r.asOf}@${versions[i]}`),
    async (missing) => {
      const tables = await computeRanges(
        db,
        missing.flatMap((i) => ranges[i] ?? []),
      );
      tables.forEach((table, j) => {
        table.version = versions[missing[j] as number] ?? null;
      });
      return tables;
    },
    (table) => table.approxBytes,
  );
}

/** The college-wide range of one period (collegeRanges of one range). */
export async function collegeRange(db: DBOrTrx, range: TRange): Promise<RangeTable> {
  const [table] = await collegeRanges(db, [range]);
  if (!table) throw new Error('collegeRanges returned no table for one range');
  return table;
}

/**
 * Ranks of a range over every branch (memoized like collegeRanges). From `evaluated` (the college's
 * range already in hand: metrics.branches, the overview) when given, kept under the versions that range
 * was computed at (a refresh committed since must not label the old ranks new); otherwise by the
 * rank-only path (computeRanks), which a cold branch page takes.
 */
export async function collegeRanks(db: DBOrTrx, range: TRange, evaluated?: RangeTable): Promise<TRanks> {
  if (evaluated && evaluated.version === null) return ranksOf(evaluated);
  const version = evaluated?.version ?? (await rangeVersion(db, range));
  return memoized(
    db,
    `ranks|${range.start}|${range.asOf}@${version}`,
    async () => (evaluated ? ranksOf(evaluated) : computeRanks(db, range)),
    (ranks) => (ranks.rank.size + ranks.groupRank.size) * BYTES_PER_RANK,
  );
}

/** Approximate bytes of one branch's entry in a Map of ranks. */
const BYTES_PER_RANK = 40;

export type { RangeTable };
