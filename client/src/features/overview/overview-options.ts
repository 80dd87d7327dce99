/**
 * ECharts options of the overview and the big screen, built from API results by pure functions
 * (tests/client/overview-options.test.ts). A null value is a gap in a line, never a zero.
 * `fontScale` enlarges every text for the big screen (read from across a room).
 */
import { CATEGORIES } from '../../../../shared/domain';
import type { TBranchIdentity, TBranchMetrics, TGoalStatus } from '../../../../shared/schemas/metrics';
import type { TOverviewKpis, TOverviewTrendPoint } from '../../../../shared/schemas/overview';
import type { TChartOption } from '../../lib/echarts';
import { formatNumber, formatPercent, STATUS_COLORS } from '../../lib/format';
import { enumLabel, type TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import { OVERVIEW_MESSAGES } from './messages';

export interface TChartContext {
  lang: TLang;
  /** 1 on the page, larger on the big screen. */
  fontScale?: number;
}

const STATUS_ORDER: readonly TGoalStatus[] = ['met', 'near', 'behind', 'none'];
const SESSION_COLOR = '#5b8ff9';
const COMPLIANCE_COLOR = '#c8161d';

const msg = (
  ctx: TChartContext,
  key: keyof (typeof OVERVIEW_MESSAGES)['zh'],
  vars?: Record<string, string | number>,
) => translateFrom(OVERVIEW_MESSAGES, ctx.lang, key, vars);
const size = (ctx: TChartContext, px: number) => Math.round(px * (ctx.fontScale ?? 1));

export function statusLabel(status: TGoalStatus, lang: TLang): string {
  return translateFrom(OVERVIEW_MESSAGES, lang, `status_${status}`);
}

/** `3月` / `Mar` within one year; `2025-03` when the months span years. */
export function monthLabels(months: readonly string[], lang: TLang): string[] {
  const isOneYear = new Set(months.map((m) => m.slice(0, 4))).size <= 1;
  if (!isOneYear) return [...months];
  return months.map((m) => {
    const month = Number(m.slice(5, 7));
    return lang === 'zh'
      ? `${month}月`
      : new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  });
}

/** Monthly sessions (bars, right axis) and compliance (line, left axis) with the compliance goal as a markLine. */
export function buildTrendOption(
  points: readonly TOverviewTrendPoint[],
  complianceTarget: number | null,
  ctx: TChartContext,
): TChartOption {
  const text = { fontSize: size(ctx, 12) };
  return {
    grid: { left: size(ctx, 48), right: size(ctx, 48), top: size(ctx, 48), bottom: size(ctx, 28) },
    legend: { top: 0, left: 0, textStyle: text, itemWidth: size(ctx, 18), itemHeight: size(ctx, 10) },
    tooltip: { trigger: 'axis', textStyle: text },
    xAxis: {
      type: 'category',
      data: monthLabels(
        points.map((p) => p.month),
        ctx.lang,
      ),
      axisLabel: text,
    },
    yAxis: [
      {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { ...text, formatter: (v: number) => `${Math.round(v * 100)}%` },
        splitLine: { lineStyle: { type: 'dashed', opacity: 0.4 } },
      },
      { type: 'value', min: 0, minInterval: 1, axisLabel: text, splitLine: { show: false } },
    ],
    series: [
      {
        name: msg(ctx, 'trendSessions'),
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: size(ctx, 28),
        itemStyle: { color: SESSION_COLOR, opacity: 0.55 },
        data: points.map((p) => p.sessions),
        tooltip: { valueFormatter: (v: number) => formatNumber(v) },
      },
      {
        name: msg(ctx, 'trendCompliance'),
        type: 'line',
        yAxisIndex: 0,
        // A month in which no slot ends has no compliance: a gap, not 0%.
        connectNulls: false,
        symbolSize: size(ctx, 7),
        lineStyle: { width: size(ctx, 3), color: COMPLIANCE_COLOR },
        itemStyle: { color: COMPLIANCE_COLOR },
        data: points.map((p) => p.complianceRate),
        tooltip: { valueFormatter: (v: number | null) => formatPercent(v) },
        markLine:
          complianceTarget === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                lineStyle: { color: STATUS_COLORS.met, type: 'dashed', width: size(ctx, 2) },
                label: {
                  formatter: msg(ctx, 'trendTarget', { value: formatPercent(complianceTarget, 0) }),
                  position: 'insideEndTop',
                  fontSize: size(ctx, 12),
                  color: STATUS_COLORS.met,
                },
                data: [{ yAxis: complianceTarget }],
              },
      },
    ],
  };
}

export interface TRankingItem {
  code: string;
  name: string;
  index: number;
  rank: number;
  group: 'top' | 'bottom';
}

/** What the ranking needs of a row: a secretary receives other branches reduced to identity, index and rank. */
export interface TRankedRow {
  branch: Pick<TBranchIdentity, 'code' | 'name'>;
  metrics: Pick<TBranchMetrics, 'index' | 'rank'>;
}

