/**
 * What the goals page shows from the metrics: how a candidate set of weights would re-order a goal
 * year's ranking (before it is saved), and last year's actual values beside this year's targets.
 * Both read the college's evaluated range (evaluate.ts, memoized) and never write.
 */

import { AppError } from '../../shared/app-error';
import { CATEGORIES, type TCategory } from '../../shared/domain';
import { IS_ADDITIVE, METRIC_KEYS, type TMetricKey } from '../../shared/metric-keys';
import type {
  TGoalActuals,
  TPreviewWeightsInput,
  TRankMove,
  TWeightsPreview,
} from '../../shared/schemas/goals';
import type { TMetricsScope, TMetricValues } from '../../shared/schemas/metrics';
import type { DBOrTrx } from '../db/database';
import { indexOfFlat, weightedMetrics } from './derive';
import { collegeRange } from './evaluate';
import { rankBranches, ranksOf, type TRankable } from './rank';
import { rollupOfRange } from './report';
import { openScope } from './scope';
import { SUMS_WIDTH } from './sums';

/** The most rank moves a preview lists. */
const MAX_MOVES = 50;

/** The goal year as a period (to yesterday while it runs); null for a year with nothing counted yet. */
async function scopeOfYear(db: DBOrTrx, year: number): Promise<TMetricsScope | null> {
  try {
    return await openScope(db, { period: String(year) });
  } catch (error) {
    // A year that has not started (asOf would precede it) or lies outside the calendar.
    if (error instanceof AppError) return null;
    throw error;
  }
}

/**
 * The goal year's ranking with the weights in force and with `weights`: the branches whose rank would
 * change, largest moves first. The candidate index is computed from the same flat rows as the index
 * (derive.ts indexOfFlat), so an unchanged set previews no move.
 */
export async function previewWeights(
  db: DBOrTrx,
  { year, weights }: TPreviewWeightsInput,
): Promise<TWeightsPreview> {
  const scope = await scopeOfYear(db, year);
  if (!scope) return { period: String(year), asOf: '', ranked: 0, moved: 0, moves: [] };
  const table = await collegeRange(db, scope);
  const before = ranksOf(table);
  const weighted = weightedMetrics(weights);
  const newIndex = new Map<number, number | null>();
  const entries: TRankable[] = [];
  for (let i = 0; i < table.size; i++) {
    if (!table.existsOnAsOfAt(i)) continue;
    const { id, category } = table.branchAt(i);
    const index = indexOfFlat(table.flatSums, i * SUMS_WIDTH, table.targetsAt(i), table.scale, weighted);
    newIndex.set(id, index);
    if (index !== null)
      entries.push({ id, group: category ?? '', index, complianceRate: table.complianceRateAt(i) });
  }
  const after = rankBranches(entries);
  const moves: TRankMove[] = [];
  for (let i = 0; i < table.size; i++) {
    const { id, code, name } = table.branchAt(i);
    const rank = before.rank.get(id) ?? null;
    const newRank = after.rank.get(id) ?? null;
    if (rank === newRank) continue;
    moves.push({
      branchId: id,
      code,
      name,
      index: table.indexAt(i),
      rank,
      newIndex: newIndex.get(id) ?? null,
      newRank,
    });
  }
  const distance = (m: TRankMove) =>
    m.rank === null || m.newRank === null ? Number.POSITIVE_INFINITY : Math.abs(m.newRank - m.rank);
  moves.sort((a, b) => distance(b) - distance(a) || (a.code < b.code ? -1 : 1));
  return {
    period: scope.period,
    asOf: scope.asOf,
    ranked: Math.max(before.rank.size, after.rank.size),
    moved: moves.length,
    moves: moves.slice(0, MAX_MOVES),
  };
}

/**
 * The metric values of a values object (the counts behind them left out). For a scope of `branches`
 * branches, a branch total (METRICS `additive`) is given per branch: a goal of the scope is each
 * branch's.
 */
function metricValues(
  values: Pick<TMetricValues, TMetricKey>,
  branches = 1,
): Partial<Record<TMetricKey, number | null>> {
  const out: Partial<Record<TMetricKey, number | null>> = {};
  for (const key of METRIC_KEYS) {
    const value = values[key];
    out[key] = IS_ADDITIVE[key] && value !== null && branches > 0 ? value / branches : value;
  }
  return out;
}

/**
 * Last year's actual values for this year's goals: the college's and each category's roll-up, and the
 * values of the branches `branchCodes` (those with goals of their own).
 */
export async function goalActuals(
  db: DBOrTrx,
  { year, branchCodes }: { year: number; branchCodes: readonly string[] },
): Promise<TGoalActuals> {
  const previous = year - 1;
  const scope = await scopeOfYear(db, previous);
  if (!scope) return { year: previous, all: {}, byCategory: {}, byBranch: {} };
  const table = await collegeRange(db, scope);
  const rowsOf = new Map<TCategory, number[]>();
  const wanted = new Set(branchCodes);
  const byBranch: TGoalActuals['byBranch'] = {};
  for (let i = 0; i < table.size; i++) {
    const { category, code } = table.branchAt(i);
    if (category) {
      const rows = rowsOf.get(category);
      if (rows) rows.push(i);
      else rowsOf.set(category, [i]);
    }
    if (wanted.has(code)) byBranch[code] = metricValues(table.valuesAt(i));
  }
  const byCategory: TGoalActuals['byCategory'] = {};
  for (const category of CATEGORIES.keys) {
    const rows = rowsOf.get(category);
    if (rows) byCategory[category] = metricValues(rollupOfRange(table, rows), rows.length);
  }
  return { year: previous, all: metricValues(rollupOfRange(table), table.size), byCategory, byBranch };
}
