/**
 * The branch detail page's charts, step one (style.md "prepare, then draw"): pure functions from API
 * data to ECharts options, unit-tested in tests/client/branch-detail-*.test.ts. A null value is a gap
 * (no bar, no point), never drawn as a zero.
 */
import { FORMATS, MODULES, type TFormat, type TModule } from '../../../../shared/domain';
import { METRICS, type TMetricKey } from '../../../../shared/metric-keys';
import type {
  TGoalResult,
  TGoalStatus,
  TMetricValues,
  TMonthlyPoint,
} from '../../../../shared/schemas/metrics';
import type { TChartOption } from '../../lib/echarts';
import { formatNumber, formatPercent, STATUS_COLORS } from '../../lib/format';
import type { TLang } from '../../lib/i18n';

export interface TChartContext {
  lang: TLang;
}

const SESSION_COLORS = ['#ff9c6e', '#f5222d', '#a8071a', '#5c0011'];

/**
 * Sessions per day as a one-year calendar heatmap. Days outside `year` are dropped (the calendar shows
 * one year); days without a session are absent, so they show as empty cells, not as zeros.
 */
export function buildCalendarHeatmapOption(
  days: readonly { date: string; count: number }[],
  { lang, year }: TChartContext & { year: number },
): TChartOption {
  const inYear = days.filter((d) => d.date.startsWith(`${year}-`) && d.count > 0);
  const max = Math.max(1, ...inYear.map((d) => d.count));
  const unit = lang === 'zh' ? '次' : ' session(s)';
  return {
    tooltip: {
      formatter: (p: { value: [string, number] }) => `${p.value[0]}<br/>${p.value[1]}${unit}`,
    },
    visualMap: {
      type: 'piecewise',
      min: 1,
      max,
      // Whole sessions: one piece per count up to 3, then "4+" (a branch rarely holds more a day).
      pieces:
        max <= 3
          ? Array.from({ length: max }, (_, i) => ({ value: i + 1 }))
          : [{ value: 1 }, { value: 2 }, { value: 3 }, { min: 4 }],
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: SESSION_COLORS },
      textStyle: { fontSize: 11 },
    },
    calendar: {
      range: String(year),
      top: 36,
      left: 40,
      right: 16,
      cellSize: ['auto', 15],
      splitLine: { show: false },
      itemStyle: { borderWidth: 2, borderColor: 'transparent', color: 'rgba(128,128,128,0.08)' },
      yearLabel: { show: false },
      dayLabel: { firstDay: 1, nameMap: lang === 'zh' ? 'ZH' : 'EN', fontSize: 10 },
      monthLabel: { nameMap: lang === 'zh' ? 'ZH' : 'EN', fontSize: 11 },
    },
    series: [
      {
        type: 'heatmap',
        coordinateSystem: 'calendar',
        data: inYear.map((d) => [d.date, d.count]),
      },
    ],
  };
}

function metricLabel(key: TMetricKey, lang: TLang): string {
  return METRICS.find((m) => m.key === key)?.[lang] ?? key;
}

function isRate(key: TMetricKey): boolean {
  return METRICS.find((m) => m.key === key)?.kind === 'rate';
}

/** Displayed value of one metric in its own unit (rates as %, counts with up to one decimal). */
export function formatMetricValue(key: TMetricKey, value: number | null | undefined): string {
  if (isRate(key)) return formatPercent(value);
  return formatNumber(value, value != null && !Number.isInteger(value) ? 1 : 0);
}

/** Bars beyond this share of the target are cut (a branch at 300 % would flatten the others). */
export const BULLET_CAP = 1.5;

export interface TGoalBullet {
  key: TMetricKey;
  label: string;
  actual: number | null;
  target: number;
  /** actual / target, capped at BULLET_CAP; null when actual is null or the target ≤ 0 (a gap). */
  share: number | null;
  status: TGoalStatus;
}

/** Every metric that has a goal, in the order of METRICS. */
export function goalBullets(
  goals: Partial<Record<TMetricKey, TGoalResult>>,
  values: Partial<Record<TMetricKey, number | null | unknown>>,
  lang: TLang,
): TGoalBullet[] {
  return METRICS.flatMap(({ key }) => {
    const goal = goals[key];
    if (!goal) return [];
    const raw = values[key];
    const actual = typeof raw === 'number' ? raw : null;
    return {
      key,
      label: metricLabel(key, lang),
      actual,
      target: goal.target,
      share: actual === null || goal.target <= 0 ? null : Math.min(actual / goal.target, BULLET_CAP),
      status: goal.status,
    };
  });
}

