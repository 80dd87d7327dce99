/**
 * Pure option builders of the compare charts (unit-tested in tests/client/compare-charts.test.ts).
 * A null value is a gap (no bar, no radar vertex value), never a zero.
 */
import { INDEX_LABEL, METRICS, type TMetricKey } from '../../../../shared/metric-keys';
import type { TChartOption } from '../../lib/echarts';
import { formatPercent, STATUS_COLORS } from '../../lib/format';
import type { TLang } from '../../lib/i18n';
import { chartValue, formatValue, goalOf, isPercentColumn, type TCompareRow } from './compare-metrics';
import type { TChartMetric } from './compare-url-state';

export function chartMetricLabel(key: TChartMetric, lang: TLang): string {
  if (key === 'index') return INDEX_LABEL[lang];
  return METRICS.find((m) => m.key === key)?.[lang] ?? key;
}

/** 0..1 metrics share the percent axis; counts get their own. */
function isUnitScale(key: TChartMetric): boolean {
  if (key === 'index') return false;
  return isPercentColumn(key) || key === 'formatEvenness' || key === 'moduleBalance';
}

/** The distinct targets of a metric among rows (goals differ by category and branch), ascending. */
export function distinctTargets(rows: readonly TCompareRow[], key: TChartMetric): number[] {
  if (key === 'index') return [];
  const set = new Set<number>();
  for (const row of rows) {
    const target = goalOf(row, key)?.target;
    if (typeof target === 'number') set.add(Number(target.toPrecision(12)));
  }
  return [...set].sort((a, b) => a - b);
}

const TARGET_LABEL = { zh: '目标', en: 'Target' } as const;

function targetMarkLine(
  key: TChartMetric,
  targets: readonly number[],
  lang: TLang,
  color?: string,
  offset = 0,
  valueAxis: 'xAxis' | 'yAxis' = 'yAxis',
) {
  if (targets.length === 0) return undefined;
  return {
    symbol: 'none',
    silent: true,
    lineStyle: { type: 'dashed' as const, width: 1.5, ...(color ? { color } : {}) },
    label: { position: 'insideEndTop' as const, formatter: '{b}' },
    // Close targets (of one metric, or of the series side by side) would print their labels on top of
    // each other: alternate the ends of the line.
    data: targets.map((target, i) => ({
      [valueAxis]: target,
      name: `${TARGET_LABEL[lang]} ${formatValue(key, target)}`,
      label: { position: (i + offset) % 2 ? ('insideStartTop' as const) : ('insideEndTop' as const) },
    })),
  };
}

/** Metrics that have a goal for at least one of the rows, in the order of METRICS. */
export function radarMetrics(rows: readonly TCompareRow[]): TMetricKey[] {
  return METRICS.map((m) => m.key).filter((key) => rows.some((row) => goalOf(row, key) !== undefined));
}

/** Radar of attainments (0..1) of up to six branches; null when no branch has a goal to show. */
export function buildRadarOption(
  rows: readonly TCompareRow[],
  { lang }: { lang: TLang },
): TChartOption | null {
  const keys = radarMetrics(rows);
  if (rows.length === 0 || keys.length < 3) return null;
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll', data: rows.map((r) => r.branch.name) },
    radar: {
      radius: '62%',
      center: ['50%', '48%'],
      indicator: keys.map((key) => ({ name: chartMetricLabel(key, lang), max: 1, min: 0 })),
      axisName: { fontSize: 11 },
    },
    series: [
      {
        type: 'radar',
        symbolSize: 4,
        areaStyle: { opacity: 0.08 },
        // Attainment of the goal (the tooltip and the table view, lib/chart-table.ts).
        tooltip: { valueFormatter: (v: number | null) => formatPercent(v, 0) },
        data: rows.map((row) => ({
          name: row.branch.name,
          // '-' is ECharts' empty value: a metric without goal or value is a gap, not a zero.
          value: keys.map((key) => goalOf(row, key)?.attainment ?? '-'),
        })),
      },
    ],
  };
}

