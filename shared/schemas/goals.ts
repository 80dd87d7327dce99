/** The goals page's API: the goals of one year and the composite index weights (docs: metrics.md). */
import { z } from 'zod';
import { CATEGORIES, type TCategory } from '../domain';
import { GOAL_TARGET_MAX, METRIC_KEYS, METRICS, RATE_METRICS, type TMetricKey } from '../metric-keys';
import { bilingualIssue, type TBilingual } from './date';

export const ZGoalListInputSchema = z.object({ year: z.number().int().min(1990).max(2100) });
export type TGoalListInput = z.infer<typeof ZGoalListInputSchema>;

export type TGoalScope =
  | { type: 'all' }
  | { type: 'category'; category: TCategory }
  | { type: 'branch'; branchCode: string };

export interface TGoalItem {
  year: number;
  scope: TGoalScope;
  /** The branch's name for a branch scope (null when the code no longer names a branch). */
  branchName: string | null;
  metric: TMetricKey;
  /** As stored: a share 0..1 for rate metrics, a yearly amount otherwise. */
  target: number;
}

export interface TGoalList {
  year: number;
  goals: TGoalItem[];
  /** Every year that has at least one goal, ascending (for the year picker). */
  years: number[];
}

export interface TWeightItem {
  metric: TMetricKey;
  weight: number;
}

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
