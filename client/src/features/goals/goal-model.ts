/**
 * Pure helpers of the goals page: how a target is shown and entered (rates as %, stored as 0..1),
 * scope labels, and the form's zod schema with messages in the user's language. Which targets and
 * weights are accepted is the API's own rule (shared/schemas/metrics.ts), with the same messages.
 */
import { z } from 'zod';
import { CATEGORIES } from '../../../../shared/domain';
import { METRIC_KEYS, METRIC_KIND, METRICS, type TMetricKey } from '../../../../shared/metric-keys';
import type { TGoalActuals, TGoalItem, TGoalScope } from '../../../../shared/schemas/goals';
import {
  GOAL_INPUT_MESSAGES,
  goalTargetProblem,
  type TSetGoalInput,
  ZIndexWeightsSchema,
} from '../../../../shared/schemas/goals';
import type { TLang } from '../../lib/i18n';

export function isRateMetric(metric: TMetricKey): boolean {
  return METRIC_KIND[metric] === 'rate';
}

export function metricLabel(metric: TMetricKey, lang: TLang): string {
  return METRICS.find((m) => m.key === metric)?.[lang] ?? metric;
}

/** Rates as a percentage (0.95 → 95%), other targets as numbers with up to two decimals. */
export function formatTarget(metric: TMetricKey, target: number): string {
  if (isRateMetric(metric)) return `${trimNumber(target * 100)}%`;
  return trimNumber(target);
}

function trimNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** What the form field shows for a stored target: a rate as its percentage. */
export function toFieldValue(metric: TMetricKey, target: number): number {
  return isRateMetric(metric) ? Math.round(target * 100 * 1e6) / 1e6 : target;
}

/** The stored target for what was typed: a percentage back to 0..1. */
export function fromFieldValue(metric: TMetricKey, value: number): number {
  return isRateMetric(metric) ? Math.round((value / 100) * 1e8) / 1e8 : value;
}

export function scopeKey(scope: TGoalScope): string {
  return scope.type === 'all'
    ? 'all'
    : scope.type === 'category'
      ? `category:${scope.category}`
      : `branch:${scope.branchCode}`;
}

export function scopeLabel(
  goal: Pick<TGoalItem, 'scope' | 'branchName'>,
  lang: TLang,
  allLabel: string,
): string {
  const { scope } = goal;
  if (scope.type === 'all') return allLabel;
  if (scope.type === 'category') return CATEGORIES.byKey[scope.category][lang];
  return goal.branchName ? `${goal.branchName}（${scope.branchCode}）` : scope.branchCode;
}

export interface TGoalFormValues {
  scopeType?: 'all' | 'category' | 'branch';
  category?: string;
  branchCode?: string;
  metric?: string;
  target?: number | null;
}

export type TGoalFormErrors = Partial<Record<keyof TGoalFormValues, string>>;

type TErrorMessages = Record<'errCategory' | 'errBranch' | 'errMetric' | 'errTarget', string>;

/**
 * The form's schema, with the user's messages; a rate target is entered as a percentage 0–100. The
 * target is checked as it will be stored, by the API's rule (goalTargetProblem), with its message.
 */
export function goalFormSchema(msg: TErrorMessages, lang: TLang) {
  return z
    .object({
      scopeType: z.enum(['all', 'category', 'branch']),
      category: z.enum(CATEGORIES.keys, { error: msg.errCategory }).optional(),
      branchCode: z.string({ error: msg.errBranch }).trim().min(1, msg.errBranch).optional(),
      metric: z.enum(METRIC_KEYS, { error: msg.errMetric }),
      target: z.number({ error: msg.errTarget }),
    })
    .superRefine((v, ctx) => {
      if (v.scopeType === 'category' && !v.category)
        ctx.addIssue({ code: 'custom', path: ['category'], message: msg.errCategory });
      if (v.scopeType === 'branch' && !v.branchCode)
        ctx.addIssue({ code: 'custom', path: ['branchCode'], message: msg.errBranch });
      const problem = goalTargetProblem(v.metric, fromFieldValue(v.metric, v.target));
      if (problem) ctx.addIssue({ code: 'custom', path: ['target'], message: problem[lang] });
    });
}

/** Validates the form values into a `goals.set` input, or the errors per field. */
export function parseGoalForm(
  year: number,
  values: TGoalFormValues,
  msg: TErrorMessages,
  lang: TLang,
): { input: TSetGoalInput; errors?: undefined } | { input?: undefined; errors: TGoalFormErrors } {
  const parsed = goalFormSchema(msg, lang).safeParse({
    ...values,
    target: values.target ?? undefined,
    category: values.scopeType === 'category' ? values.category : undefined,
    branchCode: values.scopeType === 'branch' ? values.branchCode : undefined,
  });
  if (!parsed.success) {
    const errors: TGoalFormErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof TGoalFormValues;
      errors[field] ??= issue.message;
    }
    return { errors };
  }
  const v = parsed.data;
  const scope: TSetGoalInput['scope'] =
    v.scopeType === 'all'
      ? { type: 'all' }
      : v.scopeType === 'category'
        ? { type: 'category', category: v.category as (typeof CATEGORIES.keys)[number] }
        : { type: 'branch', branchCode: v.branchCode as string };
  return { input: { year, scope, metric: v.metric, target: fromFieldValue(v.metric, v.target) } };
}

/** The sum of the weights (the index divides by it). */
export function weightSum(weights: Readonly<Record<string, number | null | undefined>>): number {
  return Math.round(Object.values(weights).reduce<number>((s, w) => s + (w ?? 0), 0) * 100) / 100;
}

/**
 * Why the weights as edited (every index metric; blank = not entered) cannot be saved, in the user's
 * language, or null: the API's rule (ZIndexWeightsSchema), so the page refuses what the server would.
 */
export function weightsProblem(
  weights: Readonly<Partial<Record<TMetricKey, number | null>>>,
  lang: TLang,
): string | null {
  if (Object.values(weights).some((w) => w === null)) return GOAL_INPUT_MESSAGES.weightNotNumber[lang];
  const parsed = ZIndexWeightsSchema.safeParse(weights);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  const params =
    issue?.code === 'custom' ? (issue.params as Partial<Record<TLang, string>> | undefined) : undefined;
  return params?.[lang] ?? issue?.message ?? null;
}

/** Last year's actual value of a goal's metric for its scope (the college, its category, its branch). */
export function actualOf(goal: Pick<TGoalItem, 'scope' | 'metric'>, actuals: TGoalActuals | undefined) {
  if (!actuals) return undefined;
  const { scope, metric } = goal;
  const values =
    scope.type === 'all'
      ? actuals.all
      : scope.type === 'category'
        ? actuals.byCategory[scope.category]
        : actuals.byBranch[scope.branchCode];
  return values?.[metric];
}

/** An actual value as its target would be written (rates as percentages), '—' when there is none. */
export function formatActual(metric: TMetricKey, value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : formatTarget(metric, value);
}