/**
 * Goal bullets: one horizontal bar per goal metric, its length the actual as a share of the target
 * (100 % = target, a marked line), coloured by goal status; the tooltip gives both in the metric's unit.
 */
export function buildGoalBulletsOption(
  goals: Partial<Record<TMetricKey, TGoalResult>>,
  values: Pick<TMetricValues, TMetricKey> | Partial<Record<TMetricKey, number | null>>,
  { lang }: TChartContext,
): TChartOption {
  const bullets = goalBullets(goals, values as Partial<Record<TMetricKey, number | null>>, lang).reverse();
  const targetName = lang === 'zh' ? '目标' : 'Target';
  const actualName = lang === 'zh' ? '实际' : 'Actual';
  return {
    grid: { left: 8, right: 48, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const b = bullets[params[0]?.dataIndex ?? 0];
        if (!b) return '';
        return `${b.label}<br/>${actualName}: ${formatMetricValue(b.key, b.actual)}<br/>${targetName}: ${formatMetricValue(b.key, b.target)}`;
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: BULLET_CAP * 100,
      axisLabel: { formatter: '{value}%' },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'category',
      data: bullets.map((b) => b.label),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: actualName,
        barWidth: 14,
        data: bullets.map((b) => ({
          value: b.share === null ? null : Math.round(b.share * 1000) / 10,
          itemStyle: { color: STATUS_COLORS[b.status] },
        })),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { dataIndex: number }) => {
            const bullet = bullets[p.dataIndex];
            return bullet ? formatMetricValue(bullet.key, bullet.actual) : '';
          },
          fontSize: 11,
        },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { type: 'dashed', color: '#8c8c8c' },
          label: { formatter: targetName, position: 'end' },
          data: [{ xAxis: 100 }],
        },
      },
    ],
  };
}

/** c_f per format as bars, in the order of FORMATS (zeros are real counts here, not gaps). */
export function buildFormatsOption(formats: Record<TFormat, number>, { lang }: TChartContext): TChartOption {
  return {
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: FORMATS.entries.map((f) => f[lang]) },
    series: [
      {
        type: 'bar',
        name: lang === 'zh' ? '活动次数' : 'Activities',
        data: FORMATS.keys.map((k) => formats[k]),
        itemStyle: { color: '#c8161d' },
        label: { show: true, position: 'right' },
        barMaxWidth: 18,
      },
    ],
  };
}

/** m_k per module as a pie; with no tagged activity there is nothing to draw (empty data, not zeros). */
export function buildModulesOption(modules: Record<TModule, number>, { lang }: TChartContext): TChartOption {
  const total = MODULES.keys.reduce((s, k) => s + modules[k], 0);
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, left: 'center' },
    color: ['#c8161d', '#fa8c16', '#1677ff'],
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{d}%' },
        data: total === 0 ? [] : MODULES.entries.map((m) => ({ name: m[lang], value: modules[m.key] })),
      },
    ],
  };
}

/** Sessions, met and due slots (bars, left axis) and attendance (line, right axis, gaps where null). */
export function buildMonthlyTrendOption(
  monthly: readonly TMonthlyPoint[],
  { lang }: TChartContext,
): TChartOption {
  const zh = lang === 'zh';
  const names = {
    sessions: zh ? '组织生活次数' : 'Sessions',
    met: zh ? '完成时段' : 'Met slots',
    due: zh ? '应完成时段' : 'Due slots',
    attendance: zh ? '出勤率' : 'Attendance',
  };
  return {
    grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, left: 0 },
    xAxis: {
      type: 'category',
      data: monthly.map((p) => (zh ? `${Number(p.month.slice(5, 7))}月` : p.month)),
    },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      {
        type: 'bar',
        name: names.sessions,
        data: monthly.map((p) => p.sessions),
        itemStyle: { color: '#c8161d' },
      },
      { type: 'bar', name: names.met, data: monthly.map((p) => p.metSlots), itemStyle: { color: '#389e0d' } },
      { type: 'bar', name: names.due, data: monthly.map((p) => p.dueSlots), itemStyle: { color: '#bfbfbf' } },
      {
        type: 'line',
        name: names.attendance,
        yAxisIndex: 1,
        connectNulls: false,
        data: monthly.map((p) =>
          p.attendanceRate === null ? null : Math.round(p.attendanceRate * 1000) / 10,
        ),
        itemStyle: { color: '#1677ff' },
      },
    ],
  };
}
