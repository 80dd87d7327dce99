import { describe, expect, it } from 'vitest';
import {
  buildGroupedBarOption,
  buildRadarOption,
  buildRankingOption,
  distinctTargets,
  rankingData,
  rankingHeight,
} from '../../client/src/features/compare/compare-charts';
import { type TCompareRow, toCompareRow } from '../../client/src/features/compare/compare-metrics';
import { STATUS_COLORS } from '../../client/src/lib/format';
import type { TBranchMetrics } from '../../shared/schemas/metrics';

function row(
  code: string,
  metrics: Partial<TBranchMetrics>,
  category: 'admin' | 'student' = 'admin',
): TCompareRow {
  return toCompareRow({
    branch: {
      id: code.length,
      code,
      name: `${code}支部`,
      category,
      parentId: null,
      parentCode: null,
      parentName: null,
      establishedOn: '2020-01-01',
      dissolvedOn: null,
    },
    metrics,
  });
}

const a = row('A', {
  complianceRate: 0.9,
  sessions: 12,
  attendanceRate: null,
  index: 80,
  goals: {
    complianceRate: { target: 0.95, attainment: 0.9 / 0.95, status: 'near' },
    sessions: { target: 10, attainment: 1, status: 'met' },
    attendanceRate: { target: 0.9, attainment: null, status: 'none' },
  },
});
const b = row(
  'B',
  {
    complianceRate: 0.5,
    sessions: 4,
    attendanceRate: 0.8,
    index: 60.5,
    goals: {
      complianceRate: { target: 0.9, attainment: 0.5 / 0.9, status: 'behind' },
      sessions: { target: 10, attainment: 0.4, status: 'behind' },
      attendanceRate: { target: 0.9, attainment: 0.8 / 0.9, status: 'near' },
    },
  },
  'student',
);
// A secretary sees other branches as identity + index + rank only.
const restricted = toCompareRow({
  branch: { ...b.branch, id: 9, code: 'C', name: 'C支部' },
  index: 70,
  rank: 2,
});

describe('radar of attainments', () => {
  it('has one indicator per metric with a goal, and a null attainment is a gap', () => {
    const option = buildRadarOption([a, b], { lang: 'zh' }) as {
      radar: { indicator: { name: string; max: number }[] };
      series: { data: { name: string; value: (number | string)[] }[] }[];
    };
    const names = option.radar.indicator.map((i) => i.name);
    expect(names).toEqual(['组织生活完成率', '出勤率', '组织生活次数']);
    expect(option.radar.indicator.every((i) => i.max === 1)).toBe(true);
    const [sa, sb] = option.series[0]!.data;
    expect(sa!.name).toBe('A支部');
    expect(sa!.value).toEqual([0.9 / 0.95, '-', 1]);
    expect(sb!.value).toEqual([0.5 / 0.9, 0.8 / 0.9, 0.4]);
  });

  it('gives null when there is nothing to draw (no rows, or only restricted rows)', () => {
    expect(buildRadarOption([], { lang: 'en' })).toBeNull();
    expect(buildRadarOption([restricted], { lang: 'en' })).toBeNull();
  });
});

// The builders return ECharts' loose option type; each test names the parts of it that it reads.
type TMarkLineView = {
  data: { yAxis: number; name?: string }[];
};
type TGroupedBarView = {
  xAxis: { data: string[] };
  yAxis: unknown[];
  series: { name: string; yAxisIndex: number; data: (number | null)[]; markLine: TMarkLineView }[];
};
type TRankingView = {
  yAxis: { type: string; inverse: boolean; data: (string | { value: string; textStyle: object })[] };
  xAxis: { type: string };
  dataZoom?: { yAxisIndex: number; startValue: number; endValue: number }[];
  series: { data: { value: number; itemStyle: { borderWidth?: number } }[]; markLine: TMarkLineView }[];
};
type TVerticalMarkLineView = { data: { xAxis: number; name?: string }[] };

