/**
 * The server's half of each metric's description (the other half — labels, kind, delta, goal bound —
 * is shared/metric-keys.ts METRICS): which roll-up columns its value reads, and its formula over a
 * flat sums row (sums.ts FLAT). Written once: the per-branch values, a roll-up of any set of branches
 * (its sums are a flat row too), the fast paths that read one metric from a RangeTable (index, ranks,
 * deltas), goals and the overview's KPIs all call these. `Record<TMetricKey, …>`: a metric added to
 * METRICS without a formula here does not compile.
 */
import { FORMATS, MODULES, REQUIREMENTS } from '../../shared/domain';
import type { TMetricKey } from '../../shared/metric-keys';
import { FORMAT_COLUMNS, MET_COLUMNS, MODULE_COLUMNS, type TStatColumn } from './columns';
import { FLAT } from './sums';

/** A metric's value from the flat sums row starting at `at` of `f`. */
export type TFlatFormula = (f: Float64Array, at: number) => number | null;

export interface TMetricFormula {
  /** The roll-up columns the value reads (members and sharers come from their own query). */
  reads: readonly TStatColumn[];
  value: TFlatFormula;
}

export const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Σ of `n` numbers from `from` on, added in order. */
export function sumAt(f: ArrayLike<number>, from: number, n: number): number {
  let total = 0;
  for (let i = from; i < from + n; i++) total += f[i]!;
  return total;
}

/** Normalised Shannon entropy of `n` counts stored from `from` on, over `k` categories; 0 when fewer than two are used. */
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

/** Met slots over due slots (complianceRate; per requirement, complianceByType). */
export const slotCompliance = (met: number, due: number): number | null => ratio(met, due);

const F = FLAT;
const REQ = REQUIREMENTS.keys.length;
const NF = FORMATS.keys.length;
const NM = MODULES.keys.length;
const at1 = (f: Float64Array, i: number) => f[i]!;

/** metrics.md, metric by metric. */
export const METRIC_FORMULAS: Record<TMetricKey, TMetricFormula> = {
  complianceRate: {
    reads: MET_COLUMNS,
    value: (f, at) => slotCompliance(sumAt(f, at + F.met, REQ), sumAt(f, at + F.due, REQ)),
  },
  attendanceRate: {
    reads: ['att_sum', 'exp_sum'],
    value: (f, at) => ratio(at1(f, at + F.attendedSum), at1(f, at + F.expectedSum)),
  },
  ritualRate: {
    reads: ['theme_days', 'theme_complete'],
    value: (f, at) => ratio(at1(f, at + F.themeComplete), at1(f, at + F.themeDays)),
  },
  sessions: { reads: ['sessions'], value: (f, at) => at1(f, at + F.sessions) },
  attendedPersonTimes: { reads: ['att_all'], value: (f, at) => at1(f, at + F.attendedAll) },
  formatCount: {
    reads: FORMAT_COLUMNS,
    value: (f, at) => {
      let n = 0;
      for (let i = 0; i < NF; i++) if (f[at + F.formats + i]! > 0) n += 1;
      return n;
    },
  },
  formatEvenness: { reads: FORMAT_COLUMNS, value: (f, at) => evennessOf(f, at + F.formats, NF, NF) },
  workIntegrationRate: {
    reads: ['integrated', 'sessions'],
    value: (f, at) => ratio(at1(f, at + F.integrated), at1(f, at + F.sessions)),
  },
  sharingCoverage: {
    reads: [],
    value: (f, at) => ratio(at1(f, at + F.sharers), at1(f, at + F.activeMembers)),
  },
  moduleBalance: { reads: MODULE_COLUMNS, value: (f, at) => evennessOf(f, at + F.modules, NM, NM) },
  volunteerHours: { reads: ['ach_hours'], value: (f, at) => at1(f, at + F.volunteerHours) },
  volunteerPersonTimes: {
    reads: ['ach_person_times'],
    value: (f, at) => at1(f, at + F.volunteerPersonTimes),
  },
  volunteerHoursPerMember: {
    reads: ['ach_hours'],
    value: (f, at) => ratio(at1(f, at + F.volunteerHours), at1(f, at + F.activeMembers)),
  },
  projectsApproved: { reads: ['ach_projects'], value: (f, at) => at1(f, at + F.projectsApproved) },
  awards: { reads: ['ach_awards'], value: (f, at) => at1(f, at + F.awards) },
  proposalsAdopted: { reads: ['ach_proposals'], value: (f, at) => at1(f, at + F.proposalsAdopted) },
};

/**
 * A function of `params` returning one object literal: field `key` is the JavaScript `expression`
 * (over the params). Objects of one fixed shape made by a literal are several times cheaper than
 * keyed stores in a loop or spreads (at 10,000 rows per request this was the slowest step of
 * metrics.branches), so the row builders are compiled from the key lists once, at start-up, instead
 * of being spelled out by hand for every metric. Keys and expressions come from this code's constant
 * lists, never from input.
 */
export function compileLiteral<F>(
  params: readonly string[],
  fields: readonly (readonly [string, string])[],
): F {
  for (const [key] of fields)
    if (!/^[A-Za-z_$][\w$]*$/.test(key)) throw new Error(`not an identifier: ${key}`);
  const body = `return { ${fields.map(([key, expression]) => `${key}: ${expression}`).join(', ')} };`;
  return new Function(...params, body) as F;
}
