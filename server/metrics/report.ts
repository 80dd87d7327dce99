/**
 * A report: the rows of metrics.md for the branches of an opened scope (scope.ts): each branch's values,
 * goals, index, ranks, backlog and change against the same range a year earlier, built from evaluated
 * ranges (evaluate.ts); and roll-ups of any set of its rows.
 */

import { DELTA_KEYS, METRIC_KEYS } from '../../shared/metric-keys';
import type {
  TBacklogItem,
  TBranchIdentity,
  TBranchMetrics,
  TBranchMetricsRow,
  TDeltaKey,
  TMetricsCase,
  TMetricsScope,
  TMetricValues,
  TRollupMetrics,
} from '../../shared/schemas/metrics';
import { shiftYearBack } from '../../shared/schemas/period';
import type { DBOrTrx } from '../db/database';
import { complianceByType, deriveValues } from './derive';
import {
  collegeRange,
  collegeRanges,
  collegeRanks,
  computeRange,
  computeRanges,
  type TRange,
} from './evaluate';
import { compileLiteral } from './formulas';
import { memoized } from './memo';
import type { TReportedBranch } from './queries/reported-branches';
import { backlogOf, querySlotRows } from './queries/slot-stats';
import type { RangeTable } from './range-table';
import type { TRanks } from './rank';
import { openScope, type TPeriodRequest } from './scope';
import { rangeVersion } from './versions';

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
    byLevel: TBranchMetrics['projectsByLevel'],
    extra: TRowExtras,
  ) => TBranchMetrics
>(
  ['v', 'byType', 'byLevel', 'extra'],
  [
    ...(['activeMembers', 'dueSlots', 'metSlots', ...METRIC_KEYS, 'moduleShare'] as const).map(
      (key) => [key, `v.${key}`] as const,
    ),
    ['complianceByType', 'byType'],
    ['projectsByLevel', 'byLevel'],
    ...ROW_EXTRAS.map((key) => [key, `extra.${key}`] as const),
  ],
);

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

/** One branch's row of a report (values, deltas, goals, ranks as objects), as V8 holds it (estimate). */
const BYTES_PER_REPORT_ROW = 3000;

/** Opens the request's scope and reports it (the CLI and tests; the API opens its scope once per call). */
export async function computeMetrics(db: DBOrTrx, request: TMetricsRequest): Promise<TMetricsReport> {
  return reportOf(db, await openScope(db, request), request);
}

/** The report of an opened scope (scope.ts openScope). */
export async function reportOf(
  db: DBOrTrx,
  scope: TMetricsScope,
  options: TReportOptions,
): Promise<TMetricsReport> {
  // The whole college's rows (the comparison table, the CLI) are asked for again by every visit of the
  // compare page and each change of its filters: kept like the ranges while the data does not change
  // (memo.ts). Callers only read reports.
  if (!options.branchIds && !options.ranks) {
    const withBacklog = options.withBacklog !== false;
    // Its rows hold deltas against the same range a year earlier: that year's versions too.
    const version = await rangeVersion(db, scope, { yearBefore: true });
    return memoized(
      db,
      `report|${scope.period}|${scope.start}|${scope.asOf}|${withBacklog}@${version}`,
      () => buildReport(db, scope, options),
      // Its ranges are memoized (and counted) on their own; the rows are objects with nested records.
      (report) => report.rows.length * BYTES_PER_REPORT_ROW,
    );
  }
  return buildReport(db, scope, options);
}

/** The evaluated ranges a report reads: the period, the same range a year earlier, the ranks. */
async function rangesOf(
  db: DBOrTrx,
  scope: TMetricsScope,
  options: TReportOptions,
): Promise<{ current: RangeTable; previous: RangeTable; ranks: TRanks }> {
  const before: TRange = { start: shiftYearBack(scope.start), asOf: shiftYearBack(scope.asOf) };
  if (!options.branchIds) {
    const [current, previous] = await collegeRanges(db, [scope, before]);
    if (!current || !previous) throw new Error('collegeRanges returned fewer tables than ranges');
    return { current, previous, ranks: options.ranks ?? (await collegeRanks(db, scope, current)) };
  }
  if (options.ranks) {
    // With known ranks, only the requested branches are computed.
    const [current, previous] = await computeRanges(db, [scope, before], options.branchIds);
    if (!current || !previous) throw new Error('computeRanges returned fewer tables than ranges');
    return { current, previous, ranks: options.ranks };
  }
  const current = await collegeRange(db, scope);
  const ranks = await collegeRanks(db, scope, current);
  return { current, previous: await computeRange(db, before, options.branchIds), ranks };
}

/** Unmet slots per branch of the scope (all branches, or those shown). */
async function backlogsOf(
  db: DBOrTrx,
  scope: TMetricsScope,
  branchIds: readonly number[] | undefined,
): Promise<Map<number, TBacklogItem[]>> {
  const rows = await querySlotRows(
    db,
    { start: scope.start, asOf: scope.asOf, branchIds },
    { onlyUnmet: true },
  );
  const byBranch = new Map<number, typeof rows>();
  for (const row of rows) {
    const list = byBranch.get(row.branchId);
    if (list) list.push(row);
    else byBranch.set(row.branchId, [row]);
  }
  const backlogs = new Map<number, TBacklogItem[]>();
  for (const [id, list] of byBranch) backlogs.set(id, backlogOf(list));
  return backlogs;
}

async function buildReport(
  db: DBOrTrx,
  scope: TMetricsScope,
  options: TReportOptions,
): Promise<TMetricsReport> {
  const { current, previous, ranks } = await rangesOf(db, scope, options);
  const shown = options.branchIds
    ? options.branchIds.filter((id) => current.has(id))
    : current.branches.map((b) => b.id);
  const withBacklog = options.withBacklog !== false;
  const backlogs = withBacklog
    ? await backlogsOf(db, scope, options.branchIds ? shown : undefined)
    : new Map<number, TBacklogItem[]>();
  const rows: TBranchMetricsRow[] = [];
  for (const id of shown) {
    const i = current.positionOf(id);
    if (i === undefined) continue;
    const values = current.valuesAt(i);
    const index = current.indexAt(i);
    const metrics = buildRow(values, current.complianceByTypeAt(i), current.projectsByLevelAt(i), {
      backlog: withBacklog ? (backlogs.get(id) ?? []) : null,
      goals: current.goalsAt(i, values),
      index,
      rank: ranks.rank.get(id) ?? null,
      categoryRank: ranks.groupRank.get(id) ?? null,
      delta: deltaOf(values, index, previous, previous.positionOf(id)),
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
    rows.flatMap((r) => report.table.positionOf(r.branch.id) ?? []),
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
