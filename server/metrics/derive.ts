/**
 * Values, goals, attainment and index from sums (metrics.md). Each metric's formula is written once, in
 * formulas.ts; this module applies them to a branch's or a roll-up's sums, read as a flat row.
 */
import { MODULES, REQUIREMENTS, type TModule, type TRequirement } from '../../shared/domain';
import { METRIC_KEYS, METRIC_KIND, type TMetricKey } from '../../shared/metric-keys';
import { goalStatusOf, type TGoalResult, type TMetricValues } from '../../shared/schemas/metrics';
import type { TStatColumn } from './columns';
import { compileLiteral, METRIC_FORMULAS, ratio, slotCompliance, sumAt, type TFlatFormula } from './formulas';
import { FLAT, SUMS_WIDTH, type TMetricSums, writeFlatSums } from './sums';

const REQ = REQUIREMENTS.keys.length;
const NM = MODULES.keys.length;
const METRIC_VALUE: readonly TFlatFormula[] = METRIC_KEYS.map((k) => METRIC_FORMULAS[k].value);

/** Share of each module in the modules' total (null when none was used). */
function moduleShareAt(f: Float64Array, at: number): Record<TModule, number | null> {
  const total = sumAt(f, at + FLAT.modules, NM);
  const share = {} as Record<TModule, number | null>;
  MODULES.keys.forEach((m, i) => {
    share[m] = ratio(f[at + FLAT.modules + i]!, total);
  });
  return share;
}

/** What a values object holds besides the metrics (the counts behind them). */
const EXTRA_VALUES = {
  activeMembers: (f: Float64Array, at: number) => f[at + FLAT.activeMembers]!,
  dueSlots: (f: Float64Array, at: number) => sumAt(f, at + FLAT.due, REQ),
  metSlots: (f: Float64Array, at: number) => sumAt(f, at + FLAT.met, REQ),
  moduleShare: moduleShareAt,
};

/** Every value of a flat sums row (a branch's, or a roll-up's): each metric by its formula. */
const buildValues = compileLiteral<
  (metric: typeof METRIC_VALUE, extra: typeof EXTRA_VALUES, f: Float64Array, at: number) => TMetricValues
>(
  ['m', 'x', 'f', 'at'],
  [
    ...METRIC_KEYS.map((key, i) => [key, `m[${i}](f, at)`] as const),
    ...Object.keys(EXTRA_VALUES).map((key) => [key, `x.${key}(f, at)`] as const),
  ],
);

export function valuesOfFlat(f: Float64Array, at: number): TMetricValues {
  return buildValues(METRIC_VALUE, EXTRA_VALUES, f, at);
}

const scratch = new Float64Array(SUMS_WIDTH);

/** valuesOfFlat of sums held as an object (a roll-up's, a test's). */
export function deriveValues(s: TMetricSums): TMetricValues {
  writeFlatSums(scratch, 0, s);
  return valuesOfFlat(scratch, 0);
}

const partsRow = new Float64Array(SUMS_WIDTH);

/**
 * Some metrics' values from a few sums (a month of a trend: its sessions, attendance sums, due and met
 * slots), by the metrics' own formulas: the sums are written into a zeroed scratch row, a record's total
 * (due, met) into its first position — the formulas add the record's positions.
 */
export function valuesOfParts<K extends TMetricKey>(
  keys: readonly K[],
  parts: Partial<Record<keyof typeof FLAT, number>>,
): Record<K, number | null> {
  partsRow.fill(0);
  for (const [field, value] of Object.entries(parts) as [keyof typeof FLAT, number][])
    partsRow[FLAT[field]] = value;
  const out = {} as Record<K, number | null>;
  for (const key of keys) out[key] = METRIC_FORMULAS[key].value(partsRow, 0);
  return out;
}

/**
 * complianceByType for requirements with at least one counted slot (complianceRate's formula, per
 * type), from a flat sums row: a report reads it for every branch without building its sums object.
 */
export function complianceByTypeOfFlat(
  f: Float64Array,
  at: number,
): Partial<Record<TRequirement, number | null>> {
  const out: Partial<Record<TRequirement, number | null>> = {};
  for (let k = 0; k < REQ; k++) {
    const due = f[at + FLAT.due + k]!;
    if (due > 0) out[REQUIREMENTS.keys[k]!] = slotCompliance(f[at + FLAT.met + k]!, due);
  }
  return out;
}

