/**
 * The metrics engine's request schemas and result types (metrics.md), shared by server and client.
 * A branch's metrics carry exactly the keys of a branch in tests/fixtures/mini/expected.json.
 */
import { z } from 'zod';
import { CATEGORIES, type TCategory, type TLevel, type TModule, type TRequirement } from '../domain';
import type { TMetricKey, TMetricValueOf } from '../metric-keys';
import { ZPeriodInputSchema } from './period';

export type TGoalStatus = 'met' | 'near' | 'behind' | 'none';

/** A goal's status from its attainment (metrics.md "Goals": met at 100 %, near from 80 %). */
export function goalStatusOf(attainment: number | null): TGoalStatus {
  if (attainment === null) return 'none';
  if (attainment >= 1) return 'met';
  return attainment >= 0.8 ? 'near' : 'behind';
}

/**
 * The composite index read as a goal status, the same rule on every page: the index is the weighted
 * mean attainment × 100, so 100 is every goal met (met), from 80 near, below behind.
 */
export function indexStatusOf(index: number | null | undefined): TGoalStatus {
  return goalStatusOf(index == null ? null : index / 100);
}

export interface TGoalResult {
  /** The yearly target, scaled by days for count metrics. */
  target: number;
  attainment: number | null;
  status: TGoalStatus;
}

import type { TDeltaKey } from '../metric-keys';

export type { TDeltaKey };

export interface TBacklogItem {
  type: TRequirement;
  slot: string;
}

/** Values that exist for a branch and for any roll-up of branches (ratios of sums): every metric, and the counts behind them. */
export type TMetricValues = { [K in TMetricKey]: TMetricValueOf<K> } & {
  activeMembers: number;
  dueSlots: number;
  metSlots: number;
  moduleShare: Record<TModule, number | null>;
};

export interface TBranchMetrics extends TMetricValues {
  /** Types with at least one counted slot. */
  complianceByType: Partial<Record<TRequirement, number | null>>;
  projectsByLevel: Record<TLevel, number>;
  /** Unmet slots; null where not computed (the comparison table shows dueSlots − metSlots instead). */
  backlog: TBacklogItem[] | null;
  goals: Partial<Record<TMetricKey, TGoalResult>>;
  index: number | null;
  rank: number | null;
  categoryRank: number | null;
  delta: Record<TDeltaKey, number | null>;
}

/** A set of branches (general branch, category, college): sums of the parts, rates from the sums. */
export interface TRollupMetrics extends TMetricValues {
  /** Number of reported branches in the set. */
  branches: number;
  /** Mean of the branches' indexes (null when none has one). */
  index: number | null;
  complianceByType: Partial<Record<TRequirement, number | null>>;
  projectsByLevel: Record<TLevel, number>;
}

export interface TBranchIdentity {
  id: number;
  code: string;
  name: string;
  category: TCategory | null;
  parentId: number | null;
  parentCode: string | null;
  parentName: string | null;
  establishedOn: string;
  dissolvedOn: string | null;
}

export interface TBranchMetricsRow {
  branch: TBranchIdentity;
  metrics: TBranchMetrics;
}

/** The effective request: the period's canonical label, the counted range and the goal year. */
export interface TMetricsScope {
  period: string;
  start: string;
  asOf: string;
  goalYear: number;
}

/** One (period, asOf) case, as the CLI prints it and expected.json states it. */
export interface TMetricsCase {
  period: string;
  asOf: string;
  branches: Record<string, TBranchMetrics>;
  total: TRollupMetrics;
}

export interface TMonthlyPoint {
  /** `YYYY-MM` */
  month: string;
  sessions: number;
  /** Slots that end in this month (month slots, quarters ending here, years ending in December). */
  dueSlots: number;
  metSlots: number;
  attendanceRate: number | null;
  /** metSlots / dueSlots of the slots ending in the month (null when none ends there). */
  complianceRate: number | null;
}

export const ZBranchMetricsInputSchema = ZPeriodInputSchema.extend({
  category: z.enum(CATEGORIES.keys).optional(),
  /** Only branches directly under this unit (a general branch or the committee). */
  parentId: z.number().int().positive().optional(),
});
export type TBranchMetricsInput = z.infer<typeof ZBranchMetricsInputSchema>;

export const ZBranchDetailInputSchema = ZPeriodInputSchema.extend({
  branchId: z.number().int().positive(),
});
export type TBranchDetailInput = z.infer<typeof ZBranchDetailInputSchema>;