/** Grouped bars: the selected branches on x, one bar per chosen metric, each metric's targets as dashed lines. */
export function buildGroupedBarOption(
  rows: readonly TCompareRow[],
  { lang, metrics }: { lang: TLang; metrics: readonly TChartMetric[] },
): TChartOption | null {
  if (rows.length === 0 || metrics.length === 0) return null;
  const hasUnit = metrics.some(isUnitScale);
  const hasCount = metrics.some((k) => !isUnitScale(k));
  const axisOf = (key: TChartMetric) => (isUnitScale(key) || !hasUnit ? 0 : 1);
  const yAxis = [
    ...(hasUnit
      ? [{ type: 'value', min: 0, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }]
      : []),
    ...(hasCount ? [{ type: 'value', min: 0, splitLine: { show: !hasUnit } }] : []),
  ];
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 56, right: hasUnit && hasCount ? 56 : 24, top: 40, bottom: 64 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.branch.name),
      axisLabel: { interval: 0, width: 96, overflow: 'truncate' },
    },
    yAxis,
    series: metrics.map((key, seriesIndex) => ({
      type: 'bar',
      name: chartMetricLabel(key, lang),
      yAxisIndex: axisOf(key),
      data: rows.map((row) => chartValue(row, key)),
      tooltip: { valueFormatter: (v: number | null) => formatValue(key, v) },
      markLine: targetMarkLine(key, distinctTargets(rows, key), lang, undefined, seriesIndex),
    })),
  };
}

export interface TRankingData {
  names: string[];
  codes: string[];
  values: number[];
  colors: string[];
  /** Branches left out because their value is unknown. */
  missing: number;
}

/** The rows with a value, best first (rank ascending for the rank itself), with status colours. */
export function rankingData(rows: readonly TCompareRow[], key: TChartMetric): TRankingData {
  const known = rows
    .map((row) => ({ row, value: chartValue(row, key) }))
    .filter((x): x is { row: TCompareRow; value: number } => x.value !== null)
    .sort((a, b) => b.value - a.value || a.row.branch.code.localeCompare(b.row.branch.code));
  return {
    names: known.map((x) => x.row.branch.name),
    codes: known.map((x) => x.row.branch.code),
    values: known.map((x) => x.value),
    colors: known.map((x) =>
      key === 'index' ? '#c8161d' : STATUS_COLORS[goalOf(x.row, key)?.status ?? 'none'],
    ),
    missing: rows.length - known.length,
  };
}

/** Branches a ranking shows at once on screen; more scroll (the zoom window pages through them). */
export const RANKING_PAGE = 40;
const RANKING_ROW_HEIGHT = 20;
/** The outline of a ticked branch's bar: gold shows on the red, green and orange bars in both themes. */
const SELECTED_COLOR = '#faad14';

/** The ranking's height on screen: every bar up to a page of them, then a page with a scroll bar. */
export function rankingHeight(count: number): number {
  return Math.max(160, Math.min(count, RANKING_PAGE) * RANKING_ROW_HEIGHT + 90);
}

/**
 * Every filtered branch ranked by one metric as horizontal bars, best at the top, each with its name;
 * bars coloured by goal status, the ticked branches in bold with an outlined bar, targets as dashed
 * vertical lines. Beyond a page of branches a zoom window on the names scrolls (wheel or the slider);
 * an export drops the window and shows every name (lib/chart-export.ts).
 */
export function buildRankingOption(
  rows: readonly TCompareRow[],
  { lang, metric, selected = [] }: { lang: TLang; metric: TChartMetric; selected?: readonly string[] },
): TChartOption {
  const data = rankingData(rows, metric);
  const isSelected = new Set(selected);
  const isLong = data.names.length > RANKING_PAGE;
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number | null) => formatValue(metric, v),
    },
    grid: { left: 8, right: isLong ? 44 : 24, top: 28, bottom: 28, containLabel: true },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.names.map((name, i) =>
        isSelected.has(data.codes[i] ?? '')
          ? { value: name, textStyle: { fontWeight: 'bold', color: '#c8161d' } }
          : name,
      ),
      axisLabel: { interval: 0, width: 180, overflow: 'truncate', fontSize: 12 },
      axisTick: { show: false },
    },
    xAxis: {
      type: 'value',
      min: 0,
      ...(isUnitScale(metric) ? { axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : {}),
    },
    ...(isLong
      ? {
          dataZoom: [
            {
              type: 'inside',
              yAxisIndex: 0,
              startValue: 0,
              endValue: RANKING_PAGE - 1,
              zoomOnMouseWheel: false,
              moveOnMouseWheel: true,
              moveOnMouseMove: true,
            },
            {
              type: 'slider',
              yAxisIndex: 0,
              startValue: 0,
              endValue: RANKING_PAGE - 1,
              width: 16,
              right: 8,
              showDetail: false,
              zoomLock: true,
              brushSelect: false,
            },
          ],
        }
      : {}),
    series: [
      {
        type: 'bar',
        name: chartMetricLabel(metric, lang),
        barMaxWidth: 14,
        data: data.values.map((value, i) => ({
          value,
          itemStyle: isSelected.has(data.codes[i] ?? '')
            ? { color: data.colors[i], borderColor: SELECTED_COLOR, borderWidth: 2 }
            : { color: data.colors[i] },
        })),
        markLine: targetMarkLine(metric, distinctTargets(rows, metric), lang, '#595959', 0, 'xAxis'),
      },
    ],
  };
}
