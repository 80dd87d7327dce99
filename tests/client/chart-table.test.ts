/**
 * Every chart as text (issue 14.8): the table view and the screen reader's summary are read from the
 * chart's own option, with the numbers formatted as its tooltip shows them.
 */
import { describe, expect, it } from 'vitest';
import { buildCalendarHeatmapOption } from '../../client/src/features/branch-detail/chart-options';
import { buildRadarOption } from '../../client/src/features/compare/compare-charts';
import { toCompareRow } from '../../client/src/features/compare/compare-metrics';
import {
  buildRankingOption,
  buildStatusOption,
  buildTrendOption,
} from '../../client/src/features/overview/overview-options';
import { chartSummaryOf, chartTableOf } from '../../client/src/lib/chart-table';

describe('chartTableOf', () => {
  it('reads a cartesian chart: one row per category, one column per series, tooltip formats', () => {
    const option = buildTrendOption(
      [
        {
          month: '2025-01',
          sessions: 12,
          dueSlots: 10,
          metSlots: 9,
          attendanceRate: null,
          complianceRate: 0.9,
        },
        {
          month: '2025-02',
          sessions: 3,
          dueSlots: 0,
          metSlots: 0,
          attendanceRate: null,
          complianceRate: null,
        },
      ],
      0.95,
      { lang: 'zh' },
    );
    expect(chartTableOf(option, 'zh')).toEqual({
      head: ['项目', '组织生活次数', '完成率'],
      rows: [
        ['1月', '12', '90.0%'],
        ['2月', '3', '—'],
      ],
    });
  });

  it('reads a horizontal ranking (category on y) and a pie', () => {
    const ranking = buildRankingOption(
      [{ code: 'A', name: '甲支部', index: 91.25, rank: 1, group: 'top' }],
      80,
      { lang: 'en' },
    );
    expect(chartTableOf(ranking, 'en')).toEqual({ head: ['Item', 'Value'], rows: [['1. 甲支部', '91.3']] });
    const status = buildStatusOption({ met: 3, near: 0, behind: 2, none: 1 }, { lang: 'zh' });
    expect(chartTableOf(status, 'zh')?.rows).toEqual([
      ['达标', '3'],
      ['落后', '2'],
      ['无目标/无数据', '1'],
    ]);
  });

  it('reads a radar: one row per branch, one column per indicator', () => {
    const goal = (attainment: number) => ({ target: 1, attainment, status: 'met' as const });
    const row = (code: string, a: number) =>
      toCompareRow({
        branch: {
          id: 1,
          code,
          name: `${code} 支部`,
          category: null,
          parentId: null,
          parentName: null,
        } as never,
        metrics: {
          complianceRate: 1,
          goals: { complianceRate: goal(a), attendanceRate: goal(a), sessions: goal(1) } as never,
        },
      });
    const option = buildRadarOption([row('A', 0.5), row('B', 0.8)], { lang: 'zh' });
    if (!option) throw new Error('no radar');
    const table = chartTableOf(option, 'zh');
    expect(table?.head.length).toBe(4);
    expect(table?.rows).toEqual([
      ['A 支部', '50%', '50%', '100%'],
      ['B 支部', '80%', '80%', '100%'],
    ]);
  });

  it('reads a calendar heatmap as days and counts', () => {
    const option = buildCalendarHeatmapOption(
      [
        { date: '2025-03-01', count: 2 },
        { date: '2025-03-09', count: 1 },
      ],
      { lang: 'en', year: 2025 },
    );
    expect(chartTableOf(option, 'en')).toEqual({
      head: ['Date', 'Value'],
      rows: [
        ['2025-03-01', '2'],
        ['2025-03-09', '1'],
      ],
    });
  });
});

describe('chartSummaryOf', () => {
  const table = {
    head: ['项目', '次数', '完成率'],
    rows: [
      ['1月', '12', '90.0%'],
      ['2月', '3', '—'],
    ],
  };
  it('says every row when there are few', () => {
    expect(chartSummaryOf(table, 'zh')).toBe('1月：次数 12，完成率 90.0%；2月：次数 3，完成率 —');
    expect(chartSummaryOf({ head: ['Item', 'Value'], rows: [['Met', '3']] }, 'en')).toBe('Met: 3');
  });
  it('says how many more when there are many', () => {
    const many = {
      head: ['Item', 'Value'],
      rows: Array.from({ length: 13 }, (_, i) => [`b${i}`, String(i)]),
    };
    expect(chartSummaryOf(many, 'en', 10)).toMatch(/^b0: 0; b1: 1; .* b9: 9; and 3 more$/);
  });
  it('says when there is nothing', () => {
    expect(chartSummaryOf(null, 'zh')).toBe('没有数据');
  });
});
