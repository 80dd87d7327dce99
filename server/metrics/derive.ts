/** Pure formulas of metrics.md from sums: rates, evenness, balance, goals, attainment and index. */
import { FORMATS, MODULES, REQUIREMENTS, type TModule, type TRequirement } from '../../shared/domain';
import { METRIC_KIND, type TMetricKey } from '../../shared/metric-keys';
import type { TGoalResult, TGoalStatus, TMetricValues } from '../../shared/schemas/metrics';
import { FORMAT_COLUMNS, MET_COLUMNS, MODULE_COLUMNS, type TStatColumn } from './columns';
import { FLAT, type TMetricSums } from './sums';

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Normalised Shannon entropy of counts over `k` categories; 0 when fewer than two are used. */
export function evenness(counts: readonly number[], k: number): number {
  return evennessOf(counts, 0, counts.length, k);
}

/** evenness of `n` counts stored from `from` on (a flat sums row): the same arithmetic in the same order. */
export function evennessOf(values: ArrayLike<number>, from: number, n: number, k: number): number {
  let total = 0;
  let used = 0;
  for (let i = from; i < from + n; i++) {
    const c = values[i]!;
    if (c > 0) {
      total += c;
      used += 1;
    }
  }
  if (used < 2) return 0;
  let h = 0;
  for (let i = from; i < from + n; i++) {
    const c = values[i]!;
    if (c > 0) h -= (c / total) * Math.log(c / total);
  }
  return h / Math.log(k);
}

function sumOf(values: Record<string, number>): number {
  let total = 0;
  for (const key in values) total += values[key]!;
  return total;
}

export function deriveValues(s: TMetricSums): TMetricValues {
  const dueSlots = sumOf(s.dueByType);
  const metSlots = sumOf(s.metByType);
  const formatCounts = FORMATS.keys.map((f) => s.formats[f]);
  const moduleCounts = MODULES.keys.map((m) => s.modules[m]);
  const moduleTotal = sumOf(s.modules);
  const moduleShare = {} as Record<TModule, number | null>;
  for (const m of MODULES.keys) moduleShare[m] = ratio(s.modules[m], moduleTotal);
  let formatCount = 0;
  for (const c of formatCounts) if (c > 0) formatCount += 1;
  return {
    activeMembers: s.activeMembers,
    dueSlots,
    metSlots,
    complianceRate: ratio(metSlots, dueSlots),
    attendanceRate: ratio(s.attendedSum, s.expectedSum),
    ritualRate: ratio(s.themeComplete, s.themeDays),
    sessions: s.sessions,
    formatCount,
    formatEvenness: evenness(formatCounts, FORMATS.keys.length),
    workIntegrationRate: ratio(s.integrated, s.sessions),
    sharingCoverage: ratio(s.sharers, s.activeMembers),
    moduleShare,
    moduleBalance: evenness(moduleCounts, MODULES.keys.length),
    volunteerHours: s.volunteerHours,
    volunteerPersonTimes: s.volunteerPersonTimes,
    volunteerHoursPerMember: ratio(s.volunteerHours, s.activeMembers),
    projectsApproved: s.projectsApproved,
    awards: s.awards,
    proposalsAdopted: s.proposalsAdopted,
  };
}

/** complianceByType for requirements with at least one counted slot. */
export function complianceByType(s: TMetricSums): Partial<Record<TRequirement, number | null>> {
  const out: Partial<Record<TRequirement, number | null>> = {};
  for (const t of REQUIREMENTS.keys) if (s.dueByType[t] > 0) out[t] = s.metByType[t] / s.dueByType[t];
  return out;
}

export function statusOf(attainment: number | null): TGoalStatus {
  if (attainment === null) return 'none';
  if (attainment >= 1) return 'met';
  return attainment >= 0.8 ? 'near' : 'behind';
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
  return { target, attainment, status: statusOf(attainment) };
}

/**
 * The composite index (metrics.md): 100 × Σ w·attainment / Σ w over weighted metrics with a goal and an
 * attainment, rounded half-up to one decimal; null when none. Computed from the values, without building
 * goal objects: the engine needs every branch's index (ranks, deltas) but goals only for returned rows.
 */
export function indexOfValues(
  values: TMetricValues,
  targets: Partial<Record<TMetricKey, number>>,
  scale: number,
  weights: Partial<Record<TMetricKey, number>>,
): number | null {
  let num = 0;
  let den = 0;
  for (const key in weights) {
    const w = weights[key as TMetricKey]!;
    const yearly = targets[key as TMetricKey];
    if (!(w > 0) || yearly === undefined) continue;
    const attainment = attainmentOf(
      values[key as TMetricKey] as number | null,
      scaledTarget(key as TMetricKey, yearly, scale),
    );
    if (attainment === null) continue;
    num += w * attainment;
    den += w;
  }
  return den > 0 ? roundIndex((100 * num) / den) : null;
}

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

