import { describe, expect, it } from 'vitest';
import {
  BULLET_CAP,
  buildCalendarHeatmapOption,
  buildGoalBulletsOption,
  buildModulesOption,
  buildMonthlyTrendOption,
  goalBullets,
} from '../../client/src/features/branch-detail/chart-options';
import { STATUS_COLORS } from '../../client/src/lib/format';

// The builders return ECharts' loose option type; each test names the parts of it that it reads.
type THeatmapView = {
  series: { data: [string, number][] }[];
  calendar: { range: string; dayLabel: { nameMap: string }; monthLabel: { nameMap: string } };
  visualMap: { max: number };
  tooltip: { formatter: (params: { value: [string, number] }) => string };
};

describe('buildCalendarHeatmapOption', () => {
  const days = [
    { date: '2024-12-31', count: 2 },
    { date: '2025-01-24', count: 1 },
    { date: '2025-03-23', count: 3 },
    { date: '2025-07-01', count: 0 },
  ];
  it('keeps only days of the year with sessions, as [date, count]', () => {
    const option = buildCalendarHeatmapOption(days, { lang: 'zh', year: 2025 }) as THeatmapView;
    expect(option.series[0]!.data).toEqual([
      ['2025-01-24', 1],
      ['2025-03-23', 3],
    ]);
    expect(option.calendar.range).toBe('2025');
    expect(option.visualMap.max).toBe(3);
    expect(option.calendar.dayLabel.nameMap).toBe('ZH');
  });
  it('follows the language and never has a zero max', () => {
    const option = buildCalendarHeatmapOption([], { lang: 'en', year: 2030 }) as THeatmapView;
    expect(option.series[0]!.data).toEqual([]);
    expect(option.visualMap.max).toBe(1);
    expect(option.calendar.monthLabel.nameMap).toBe('EN');
    expect(option.tooltip.formatter({ value: ['2030-01-02', 2] })).toContain('session');
  });
});

describe('goal bullets', () => {
  const goals = {
    complianceRate: { target: 0.95, attainment: 0.99, status: 'near' as const },
    sessions: { target: 20, attainment: 1, status: 'met' as const },
    ritualRate: { target: 0.9, attainment: null, status: 'none' as const },
    awards: { target: 0, attainment: null, status: 'none' as const },
  };
  const values = { complianceRate: 0.9428571428571428, sessions: 40, ritualRate: null, awards: 1 };

  it('lists goal metrics in METRICS order with actual / target shares, capped, null as a gap', () => {
    const bullets = goalBullets(goals, values, 'zh');
    expect(bullets.map((b) => b.key)).toEqual(['complianceRate', 'ritualRate', 'sessions', 'awards']);
    expect(bullets[0]!.share).toBeCloseTo(0.9428571428571428 / 0.95, 12);
    expect(bullets[0]!.label).toBe('组织生活完成率');
    expect(bullets[1]!.share).toBeNull();
    expect(bullets[2]!.share).toBe(BULLET_CAP); // 40 / 20 = 200 % is cut at the cap
    expect(bullets[3]!.share).toBeNull(); // a zero target has no share
  });

  it('colours each bar by goal status and draws the target at 100 %', () => {
    const option = buildGoalBulletsOption(goals, values, { lang: 'en' }) as {
      yAxis: { data: string[] };
      series: {
        data: { value: number | null; itemStyle: { color: string } }[];
        markLine: { data: unknown };
      }[];
      tooltip: { formatter: (params: { dataIndex: number }[]) => string };
    };
    const series = option.series[0]!;
    // Reversed so the first metric is at the top of a category y axis.
    expect(option.yAxis.data).toEqual(['Awards', 'Sessions', 'Theme-day ritual rate', 'Compliance rate']);
    expect(series.data.map((d) => d.itemStyle.color)).toEqual([
      STATUS_COLORS.none,
      STATUS_COLORS.met,
      STATUS_COLORS.none,
      STATUS_COLORS.near,
    ]);
    expect(series.data.map((d) => d.value)).toEqual([null, 150, null, 99.2]);
    expect(series.markLine.data).toEqual([{ xAxis: 100 }]);
    expect(option.tooltip.formatter([{ dataIndex: 3 }])).toContain('94.3%');
    expect(option.tooltip.formatter([{ dataIndex: 3 }])).toContain('95.0%');
  });
});

describe('modules and monthly trend', () => {
  it('draws no pie slices when no activity was tagged (not three zeros)', () => {
    type TPieView = { series: { data: { name: string; value: number }[] }[] };
    const empty = buildModulesOption(
      { spirit: 0, capability: 0, development: 0 },
      { lang: 'zh' },
    ) as TPieView;
    expect(empty.series[0]!.data).toEqual([]);
    const some = buildModulesOption({ spirit: 3, capability: 1, development: 0 }, { lang: 'zh' }) as TPieView;
    expect(some.series[0]!.data).toEqual([
      { name: '党性锤炼', value: 3 },
      { name: '本领增强', value: 1 },
      { name: '改革发展', value: 0 },
    ]);
  });

  it('keeps a month without recorded attendance as a gap in the line', () => {
    const option = buildMonthlyTrendOption(
      [
        { month: '2025-01', sessions: 2, dueSlots: 2, metSlots: 1, attendanceRate: 0.9, complianceRate: 0.5 },
        { month: '2025-02', sessions: 0, dueSlots: 2, metSlots: 0, attendanceRate: null, complianceRate: 0 },
      ],
      { lang: 'zh' },
    ) as { xAxis: { data: string[] }; series: { type: string; data: (number | null)[] }[] };
    expect(option.xAxis.data).toEqual(['1月', '2月']);
    const line = option.series.find((s) => s.type === 'line');
    expect(line?.data).toEqual([90, null]);
    expect(option.series[1]!.data).toEqual([1, 0]);
    expect(option.series[2]!.data).toEqual([2, 2]);
  });
});