/** Top and bottom branches, once each (they overlap when few branches are ranked), best first. */
export function rankingItems(top: readonly TRankedRow[], bottom: readonly TRankedRow[]): TRankingItem[] {
  const items = new Map<string, TRankingItem>();
  for (const [rows, group] of [
    [top, 'top'],
    [bottom, 'bottom'],
  ] as const) {
    for (const r of rows) {
      if (r.metrics.index === null || r.metrics.rank === null || items.has(r.branch.code)) continue;
      items.set(r.branch.code, {
        code: r.branch.code,
        name: r.branch.name,
        index: r.metrics.index,
        rank: r.metrics.rank,
        group,
      });
    }
  }
  return [...items.values()].sort((a, b) => a.rank - b.rank || (a.code < b.code ? -1 : 1));
}

/** Horizontal bars of the composite index, rank 1 on top; each bar carries its branch code for drill-through. */
export function buildRankingOption(
  items: readonly TRankingItem[],
  mean: number | null,
  ctx: TChartContext,
): TChartOption {
  const text = { fontSize: size(ctx, 12) };
  return {
    grid: { left: 8, right: size(ctx, 56), top: size(ctx, 28), bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', textStyle: text },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      // 0, 25 … 100: five labels fit a narrow chart at the big screen's font size.
      interval: 25,
      axisLabel: { ...text, hideOverlap: true },
      splitLine: { lineStyle: { type: 'dashed', opacity: 0.4 } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((i) => `${i.rank}. ${i.name}`),
      // Every name (ECharts would hide every other one when they crowd): the layout gives each a line.
      axisLabel: { ...text, interval: 0, width: size(ctx, 180), overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: size(ctx, 22),
        cursor: 'pointer',
        tooltip: { valueFormatter: (v: number) => v.toFixed(1) },
        label: {
          show: true,
          position: 'right',
          fontSize: size(ctx, 12),
          formatter: (p: { value: number }) => p.value.toFixed(1),
        },
        data: items.map((i) => ({
          value: i.index,
          code: i.code,
          name: `${i.rank}. ${i.name}`,
          itemStyle: { color: i.group === 'top' ? STATUS_COLORS.met : STATUS_COLORS.behind },
        })),
        markLine:
          mean === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'dashed', color: '#8c8c8c' },
                // With the inverted category axis `start` is the top, clear of the value axis labels.
                label: {
                  formatter: msg(ctx, 'rankingAverage', { value: mean.toFixed(1) }),
                  position: 'start',
                  fontSize: size(ctx, 11),
                },
                data: [{ xAxis: mean }],
              },
      },
    ],
  };
}

/** A donut of branches by goal status; empty statuses are left out so labels do not pile up. */
export function buildStatusOption(byStatus: Record<TGoalStatus, number>, ctx: TChartContext): TChartOption {
  const data = STATUS_ORDER.filter((s) => byStatus[s] > 0).map((s) => ({
    name: statusLabel(s, ctx.lang),
    value: byStatus[s],
    status: s,
    itemStyle: { color: STATUS_COLORS[s] },
  }));
  return {
    tooltip: { trigger: 'item', textStyle: { fontSize: size(ctx, 12) } },
    legend: { bottom: 0, textStyle: { fontSize: size(ctx, 12) } },
    series: [
      {
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '45%'],
        // Counts inside the ring, names in the legend: outside labels get cut off in narrow cards.
        label: {
          position: 'inside',
          formatter: '{c}',
          fontSize: size(ctx, 14),
          fontWeight: 'bold',
          color: '#fff',
        },
        data,
      },
    ],
  };
}

/** Stacked bars: per category, how many branches meet, nearly meet or miss the goal. */
export function buildCategoryOption(
  byCategory: TOverviewKpis['distribution']['byCategory'],
  ctx: TChartContext,
): TChartOption {
  const text = { fontSize: size(ctx, 12) };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle: text },
    // One line whatever the width: a wrapped legend (four English names on a phone) would cover the axis.
    legend: { type: 'scroll', bottom: 0, textStyle: text },
    grid: { left: 8, right: 16, top: 8, bottom: size(ctx, 36), containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: text },
    yAxis: {
      type: 'category',
      inverse: true,
      axisLabel: text,
      data: byCategory.map((c) =>
        c.category ? enumLabel(CATEGORIES, c.category, ctx.lang) : msg(ctx, 'uncategorized'),
      ),
    },
    series: STATUS_ORDER.map((s) => ({
      name: statusLabel(s, ctx.lang),
      type: 'bar',
      stack: 'status',
      barMaxWidth: size(ctx, 26),
      itemStyle: { color: STATUS_COLORS[s] },
      label: {
        show: true,
        fontSize: size(ctx, 11),
        formatter: (p: { value: number }) => (p.value > 0 ? String(p.value) : ''),
      },
      data: byCategory.map((c) => c.counts[s]),
    })),
  };
}
