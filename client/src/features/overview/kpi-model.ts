/**
 * KPI cards as display text: value, goal, attainment status and year-over-year change, formatted
 * for one language. Pure, so the card components only lay it out (tests/client/overview-kpi-model.test.ts).
 */
import {
  goalScalingOf,
  goalScalingText,
  isRunningMonth,
  RUNNING_MONTH_TEXT,
} from '../../../../shared/goal-scaling';
import { INDEX_LABEL, METRICS, RATE_METRICS, type TMetricKey } from '../../../../shared/metric-keys';
import { indexStatusOf, type TGoalStatus, type TMetricsScope } from '../../../../shared/schemas/metrics';
import type { TOverviewKpi, TOverviewKpiKey } from '../../../../shared/schemas/overview';
import { formatDelta, formatNumber, formatPercent } from '../../lib/format';
import type { TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import { OVERVIEW_MESSAGES } from './messages';

export interface TKpiCardModel {
  key: TOverviewKpiKey;
  label: string;
  value: string;
  unit: string;
  /** `目标 95.0%`, or a note when no goal is set. */
  goalText: string;
  /** Where the goal comes from (tooltip). */
  goalNote: string | null;
  /** How a prorated count goal was scaled (`年度目标 56 项 × 已统计 339/365 天`), shown under the goal. */
  scaleNote: string | null;
  attainment: string | null;
  status: TGoalStatus;
  delta: string;
  /** Sign of the change (null when there is none to compare with). */
  trend: 'up' | 'down' | 'flat' | null;
}

const isRate = (key: TMetricKey | 'index') => key !== 'index' && RATE_METRICS.includes(key);

const UNITS: Record<TOverviewKpiKey, { zh: string; en: string }> = {
  complianceRate: { zh: '', en: '' },
  attendanceRate: { zh: '', en: '' },
  sessions: { zh: '次', en: 'sessions' },
  volunteerHours: { zh: '小时', en: 'h' },
  projectsApproved: { zh: '项', en: 'projects' },
  index: { zh: '分', en: 'pts' },
};

/** A metric value as text: rates as percentages; the index and fractional counts (scaled targets, hours) with one decimal. */
export function formatMetric(key: TMetricKey | 'index', value: number | null | undefined): string {
  if (isRate(key)) return formatPercent(value);
  return formatNumber(value, key === 'index' || (value != null && !Number.isInteger(value)) ? 1 : 0);
}

export function kpiLabel(key: TOverviewKpiKey, lang: TLang): string {
  if (key === 'index') return INDEX_LABEL[lang];
  return METRICS.find((m) => m.key === key)?.[lang] ?? key;
}

/** `scope`: the counted range of the KPIs, for the goal's scaling and the running month's index. */
export function kpiCardModel(kpi: TOverviewKpi, lang: TLang, scope?: TMetricsScope): TKpiCardModel {
  const t = (key: keyof (typeof OVERVIEW_MESSAGES)['zh'], vars?: Record<string, string | number>) =>
    translateFrom(OVERVIEW_MESSAGES, lang, key, vars);
  const { goal } = kpi;
  let goalText = t('noGoal');
  let goalNote: string | null = null;
  if (goal) {
    const target = formatMetric(goal.metric, goal.target);
    goalText =
      goal.metric === kpi.key
        ? t('goal', { target })
        : t('goalPerMember', { target, actual: formatMetric(goal.metric, goal.actual) });
    goalNote = goal.basis === 'branchSum' ? t('goalBranchSum') : t('goalAll');
  }
  const scaling = goal && scope ? goalScalingOf(goal.metric, goal.target, scope) : null;
  const scaleNote = scaling
    ? goalScalingText(scaling, goal?.metric === kpi.key ? UNITS[kpi.key][lang] : '', lang)
    : null;
  // A month still running: its month slots are not due yet, so its index would read as a failure.
  if (kpi.key === 'index' && scope && isRunningMonth(scope)) {
    const running = RUNNING_MONTH_TEXT[lang];
    return {
      key: kpi.key,
      label: kpiLabel(kpi.key, lang),
      value: running.label,
      unit: '',
      goalText: running.note,
      goalNote: null,
      scaleNote: null,
      attainment: null,
      status: 'none',
      delta: t('yoyNone'),
      trend: null,
    };
  }
  // The index has no goal of its own: 100 is every goal met; its status is the branch page's rule.
  const isIndex = kpi.key === 'index' && kpi.value !== null;
  if (isIndex) goalText = t('indexGoal');
  const rate = isRate(kpi.key);
  const digits = rate ? 1 : kpi.key === 'index' || kpi.key === 'volunteerHours' ? 1 : 0;
  return {
    key: kpi.key,
    label: kpiLabel(kpi.key, lang),
    value: formatMetric(kpi.key, kpi.value),
    unit: kpi.value === null ? '' : UNITS[kpi.key][lang],
    goalText,
    goalNote,
    scaleNote,
    attainment:
      goal?.attainment != null
        ? t('attainment', { value: formatPercent(goal.attainment, 0) })
        : isIndex && kpi.value !== null
          ? t('attainment', { value: formatPercent(Math.min(kpi.value / 100, 1), 0) })
          : null,
    status: isIndex ? indexStatusOf(kpi.value) : (goal?.status ?? 'none'),
    delta: kpi.delta === null ? t('yoyNone') : formatDelta(kpi.delta, rate, digits),
    trend: kpi.delta === null ? null : kpi.delta > 0 ? 'up' : kpi.delta < 0 ? 'down' : 'flat',
  };
}
