/** The goals page's API: the goals of one year and the composite index weights (docs: metrics.md). */
import { z } from 'zod';
import { CATEGORIES, type TCategory } from '../domain';
import { GOAL_TARGET_MAX, METRIC_KEYS, METRICS, RATE_METRICS, type TMetricKey } from '../metric-keys';
import { bilingualIssue, type TBilingual } from './date';

/** A goal year: goals and index weights belong to one (metrics.md). */
export const ZGoalYearSchema = z.number().int().min(1990).max(2100);

export const ZGoalListInputSchema = z.object({ year: ZGoalYearSchema });
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

/** Where a year's weights come from: its own, the latest earlier year's that has its own, or the defaults. */
export type TWeightsSource = { type: 'own' } | { type: 'inherited'; fromYear: number } | { type: 'default' };

/** The weights the index of a goal year uses, in the order of metrics.md. */
export interface TYearWeights {
  year: number;
  source: TWeightsSource;
  weights: TWeightItem[];
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

/**
 * A change of some weights of a goal year (the others keep theirs; a year without weights of its own
 * first takes those it used); the set it leaves must still sum above 0.
 */
export const ZSetWeightsInputSchema = z.object({
  year: ZGoalYearSchema,
  weights: z.partialRecord(z.enum(METRIC_KEYS), ZIndexWeightSchema),
});
export type TSetWeightsInput = z.infer<typeof ZSetWeightsInputSchema>;

/** Copies a year's goals and weights into another year (what the other year already has is kept). */
export const ZCopyGoalYearInputSchema = z
  .object({ from: ZGoalYearSchema, to: ZGoalYearSchema })
  .refine((input) => input.from !== input.to, {
    ...bilingualIssue({ zh: '目标年份须与来源年份不同', en: 'Copy into a different year' }),
    path: ['to'],
  });
export type TCopyGoalYearInput = z.infer<typeof ZCopyGoalYearInputSchema>;

/** What a copy of a year's goals and weights added. */
export interface TCopyGoalYearResult {
  goalsCopied: number;
  /** Goals the target year already had (kept as they are). */
  goalsKept: number;
  /** Whether the target year got its own weights (false: it already had them). */
  weightsCopied: boolean;
}

/** A candidate set of weights for a goal year, to see how it would re-order the ranking before saving. */
export const ZPreviewWeightsInputSchema = z.object({
  year: ZGoalYearSchema,
  weights: ZIndexWeightsSchema,
});
export type TPreviewWeightsInput = z.infer<typeof ZPreviewWeightsInputSchema>;

/** A branch whose rank a weight change would move. */
export interface TRankMove {
  branchId: number;
  code: string;
  name: string;
  index: number | null;
  rank: number | null;
  newIndex: number | null;
  newRank: number | null;
}

export interface TWeightsPreview {
  /** The period ranked: the goal year, to yesterday while it runs. */
  period: string;
  asOf: string;
  /** Branches ranked with either set of weights. */
  ranked: number;
  /** How many would change rank. */
  moved: number;
  /** The largest moves first (at most 50). */
  moves: TRankMove[];
}

/**
 * Last year's actual values beside this year's goals: the college, each category, the goals' branches.
 * A branch total (METRICS `additive`) of the college or a category is its mean per branch, as its goal
 * is each branch's.
 */
export interface TGoalActuals {
  /** The year the actuals are of (the goal year − 1); null values where nothing was recorded. */
  year: number;
  all: Partial<Record<TMetricKey, number | null>>;
  byCategory: Partial<Record<TCategory, Partial<Record<TMetricKey, number | null>>>>;
  byBranch: Record<string, Partial<Record<TMetricKey, number | null>>>;
}
