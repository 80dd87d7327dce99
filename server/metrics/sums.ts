/**
 * The additive building blocks of every metric (metrics.md "Roll-ups"): a branch's sums, or the sums of
 * a set of branches. Rates are always computed from sums (`derive.ts`), never averaged.
 */
import { FORMATS, LEVELS, MODULES, REQUIREMENTS, type TFormat, type TLevel, type TModule, type TRequirement } from '../../shared/domain';
import { FORMAT_COLUMN, LEVEL_COLUMN, MODULE_COLUMN, type TStatSums } from './columns';
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

/** A branch's sums from the per-branch query results (any part may be absent: no rows = zeros). */
export function branchSums(
  stats: TStatSums | undefined,
  slots: Pick<TSlotCounts, 'due' | 'met'> | undefined,
  members: { activeMembers: number; sharers: number } | undefined,
): TMetricSums {
  const s = emptySums();
  if (slots) {
    s.dueByType = { ...slots.due };
    s.metByType = { ...slots.met };
  }
  if (stats) {
    s.sessions = stats.sessions;
    s.attendedSum = stats.att_sum;
    s.expectedSum = stats.exp_sum;
    s.themeDays = stats.theme_days;
    s.themeComplete = stats.theme_complete;
    s.integrated = stats.integrated;
    for (const f of FORMATS.keys) s.formats[f] = stats[FORMAT_COLUMN[f]];
    for (const m of MODULES.keys) s.modules[m] = stats[MODULE_COLUMN[m]];
    s.volunteerHours = stats.ach_hours;
    s.volunteerPersonTimes = stats.ach_person_times;
    s.projectsApproved = stats.ach_projects;
    for (const l of LEVELS.keys) s.projectsByLevel[l] = stats[LEVEL_COLUMN[l]];
    s.awards = stats.ach_awards;
    s.proposalsAdopted = stats.ach_proposals;
  }
  if (members) {
    s.activeMembers = members.activeMembers;
    s.sharers = members.sharers;
  }
  return s;
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

