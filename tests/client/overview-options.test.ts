/** The overview's chart builders: gaps stay gaps, goals become markLines, drill-through data rides on the bars. */
import { describe, expect, it } from 'vitest';
import {
  buildCategoryOption,
  buildRankingOption,
  buildStatusOption,
  buildTrendOption,
  monthLabels,
  rankingItems,
  type TRankedRow,
} from '../../client/src/features/overview/overview-options';
import { STATUS_COLORS } from '../../client/src/lib/format';
import type { TOverviewTrendPoint } from '../../shared/schemas/overview';

type TSeries = {
  type: string;
  name?: string;
  data: unknown[];
  markLine?: { data: { yAxis?: number; xAxis?: number }[] };
};
const seriesOf = (option: unknown) => (option as { series: TSeries[] }).series;

const point = (month: string, sessions: number, dueSlots: number, metSlots: number): TOverviewTrendPoint => ({
  month,
  sessions,
  dueSlots,
  metSlots,
  attendanceRate: null,
  complianceRate: dueSlots > 0 ? metSlots / dueSlots : null,
});

const row = (code: string, index: number | null, rank: number | null): TRankedRow => ({
  branch: { code, name: `${code} 支部` },
  metrics: { index, rank },
});

describe('buildTrendOption', () => {
  const points = [point('2025-01', 12, 10, 8), point('2025-02', 0, 0, 0), point('2025-03', 9, 16, 16)];

  it('draws sessions as bars and compliance as a line with gaps where no slot ends', () => {
    const option = buildTrendOption(points, 0.95, { lang: 'zh' });
    const [bars, line] = seriesOf(option);
    expect(bars!.type).toBe('bar');
    expect(bars!.data).toEqual([12, 0, 9]);
    expect(line!.type).toBe('line');
    expect(line!.data).toEqual([0.8, null, 1]);
    expect(line!.markLine!.data).toEqual([{ yAxis: 0.95 }]);
    expect((option as { xAxis: { data: string[] } }).xAxis.data).toEqual(['1月', '2月', '3月']);
  });

  it('has no markLine without a goal, and labels follow the language', () => {
    const option = buildTrendOption(points, null, { lang: 'en' });
    expect(seriesOf(option)[1]!.markLine).toBeUndefined();
    expect(seriesOf(option).map((s) => s.name)).toEqual(['Sessions', 'Compliance']);
    expect((option as { xAxis: { data: string[] } }).xAxis.data).toEqual(['Jan', 'Feb', 'Mar']);
  });

  it('scales the fonts for the big screen', () => {
    const page = buildTrendOption(points, 0.9, { lang: 'zh' }) as {
      xAxis: { axisLabel: { fontSize: number } };
    };
    const screen = buildTrendOption(points, 0.9, { lang: 'zh', fontScale: 2 }) as typeof page;
    expect(screen.xAxis.axisLabel.fontSize).toBe(page.xAxis.axisLabel.fontSize * 2);
  });
});

describe('monthLabels', () => {
  it('keeps the year when the months span two years', () => {
    expect(monthLabels(['2024-12', '2025-01'], 'zh')).toEqual(['2024-12', '2025-01']);
    expect(monthLabels(['2025-11', '2025-12'], 'zh')).toEqual(['11月', '12月']);
  });
});

describe('rankingItems and buildRankingOption', () => {
  it('merges top and bottom once each, best rank first, and skips unranked rows', () => {
    const top = [row('A', 90, 1), row('B', 80, 2), row('C', 70, 3)];
    const bottom = [row('E', 50, 5), row('D', 60, 4), row('C', 70, 3), row('X', null, null)];
    const items = rankingItems(top, bottom);
    expect(items.map((i) => [i.code, i.group])).toEqual([
      ['A', 'top'],
      ['B', 'top'],
      ['C', 'top'],
      ['D', 'bottom'],
      ['E', 'bottom'],
    ]);
  });

  it('puts the branch code on every bar for drill-through and colours by group', () => {
    const items = rankingItems([row('A', 90.25, 1)], [row('E', 50, 5)]);
    const option = buildRankingOption(items, 70.1, { lang: 'zh' });
    const [bars] = seriesOf(option);
    const data = bars!.data as { value: number; code: string; itemStyle: { color: string } }[];
    expect(data.map((d) => [d.code, d.value])).toEqual([
      ['A', 90.25],
      ['E', 50],
    ]);
    expect(data[0]!.itemStyle.color).toBe(STATUS_COLORS.met);
    expect(data[1]!.itemStyle.color).toBe(STATUS_COLORS.behind);
    expect(bars!.markLine!.data).toEqual([{ xAxis: 70.1 }]);
    expect((option as { yAxis: { data: string[]; inverse: boolean } }).yAxis).toMatchObject({
      inverse: true,
      data: ['1. A 支部', '5. E 支部'],
    });
    expect(seriesOf(buildRankingOption(items, null, { lang: 'zh' }))[0]!.markLine).toBeUndefined();
  });

  it('labels every bar, and keeps the value axis to five labels (the big screen, issue 14.7)', () => {
    const items = rankingItems([row('A', 90, 1), row('B', 80, 2)], [row('E', 50, 5)]);
    const option = buildRankingOption(items, 70, { lang: 'zh', fontScale: 2 }) as {
      xAxis: { interval: number; min: number; max: number; axisLabel: { hideOverlap: boolean } };
      yAxis: { axisLabel: { interval: number; fontSize: number } };
    };
    expect(option.yAxis.axisLabel).toMatchObject({ interval: 0, fontSize: 24 });
    expect((option.xAxis.max - option.xAxis.min) / option.xAxis.interval + 1).toBe(5);
    expect(option.xAxis.axisLabel.hideOverlap).toBe(true);
  });
});

describe('distribution charts', () => {
  it('leaves empty statuses out of the donut', () => {
    const option = buildStatusOption({ met: 2, near: 0, behind: 3, none: 1 }, { lang: 'zh' });
    const data = seriesOf(option)[0]!.data as { name: string; value: number; status: string }[];
    expect(data.map((d) => [d.status, d.value])).toEqual([
      ['met', 2],
      ['behind', 3],
      ['none', 1],
    ]);
    expect(data[0]!.name).toBe('达标');
  });

  it('stacks one series per status over the categories, in the given order', () => {
    const option = buildCategoryOption(
      [
        { category: 'admin', counts: { met: 1, near: 1, behind: 0, none: 0 } },
        { category: null, counts: { met: 0, near: 0, behind: 2, none: 0 } },
      ],
      { lang: 'en' },
    );
    expect((option as { yAxis: { data: string[] } }).yAxis.data).toEqual(['Administration', 'Uncategorised']);
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual(['Met', 'Near', 'Behind', 'No goal / no data']);
    // A legend that cannot wrap onto the axis labels of a narrow chart (the phone's overview).
    expect((option as { legend: { type: string } }).legend.type).toBe('scroll');
    expect(series.map((s) => s.data)).toEqual([
      [1, 0],
      [1, 0],
      [0, 2],
      [0, 0],
    ]);
  });
});