/** The metrics of `weights` that count towards the index (weight > 0), in the order indexOfValues adds them. */
export function weightedMetrics(weights: Partial<Record<TMetricKey, number>>): TWeighted[] {
  const out: TWeighted[] = [];
  for (const key in weights) {
    const weight = weights[key as TMetricKey]!;
    if (weight > 0)
      out.push({
        key: key as TMetricKey,
        weight,
        flat: VALUE_OF_FLAT[key as TMetricKey],
      });
  }
  return out;
}

const F = FLAT;
const REQ = REQUIREMENTS.keys.length;
const NF = FORMATS.keys.length;
const NM = MODULES.keys.length;

/** Σ of `n` numbers from `from` on, added in order from 0 (as sumOf adds a record's values). */
function sumAt(f: Float64Array, from: number, n: number): number {
  let total = 0;
  for (let i = from; i < from + n; i++) total += f[i]!;
  return total;
}

/**
 * Each metric's value from a flat sums row (sums.ts FLAT): deriveValues' formulas and order of
 * operations, so the same doubles (tests/server/metrics/rank-only.test.ts compares every branch).
 */
export const VALUE_OF_FLAT: Record<TMetricKey, (f: Float64Array, at: number) => number | null> = {
  complianceRate: (f, at) => ratio(sumAt(f, at + F.met, REQ), sumAt(f, at + F.due, REQ)),
  attendanceRate: (f, at) => ratio(f[at + F.attendedSum]!, f[at + F.expectedSum]!),
  ritualRate: (f, at) => ratio(f[at + F.themeComplete]!, f[at + F.themeDays]!),
  sessions: (f, at) => f[at + F.sessions]!,
  formatCount: (f, at) => {
    let n = 0;
    for (let i = 0; i < NF; i++) if (f[at + F.formats + i]! > 0) n += 1;
    return n;
  },
  formatEvenness: (f, at) => evennessOf(f, at + F.formats, NF, NF),
  workIntegrationRate: (f, at) => ratio(f[at + F.integrated]!, f[at + F.sessions]!),
  sharingCoverage: (f, at) => ratio(f[at + F.sharers]!, f[at + F.activeMembers]!),
  moduleBalance: (f, at) => evennessOf(f, at + F.modules, NM, NM),
  volunteerHours: (f, at) => f[at + F.volunteerHours]!,
  volunteerPersonTimes: (f, at) => f[at + F.volunteerPersonTimes]!,
  volunteerHoursPerMember: (f, at) => ratio(f[at + F.volunteerHours]!, f[at + F.activeMembers]!),
  projectsApproved: (f, at) => f[at + F.projectsApproved]!,
  awards: (f, at) => f[at + F.awards]!,
  proposalsAdopted: (f, at) => f[at + F.proposalsAdopted]!,
};

/**
 * indexOfValues from a flat sums row, computing only the weighted metrics with a goal: the same sum in
 * the same order, so the same index (tests/server/metrics/rank-only.test.ts compares them for every branch).
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

/** The roll-up columns each metric's value reads (members and sharers come from their own query). */
export const COLUMNS_OF_METRIC: Record<TMetricKey, readonly TStatColumn[]> = {
  complianceRate: MET_COLUMNS,
  attendanceRate: ['att_sum', 'exp_sum'],
  ritualRate: ['theme_days', 'theme_complete'],
  sessions: ['sessions'],
  formatCount: FORMAT_COLUMNS,
  formatEvenness: FORMAT_COLUMNS,
  workIntegrationRate: ['integrated', 'sessions'],
  sharingCoverage: [],
  moduleBalance: MODULE_COLUMNS,
  volunteerHours: ['ach_hours'],
  volunteerPersonTimes: ['ach_person_times'],
  volunteerHoursPerMember: ['ach_hours'],
  projectsApproved: ['ach_projects'],
  awards: ['ach_awards'],
  proposalsAdopted: ['ach_proposals'],
};

/** The roll-up columns an index over `weighted` and complianceRate (the rank tie-break) read. */
export function columnsForRanks(weighted: readonly TWeighted[]): Set<TStatColumn> {
  return new Set([...COLUMNS_OF_METRIC.complianceRate, ...weighted.flatMap((w) => COLUMNS_OF_METRIC[w.key])]);
}
