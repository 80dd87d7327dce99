/**
 * The additive building blocks of every metric (metrics.md "Roll-ups"): a branch's sums, or the sums of
 * a set of branches. Rates are always computed from sums (`derive.ts`), never averaged.
 */
import {
  FORMATS,
  LEVELS,
  MODULES,
  REQUIREMENTS,
  type TFormat,
  type TLevel,
  type TModule,
  type TRequirement,
} from '../../shared/domain';
import {
  FORMAT_COLUMN,
  LEVEL_COLUMN,
  MODULE_COLUMN,
  READ_COLUMNS,
  READ_INDEX,
  type TStatRow,
} from './columns';
import type { TSlotCounts } from './queries/slot-stats';

export interface TMetricSums {
  dueByType: Record<TRequirement, number>;
  metByType: Record<TRequirement, number>;
  sessions: number;
  attendedSum: number;
  expectedSum: number;
  themeDays: number;
  themeComplete: number;
  integrated: number;
  formats: Record<TFormat, number>;
  modules: Record<TModule, number>;
  sharers: number;
  activeMembers: number;
  volunteerHours: number;
  volunteerPersonTimes: number;
  projectsApproved: number;
  projectsByLevel: Record<TLevel, number>;
  awards: number;
  proposalsAdopted: number;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

export function emptySums(): TMetricSums {
  return {
    dueByType: zeros(REQUIREMENTS.keys),
    metByType: zeros(REQUIREMENTS.keys),
    sessions: 0,
    attendedSum: 0,
    expectedSum: 0,
    themeDays: 0,
    themeComplete: 0,
    integrated: 0,
    formats: zeros(FORMATS.keys),
    modules: zeros(MODULES.keys),
    sharers: 0,
    activeMembers: 0,
    volunteerHours: 0,
    volunteerPersonTimes: 0,
    projectsApproved: 0,
    projectsByLevel: zeros(LEVELS.keys),
    awards: 0,
    proposalsAdopted: 0,
  };
}

const IX = READ_INDEX;
// Positions in a TStatRow, resolved once (not two keyed lookups per value per branch).
const FORMAT_IX = FORMATS.keys.map((f) => READ_INDEX[FORMAT_COLUMN[f]]);
const MODULE_IX = MODULES.keys.map((m) => READ_INDEX[MODULE_COLUMN[m]]);
const LEVEL_IX = LEVELS.keys.map((l) => READ_INDEX[LEVEL_COLUMN[l]]);
const ZERO_ROW: TStatRow = READ_COLUMNS.map(() => 0);

/**
 * A branch's sums from the per-branch query results (any part may be absent: no rows = zeros). Built
 * as one literal per branch: at 10,000 branches × two ranges this runs 20,000 times per request.
 * Takes `slots.due` / `slots.met` as they are (no copy).
 */
export function branchSums(
  stats: TStatRow | undefined,
  slots: Pick<TSlotCounts, 'due' | 'met'> | undefined,
  members: { activeMembers: number; sharers: number } | undefined,
): TMetricSums {
  const v = stats ?? ZERO_ROW;
  const formats = {} as Record<TFormat, number>;
  FORMATS.keys.forEach((f, i) => {
    formats[f] = v[FORMAT_IX[i]!]!;
  });
  const modules = {} as Record<TModule, number>;
  MODULES.keys.forEach((m, i) => {
    modules[m] = v[MODULE_IX[i]!]!;
  });
  const projectsByLevel = {} as Record<TLevel, number>;
  LEVELS.keys.forEach((l, i) => {
    projectsByLevel[l] = v[LEVEL_IX[i]!]!;
  });
  return {
    // Not copied: the engine builds `met` per branch and shares one `due` per range between branches
    // with the same obligations. Sums are read-only once built (addSums makes new objects).
    dueByType: slots?.due ?? zeros(REQUIREMENTS.keys),
    metByType: slots?.met ?? zeros(REQUIREMENTS.keys),
    sessions: v[IX.sessions]!,
    attendedSum: v[IX.att_sum]!,
    expectedSum: v[IX.exp_sum]!,
    themeDays: v[IX.theme_days]!,
    themeComplete: v[IX.theme_complete]!,
    integrated: v[IX.integrated]!,
    formats,
    modules,
    sharers: members?.sharers ?? 0,
    activeMembers: members?.activeMembers ?? 0,
    volunteerHours: v[IX.ach_hours]!,
    volunteerPersonTimes: v[IX.ach_person_times]!,
    projectsApproved: v[IX.ach_projects]!,
    projectsByLevel,
    awards: v[IX.ach_awards]!,
    proposalsAdopted: v[IX.ach_proposals]!,
  };
}

/** The sums of a set of branches. */
export function addSums(parts: readonly TMetricSums[]): TMetricSums {
  const total = emptySums();
  for (const p of parts) {
    for (const t of REQUIREMENTS.keys) {
      total.dueByType[t] += p.dueByType[t];
      total.metByType[t] += p.metByType[t];
    }
    for (const f of FORMATS.keys) total.formats[f] += p.formats[f];
    for (const m of MODULES.keys) total.modules[m] += p.modules[m];
    for (const l of LEVELS.keys) total.projectsByLevel[l] += p.projectsByLevel[l];
    total.sessions += p.sessions;
    total.attendedSum += p.attendedSum;
    total.expectedSum += p.expectedSum;
    total.themeDays += p.themeDays;
    total.themeComplete += p.themeComplete;
    total.integrated += p.integrated;
    total.sharers += p.sharers;
    total.activeMembers += p.activeMembers;
    total.volunteerHours += p.volunteerHours;
    total.volunteerPersonTimes += p.volunteerPersonTimes;
    total.projectsApproved += p.projectsApproved;
    total.awards += p.awards;
    total.proposalsAdopted += p.proposalsAdopted;
  }
  return total;
}

/**
 * branchSums written into an existing object (`out`, from emptySums) instead of new ones: the rank-only
 * path evaluates every branch of the college and keeps nothing of its sums. `due` / `met` are taken
 * as they are (no copy), like branchSums.
 */
export function fillSums(
  out: TMetricSums,
  stats: TStatRow | undefined,
  due: Record<TRequirement, number>,
  met: Record<TRequirement, number>,
  members: { activeMembers: number; sharers: number } | undefined,
): TMetricSums {
  const v = stats ?? ZERO_ROW;
  for (let i = 0; i < FORMATS.keys.length; i++) out.formats[FORMATS.keys[i]!] = v[FORMAT_IX[i]!]!;
  for (let i = 0; i < MODULES.keys.length; i++) out.modules[MODULES.keys[i]!] = v[MODULE_IX[i]!]!;
  for (let i = 0; i < LEVELS.keys.length; i++) out.projectsByLevel[LEVELS.keys[i]!] = v[LEVEL_IX[i]!]!;
  out.dueByType = due;
  out.metByType = met;
  out.sessions = v[IX.sessions]!;
  out.attendedSum = v[IX.att_sum]!;
  out.expectedSum = v[IX.exp_sum]!;
  out.themeDays = v[IX.theme_days]!;
  out.themeComplete = v[IX.theme_complete]!;
  out.integrated = v[IX.integrated]!;
  out.sharers = members?.sharers ?? 0;
  out.activeMembers = members?.activeMembers ?? 0;
  out.volunteerHours = v[IX.ach_hours]!;
  out.volunteerPersonTimes = v[IX.ach_person_times]!;
  out.projectsApproved = v[IX.ach_projects]!;
  out.awards = v[IX.ach_awards]!;
  out.proposalsAdopted = v[IX.ach_proposals]!;
  return out;
}