describe('grouped bars', () => {
  it('puts branches on x, one series per metric, rates and counts on separate axes, targets as markLines', () => {
    const option = buildGroupedBarOption([a, b], {
      lang: 'en',
      metrics: ['complianceRate', 'sessions'],
    }) as TGroupedBarView;
    expect(option.xAxis.data).toEqual(['A支部', 'B支部']);
    expect(option.yAxis).toHaveLength(2);
    const [compliance, sessions] = option.series;
    expect(compliance!.name).toBe('Compliance rate');
    expect(compliance!.yAxisIndex).toBe(0);
    expect(sessions!.yAxisIndex).toBe(1);
    expect(compliance!.data).toEqual([0.9, 0.5]);
    expect(compliance!.markLine.data.map((d) => d.yAxis)).toEqual([0.9, 0.95]);
    expect(sessions!.markLine.data.map((d) => d.yAxis)).toEqual([10]);
    expect(sessions!.markLine.data[0]!.name).toBe('Target 10');
  });

  it('keeps a missing value as null (no bar), not 0', () => {
    const option = buildGroupedBarOption([a, restricted], {
      lang: 'zh',
      metrics: ['attendanceRate'],
    }) as TGroupedBarView;
    expect(option.series[0]!.data).toEqual([null, null]);
    expect(option.yAxis).toHaveLength(1);
  });
});

describe('ranking', () => {
  it('orders branches by value, leaves unknown values out and colours by goal status', () => {
    const data = rankingData([b, restricted, a], 'complianceRate');
    expect(data.codes).toEqual(['A', 'B']);
    expect(data.values).toEqual([0.9, 0.5]);
    expect(data.colors).toEqual([STATUS_COLORS.near, STATUS_COLORS.behind]);
    expect(data.missing).toBe(1);
  });

  it('ranks by index over restricted rows too, names on a vertical axis, best first, targets as vertical lines', () => {
    expect(rankingData([b, restricted, a], 'index').codes).toEqual(['A', 'C', 'B']);
    const option = buildRankingOption([b, a], { lang: 'zh', metric: 'complianceRate' }) as TRankingView;
    expect(option.yAxis.type).toBe('category');
    expect(option.yAxis.inverse).toBe(true);
    expect(option.yAxis.data).toEqual(['A支部', 'B支部']);
    expect(option.xAxis.type).toBe('value');
    const markLine = option.series[0]!.markLine as unknown as TVerticalMarkLineView;
    expect(markLine.data.map((d) => d.xAxis)).toEqual([0.9, 0.95]);
    expect(option.dataZoom).toBeUndefined();
    expect(distinctTargets([a, b], 'index')).toEqual([]);
  });

  it('marks the ticked branches: name in bold, bar outlined', () => {
    const option = buildRankingOption([a, b], {
      lang: 'zh',
      metric: 'complianceRate',
      selected: ['B'],
    }) as TRankingView;
    expect(option.yAxis.data[0]).toBe('A支部');
    expect(option.yAxis.data[1]).toMatchObject({ value: 'B支部', textStyle: { fontWeight: 'bold' } });
    expect(option.series[0]!.data[0]!.itemStyle.borderWidth).toBeUndefined();
    expect(option.series[0]!.data[1]!.itemStyle.borderWidth).toBe(2);
  });

  it('keeps every name for 2,000 branches and pages through them 40 at a time', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      row(`B${String(i).padStart(4, '0')}`, { index: i % 97 }),
    );
    const option = buildRankingOption(many, { lang: 'en', metric: 'index' }) as TRankingView;
    expect(option.series[0]!.data).toHaveLength(2000);
    expect(option.series[0]!.data[0]!.value).toBe(96);
    expect(option.yAxis.data).toHaveLength(2000);
    expect(option.dataZoom).toHaveLength(2);
    expect(option.dataZoom!.every((z) => z.yAxisIndex === 0 && z.endValue - z.startValue === 39)).toBe(true);
    expect(rankingHeight(2000)).toBe(rankingHeight(40));
    expect(rankingHeight(10)).toBeLessThan(rankingHeight(40));
  });
});