/** complianceByTypeOfFlat of sums held as an object (a roll-up's). */
export function complianceByType(s: TMetricSums): Partial<Record<TRequirement, number | null>> {
  writeFlatSums(scratch, 0, s);
  return complianceByTypeOfFlat(scratch, 0);
}

/** The period's target of a yearly goal: counts scale by days counted / days in the goal year. */
export function scaledTarget(key: TMetricKey, yearly: number, scale: number): number {
  return METRIC_KIND[key] === 'count' ? yearly * scale : yearly;
}

function attainmentOf(actual: number | null, target: number): number | null {
  return actual === null || target <= 0 ? null : Math.min(actual / target, 1);
}

/**
 * `{target, attainment, status}` for every metric with a goal. Count targets scale by
 * days counted / days in the goal year; rates and formatCount use the target as it is.
 */
export function evaluateGoals(
  values: TMetricValues,
  targets: Partial<Record<TMetricKey, number>>,
  scale: number,
): Partial<Record<TMetricKey, TGoalResult>> {
  const goals: Partial<Record<TMetricKey, TGoalResult>> = {};
  // for…in, not Object.entries: no array per branch (same order: insertion order of own keys).
  for (const key in targets) {
    goals[key as TMetricKey] = goalOf(
      key as TMetricKey,
      values[key as TMetricKey] as number | null,
      targets[key as TMetricKey]!,
      scale,
    );
  }
  return goals;
}

/** One metric's goal: the period's target of the yearly goal, the attainment of `actual` and its status. */
export function goalOf(key: TMetricKey, actual: number | null, yearly: number, scale: number): TGoalResult {
  const target = scaledTarget(key, yearly, scale);
  const attainment = attainmentOf(actual, target);
  return { target, attainment, status: goalStatusOf(attainment) };
}

/**
 * The composite index (metrics.md): 100 × Σ w·attainment / Σ w over weighted metrics with a goal and an
 * attainment, rounded half-up to one decimal; null when none. `indexOfFlat` computes it from a flat
 * sums row without building goal objects: every branch's index is needed (ranks, deltas), goals only
 * for returned rows.
 */
/** Half-up rounding to one decimal, robust to binary representation (84.05 → 84.1). */
export function roundIndex(value: number): number {
  return Math.round(value * 10 + 1e-9) / 10;
}

/** A metric with a weight > 0, resolved once per range (weights order: the index sums in that order). */
export interface TWeighted {
  key: TMetricKey;
  weight: number;
  /** The value from a flat sums row starting at `at`. */
  flat: (f: Float64Array, at: number) => number | null;
}

/** The metrics of `weights` that count towards the index (weight > 0), in the weights' order. */
export function weightedMetrics(weights: Partial<Record<TMetricKey, number>>): TWeighted[] {
  const out: TWeighted[] = [];
  for (const key in weights) {
    const weight = weights[key as TMetricKey]!;
    if (weight > 0)
      out.push({
        key: key as TMetricKey,
        weight,
        flat: METRIC_FORMULAS[key as TMetricKey].value,
      });
  }
  return out;
}

/**
 * The index from a flat sums row, computing only the weighted metrics with a goal
 * (tests/server/metrics/rank-only.test.ts compares it with the goals of every branch).
 */
export function indexOfFlat(
  f: Float64Array,
  at: number,
  targets: Partial<Record<TMetricKey, number>>,
  scale: number,
  weighted: readonly TWeighted[],
): number | null {
  let num = 0;
  let den = 0;
  for (let i = 0; i < weighted.length; i++) {
    const { key, weight, flat } = weighted[i]!;
    const yearly = targets[key];
    if (yearly === undefined) continue;
    const attainment = attainmentOf(flat(f, at), scaledTarget(key, yearly, scale));
    if (attainment === null) continue;
    num += weight * attainment;
    den += weight;
  }
  return den > 0 ? roundIndex((100 * num) / den) : null;
}

/** The roll-up columns an index over `weighted` and complianceRate (the rank tie-break) read. */
export function columnsForRanks(weighted: readonly TWeighted[]): Set<TStatColumn> {
  return new Set([
    ...METRIC_FORMULAS.complianceRate.reads,
    ...weighted.flatMap((w) => METRIC_FORMULAS[w.key].reads),
  ]);
}
