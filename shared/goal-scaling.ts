/**
 * Figures that say what they are (issue 14.5): how a count goal's period target was scaled from its yearly
 * target, and whether a period is a month still running (its index would be a misleading number). Pure, so
 * the overview, the big screen and the branch page say the same (tests/shared/goal-scaling.test.ts).
 */
import type { TLang } from './lang';
import { METRIC_KIND, type TMetricKey } from './metric-keys';
import { daysInclusive, daysInYear, parsePeriod } from './schemas/period';

export interface TGoalScaling {
  /** The yearly goal the period's target was scaled from. */
  yearlyTarget: number;
  countedDays: number;
  yearDays: number;
}

/**
 * metrics.md "Goals and attainment": count targets are target × (days in the counted range) / (days in the
 * goal year); rates and formatCount use the yearly target as it is. Null when nothing was scaled (not a
 * count, or the whole goal year is counted).
 */
export function goalScalingOf(
  metric: TMetricKey,
  periodTarget: number,
  scope: { start: string; asOf: string; goalYear: number },
): TGoalScaling | null {
  if (METRIC_KIND[metric] !== 'count') return null;
  const countedDays = daysInclusive(scope.start, scope.asOf);
  const yearDays = daysInYear(scope.goalYear);
  if (countedDays <= 0 || countedDays === yearDays) return null;
  // Undo the scaling; two decimals absorb the float error of the division (targets are entered so).
  const yearlyTarget = Math.round(((periodTarget * yearDays) / countedDays) * 100) / 100;
  return { yearlyTarget, countedDays, yearDays };
}

const formatAmount = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** `年度目标 56 项 × 已统计 339/365 天` / `yearly goal 56 × 339/365 days counted` (the unit is the metric's). */
export function goalScalingText(scaling: TGoalScaling, unit: string, lang: TLang): string {
  const { yearlyTarget, countedDays, yearDays } = scaling;
  return lang === 'zh'
    ? `年度目标 ${formatAmount(yearlyTarget)}${unit ? ` ${unit}` : ''} × 已统计 ${countedDays}/${yearDays} 天`
    : `yearly goal ${formatAmount(yearlyTarget)}${unit ? ` ${unit}` : ''} × ${countedDays}/${yearDays} days counted`;
}

/**
 * A month period whose counted range stops before its last day: its month slots are not due yet, so an
 * index of it stands on a few metrics and reads as a failure (16.0 on 5 December). Pages show 进行中.
 */
export function isRunningMonth(scope: { period: string; asOf: string }): boolean {
  const period = parsePeriod(scope.period);
  return period?.kind === 'month' && scope.asOf < period.end;
}

/** The note that stands in for a running month's index. */
export const RUNNING_MONTH_TEXT = {
  zh: { label: '进行中', note: '本月尚未结束，月度指数在月末后计算' },
  en: { label: 'In progress', note: 'The month is not over; its index is computed after the month ends' },
} as const satisfies Record<TLang, { label: string; note: string }>;
