/**
 * The metrics engine's request schemas and result types (metrics.md), shared by server and client.
 * A branch's metrics carry exactly the keys of a branch in tests/fixtures/mini/expected.json.
 */
import { z } from 'zod';
import { CATEGORIES, type TCategory, type TLevel, type TModule, type TRequirement } from '../domain';
import {
  GOAL_TARGET_MAX,
  METRIC_KEYS,
  METRICS,
  RATE_METRICS,
  type TMetricKey,
  type TMetricValueOf,
} from '../metric-keys';
import { bilingualIssue, type TBilingual } from './date';
import { ZPeriodInputSchema } from './period';

export type TGoalStatus = 'met' | 'near' | 'behind' | 'none';

/** A goal's status from its attainment (metrics.md "Goals": met at 100 %, near from 80 %). */
export function goalStatusOf(attainment: number | null): TGoalStatus {
  if (attainment === null) return 'none';
  if (attainment >= 1) return 'met';
  return attainment >= 0.8 ? 'near' : 'behind';
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

export const ZOverviewInputSchema = ZPeriodInputSchema.extend({
  /** How many branches to list at the top and the bottom. */
  limit: z.number().int().min(1).max(50).default(5),
});
export type TOverviewInput = z.input<typeof ZOverviewInputSchema>;

export const ZGoalScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('category'), category: z.enum(CATEGORIES.keys) }),
  z.object({ type: z.literal('branch'), branchCode: z.string().min(1).max(64) }),
]);

/**
 * Why a goal input or weight is refused, in both languages: the API answers in the caller's
 * (server/errors.ts picks `params[lang]`), the goals page shows the same text in the user's.
 */
export const GOAL_INPUT_MESSAGES = {
  targetNotNumber: { zh: '目标值须为有限数字', en: 'The target must be a finite number' },
  targetNegative: { zh: '目标值不能为负数', en: 'The target cannot be negative' },
  targetRate: { zh: '比率目标应在 0–100% 之间', en: 'A rate target must be between 0 and 100%' },
  weightNotNumber: { zh: '权重须为有限数字', en: 'A weight must be a finite number' },
  weightRange: { zh: '权重应在 0–1000 之间', en: 'A weight must be between 0 and 1000' },
  weightSum: {
    zh: '权重合计须大于 0：至少一个指标的权重应大于 0',
    en: 'The weights must add up to more than 0: give at least one metric a weight above 0',
  },
} as const satisfies Record<string, TBilingual>;

/** A count or level target above its metric's bound (GOAL_TARGET_MAX). */
export function targetTooLargeMessage(metric: TMetricKey): TBilingual {
  const label = METRICS.find((m) => m.key === metric) ?? { zh: metric, en: metric };
  const max = GOAL_TARGET_MAX[metric];
  return {
    zh: `「${label.zh}」的年度目标应在 0–${max} 之间`,
    en: `The yearly target of ${label.en} must be between 0 and ${max.toLocaleString('en-US')}`,
  };
}

/**
 * Why a yearly target (as stored: a share 0..1 for rates) cannot be a goal of this metric, or null when
 * it can: a finite number from 0 to the metric's bound (GOAL_TARGET_MAX).
 */
export function goalTargetProblem(metric: TMetricKey, target: number): TBilingual | null {
  if (typeof target !== 'number' || !Number.isFinite(target)) return GOAL_INPUT_MESSAGES.targetNotNumber;
  if (target < 0) return GOAL_INPUT_MESSAGES.targetNegative;
  if (target <= GOAL_TARGET_MAX[metric]) return null;
  return RATE_METRICS.includes(metric) ? GOAL_INPUT_MESSAGES.targetRate : targetTooLargeMessage(metric);
}

/** Largest weight of one metric in the composite index. */
export const INDEX_WEIGHT_MAX = 1000;

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

export const ZSetGoalInputSchema = z
  .object({
    year: z.number().int().min(1990).max(2100),
    scope: ZGoalScopeSchema,
    metric: z.enum(METRIC_KEYS),
    /** As stored (a share 0..1 for rates, a yearly amount otherwise); null removes the goal. */
    target: z.custom<number>(isFiniteNumber, bilingualIssue(GOAL_INPUT_MESSAGES.targetNotNumber)).nullable(),
  })
  .superRefine((input, ctx) => {
    const problem = input.target === null ? null : goalTargetProblem(input.metric, input.target);
    if (problem) ctx.addIssue({ code: 'custom', path: ['target'], ...bilingualIssue(problem) });
  });
export type TSetGoalInput = z.infer<typeof ZSetGoalInputSchema>;

/** One index weight: a finite number 0..INDEX_WEIGHT_MAX (0 leaves the metric out of the index). */
export const ZIndexWeightSchema = z
  .custom<number>(isFiniteNumber, bilingualIssue(GOAL_INPUT_MESSAGES.weightNotNumber))
  .refine((w) => w >= 0 && w <= INDEX_WEIGHT_MAX, bilingualIssue(GOAL_INPUT_MESSAGES.weightRange));

/**
 * Whether a complete set of weights can make an index: Σ w > 0 (metrics.md divides by it; with every
 * weight 0 no metric counts). A change of some weights is checked on the set it leaves (api.setWeights).
 */
export function hasPositiveWeightSum(weights: Readonly<Partial<Record<TMetricKey, number>>>): boolean {
  let sum = 0;
  for (const w of Object.values(weights)) sum += w ?? 0;
  return sum > 0;
}

/** The weights of the index as the goals page edits them: each valid, and their sum above 0. */
export const ZIndexWeightsSchema = z
  .partialRecord(z.enum(METRIC_KEYS), ZIndexWeightSchema)
  .refine(hasPositiveWeightSum, bilingualIssue(GOAL_INPUT_MESSAGES.weightSum));

/** A change of some weights (the others keep theirs); the set it leaves must still sum above 0. */
export const ZSetWeightsInputSchema = z.object({
  weights: z.partialRecord(z.enum(METRIC_KEYS), ZIndexWeightSchema),
});
export type TSetWeightsInput = z.infer<typeof ZSetWeightsInputSchema>;
