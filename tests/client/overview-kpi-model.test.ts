/** KPI cards as text (value, goal, attainment, year-over-year), drill-through links and due-soon urgency. */
import { describe, expect, it } from 'vitest';
import { urgencyColor } from '../../client/src/features/overview/due-soon-model';
import { formatMetric, kpiCardModel } from '../../client/src/features/overview/kpi-model';
import { rankingLink, slotLink } from '../../client/src/features/overview/links';
import type { TOverviewKpi } from '../../shared/schemas/overview';

const compliance: TOverviewKpi = {
  key: 'complianceRate',
  value: 142 / 184,
  previous: 0.5,
  delta: 142 / 184 - 0.5,
  goal: {
    metric: 'complianceRate',
    basis: 'all',
    target: 0.95,
    actual: 142 / 184,
    attainment: 142 / 184 / 0.95,
    status: 'near',
  },
};

describe('kpiCardModel', () => {
  it('says how a prorated count goal was scaled, and nothing of a rate goal (issue 14.5)', () => {
    const scope = { period: '2025', start: '2025-01-01', asOf: '2025-12-05', goalYear: 2025 };
    const projects = kpiCardModel(
      {
        key: 'projectsApproved',
        value: 40,
        previous: null,
        delta: null,
        goal: {
          metric: 'projectsApproved',
          basis: 'branchSum',
          target: (56 * 339) / 365,
          actual: 40,
          attainment: 40 / ((56 * 339) / 365),
          status: 'behind',
        },
      },
      'zh',
      scope,
    );
    expect(projects.goalText).toBe('目标 52.0');
    expect(projects.scaleNote).toBe('年度目标 56 项 × 已统计 339/365 天');
    expect(kpiCardModel(compliance, 'zh', scope).scaleNote).toBeNull();
    // The whole year counted: the target is the yearly one, nothing to explain.
    expect(kpiCardModel(compliance, 'zh', { ...scope, asOf: '2025-12-31' }).scaleNote).toBeNull();
  });

  it('shows the index of a running month as 进行中, not a number (issue 14.5)', () => {
    const index: TOverviewKpi = { key: 'index', value: 16, previous: null, delta: null, goal: null };
    const running = { period: '2026-12', start: '2026-12-01', asOf: '2026-12-05', goalYear: 2026 };
    expect(kpiCardModel(index, 'zh', running)).toMatchObject({ value: '进行中', status: 'none', unit: '' });
    expect(kpiCardModel(index, 'en', running).value).toBe('In progress');
    const over = { ...running, period: '2026-11', start: '2026-11-01', asOf: '2026-11-30' };
    expect(kpiCardModel(index, 'zh', over).value).toBe('16.0');
  });

  it('formats a rate KPI with its goal, attainment and change in percentage points', () => {
    const zh = kpiCardModel(compliance, 'zh');
    expect(zh).toMatchObject({
      label: '组织生活完成率',
      value: '77.2%',
      goalText: '目标 95.0%',
      goalNote: '全校（全部）目标',
      attainment: '达成 81%',
      status: 'near',
      delta: '+27.2pp',
      trend: 'up',
    });
    expect(kpiCardModel(compliance, 'en')).toMatchObject({
      label: 'Compliance rate',
      goalText: 'Goal 95.0%',
      attainment: '81% attained',
    });
  });

  it('formats counts with units, the branch-sum goal, and a fractional scaled target', () => {
    const sessions = kpiCardModel(
      {
        key: 'sessions',
        value: 31,
        previous: 40,
        delta: -9,
        goal: {
          metric: 'sessions',
          basis: 'branchSum',
          target: 37.397,
          actual: 31,
          attainment: 31 / 37.397,
          status: 'near',
        },
      },
      'zh',
    );
    expect(sessions).toMatchObject({
      value: '31',
      unit: '次',
      goalText: '目标 37.4',
      goalNote: '各支部目标之和',
      delta: '−9',
      trend: 'down',
    });
  });

  it('shows volunteer hours against the per-member goal when that is the one set', () => {
    const card = kpiCardModel(
      {
        key: 'volunteerHours',
        value: 82.5,
        previous: null,
        delta: null,
        goal: {
          metric: 'volunteerHoursPerMember',
          basis: 'all',
          target: 4,
          actual: 0.8,
          attainment: 0.2,
          status: 'behind',
        },
      },
      'zh',
    );
    expect(card).toMatchObject({
      value: '82.5',
      unit: '小时',
      goalText: '人均 0.8 / 目标 4',
      status: 'behind',
      trend: null,
      delta: '去年同期无数据',
    });
  });

  it('the index has no goal; a missing value is a dash, not zero', () => {
    const card = kpiCardModel({ key: 'index', value: null, previous: null, delta: null, goal: null }, 'en');
    expect(card).toMatchObject({
      label: 'Composite index',
      value: '—',
      unit: '',
      goalText: 'No goal set',
      status: 'none',
    });
    expect(formatMetric('index', 73.56)).toBe('73.6');
    // With a value, the index reads as the branch page reads it: 100 is every goal met, from 80 near.
    const near = kpiCardModel({ key: 'index', value: 84.2, previous: 80, delta: 4.2, goal: null }, 'zh');
    expect(near).toMatchObject({
      goalText: '满分 100',
      status: 'near',
      attainment: '达成 84%',
    });
    const behind = kpiCardModel({ key: 'index', value: 16, previous: null, delta: null, goal: null }, 'en');
    expect(behind.status).toBe('behind');
    expect(formatMetric('attendanceRate', 0.9202898)).toBe('92.0%');
  });
});

describe('links and urgency', () => {
  it('drills an overdue slot through to the branch’s slots of that type and period', () => {
    expect(slotLink('XZ01', '2025-08', 'theme_day')).toBe(
      '/branch/XZ01?period=2025-08&drill=slots&type=theme_day',
    );
    expect(slotLink('行政 1', '2025-Q4', 'general_meeting')).toBe(
      '/branch/%E8%A1%8C%E6%94%BF%201?period=2025-Q4&drill=slots&type=general_meeting',
    );
    expect(rankingLink('JG001', '2025')).toBe('/branch/JG001?period=2025');
    expect(rankingLink('JG001', '2025', '2025-09-15')).toBe('/branch/JG001?period=2025&asOf=2025-09-15');
  });

  it('colours due-soon items by days left', () => {
    expect([0, 7, 8, 14, 15].map(urgencyColor)).toEqual(['error', 'error', 'warning', 'warning', 'default']);
  });
});
