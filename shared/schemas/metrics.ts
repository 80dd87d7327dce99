/**
 * The metrics engine's request schemas and result types (metrics.md), shared by server and client.
 * A branch's metrics carry exactly the keys of a branch in tests/fixtures/mini/expected.json.
 */
import { z } from 'zod';
import { CATEGORIES, type TCategory, type TLevel, type TModule, type TRequirement } from '../domain';
import { type DELTA_KEYS, METRIC_KEYS, type TMetricKey } from '../metric-keys';
import { ZAsOfSchema, ZPeriodSchema } from './period';

export type TGoalStatus = 'met' | 'near' | 'behind' | 'none';

export interface TGoalResult {
  /** The yearly target, scaled by days for count metrics. */
  target: number;
  attainment: number | null;
  status: TGoalStatus;
}

export type TDeltaKey = (typeof DELTA_KEYS)[number];

export interface TBacklogItem {
  type: TRequirement;
  slot: string;
}

/** Values that exist for a branch and for any roll-up of branches (ratios of sums). */
export interface TMetricValues {
  activeMembers: number;
  dueSlots: number;
  metSlots: number;
  complianceRate: number | null;
  attendanceRate: number | null;
  ritualRate: number | null;
  sessions: number;
  formatCount: number;
  formatEvenness: number;
  workIntegrationRate: number | null;
  sharingCoverage: number | null;
  moduleShare: Record<TModule, number | null>;
  moduleBalance: number;
  volunteerHours: number;
  volunteerPersonTimes: number;
  volunteerHoursPerMember: number | null;
  projectsApproved: number;
  awards: number;
  proposalsAdopted: number;
}

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
}

export const ZMetricsQueryInputSchema = z.object({
  period: ZPeriodSchema,
  asOf: ZAsOfSchema.optional(),
});

export const ZBranchMetricsInputSchema = ZMetricsQueryInputSchema.extend({
  category: z.enum(CATEGORIES.keys).optional(),
  /** Only branches directly under this unit (a general branch or the committee). */
  parentId: z.number().int().positive().optional(),
});
export type TBranchMetricsInput = z.infer<typeof ZBranchMetricsInputSchema>;

export const ZBranchDetailInputSchema = ZMetricsQueryInputSchema.extend({
  branchId: z.number().int().positive(),
});
export type TBranchDetailInput = z.infer<typeof ZBranchDetailInputSchema>;

export const ZOverviewInputSchema = ZMetricsQueryInputSchema.extend({
  /** How many branches to list at the top and the bottom. */
  limit: z.number().int().min(1).max(50).default(5),
});
export type TOverviewInput = z.input<typeof ZOverviewInputSchema>;

export const ZGoalScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('category'), category: z.enum(CATEGORIES.keys) }),
  z.object({ type: z.literal('branch'), branchCode: z.string().min(1).max(64) }),
]);

export const ZSetGoalInputSchema = z.object({
  year: z.number().int().min(1990).max(2100),
  scope: ZGoalScopeSchema,
  metric: z.enum(METRIC_KEYS),
  /** null removes the goal. */
  target: z.number().min(0).nullable(),
});
export type TSetGoalInput = z.infer<typeof ZSetGoalInputSchema>;

export const ZSetWeightsInputSchema = z.object({
  weights: z.partialRecord(z.enum(METRIC_KEYS), z.number().min(0).max(1000)),
});
export type TSetWeightsInput = z.infer<typeof ZSetWeightsInputSchema>;
