import { describe, expect, it } from 'vitest';
import {
  formatTarget,
  fromFieldValue,
  isRateMetric,
  parseGoalForm,
  scopeLabel,
  toFieldValue,
  weightSum,
  weightsProblem,
} from '../../client/src/features/goals/goal-model';
import { GOALS_MESSAGES } from '../../client/src/features/goals/messages';
import { GOAL_TARGET_MAX, type TMetricKey } from '../../shared/metric-keys';
import { GOAL_INPUT_MESSAGES, ZSetGoalInputSchema } from '../../shared/schemas/goals';

const MSG = GOALS_MESSAGES.zh;

describe('goal targets', () => {
  it('shows and enters rate targets as percentages, stores them as shares', () => {
    expect(formatTarget('complianceRate', 0.95)).toBe('95%');
    expect(formatTarget('sessions', 30)).toBe('30');
    expect(formatTarget('volunteerHours', 12.345)).toBe('12.35');
    expect(toFieldValue('attendanceRate', 0.875)).toBe(87.5);
    expect(fromFieldValue('attendanceRate', 87.5)).toBe(0.875);
    expect(fromFieldValue('awards', 3)).toBe(3);
    // 0.29 * 100 is 28.999999999999996 in floating point: the field must show 29.
    expect(toFieldValue('ritualRate', 0.29)).toBe(29);
  });

  it('labels scopes in the language', () => {
    expect(scopeLabel({ scope: { type: 'all' }, branchName: null }, 'zh', '全部')).toBe('全部');
    expect(
      scopeLabel({ scope: { type: 'category', category: 'student' }, branchName: null }, 'en', 'All'),
    ).toBe('Students');
    expect(
      scopeLabel({ scope: { type: 'branch', branchCode: 'XZ01' }, branchName: '行政第一党支部' }, 'zh', ''),
    ).toBe('行政第一党支部（XZ01）');
  });
});

describe('goal form', () => {
  it('turns valid values into a goals.set input (percent → share)', () => {
    const result = parseGoalForm(
      2025,
      { scopeType: 'category', category: 'faculty', metric: 'complianceRate', target: 90 },
      MSG,
      'zh',
    );
    expect(result.input).toEqual({
      year: 2025,
      scope: { type: 'category', category: 'faculty' },
      metric: 'complianceRate',
      target: 0.9,
    });
  });

  it('reports each field with its Chinese message', () => {
    expect(
      parseGoalForm(2025, { scopeType: 'branch', metric: 'sessions', target: 3 }, MSG, 'zh').errors,
    ).toEqual({
      branchCode: MSG.errBranch,
    });
    expect(
      parseGoalForm(2025, { scopeType: 'all', metric: 'attendanceRate', target: 120 }, MSG, 'zh').errors,
    ).toEqual({
      target: GOAL_INPUT_MESSAGES.targetRate.zh,
    });
    expect(parseGoalForm(2025, { scopeType: 'all', metric: 'awards', target: -1 }, MSG, 'zh').errors).toEqual(
      {
        target: GOAL_INPUT_MESSAGES.targetNegative.zh,
      },
    );
    const missing = parseGoalForm(2025, { scopeType: 'all', target: null }, MSG, 'zh').errors;
    expect(missing?.metric).toBe(MSG.errMetric);
    expect(missing?.target).toBe(MSG.errTarget);
  });

  it('refuses what the API refuses, with the API message in the user language (issue 9.7)', () => {
    const form = (metric: TMetricKey, target: number, lang: 'zh' | 'en' = 'zh') =>
      parseGoalForm(2025, { scopeType: 'all', metric, target }, GOALS_MESSAGES[lang], lang);
    const api = (metric: TMetricKey, target: number) =>
      ZSetGoalInputSchema.safeParse({ year: 2025, scope: { type: 'all' }, metric, target });
    // 1e308 hours was accepted: the bound of each count metric, in both languages.
    expect(form('volunteerHours', 1e308).errors?.target).toBe('「志愿服务时长」的年度目标应在 0–100000 之间');
    expect(form('volunteerHours', 1e308, 'en').errors?.target).toBe(
      'The yearly target of Volunteer hours must be between 0 and 100,000',
    );
    expect(form('sessions', 1001).errors?.target).toBe('「组织生活次数」的年度目标应在 0–1000 之间');
    expect(form('formatCount', 8).errors?.target).toBe('「活动形式数」的年度目标应在 0–7 之间');
    expect(form('ritualRate', 100.5, 'en').errors?.target).toBe(GOAL_INPUT_MESSAGES.targetRate.en);
    // The form and the API agree on every metric at its bound and just above it (rates: 100 % / 1).
    for (const [metric, max] of Object.entries(GOAL_TARGET_MAX) as [TMetricKey, number][]) {
      const field = isRateMetric(metric) ? 100 : max;
      expect(form(metric, field).errors, metric).toBeUndefined();
      expect(api(metric, fromFieldValue(metric, field)).success, metric).toBe(true);
      const over = form(metric, field * 1.01).errors?.target;
      expect(over, metric).toBeDefined();
      const refused = api(metric, fromFieldValue(metric, field * 1.01));
      expect(refused.success, metric).toBe(false);
      const issue = refused.error?.issues[0];
      expect(issue?.code === 'custom' && issue.params, metric).toEqual({ zh: over, en: expect.any(String) });
    }
  });

  it('refuses weights the API refuses: blank, negative, above 1000, or all 0 (issue 9.7)', () => {
    expect(weightsProblem({ complianceRate: 30, ritualRate: 0 }, 'zh')).toBeNull();
    expect(weightsProblem({ complianceRate: 0, ritualRate: 0 }, 'zh')).toBe(GOAL_INPUT_MESSAGES.weightSum.zh);
    expect(weightsProblem({ complianceRate: 0, ritualRate: 0 }, 'en')).toBe(GOAL_INPUT_MESSAGES.weightSum.en);
    expect(weightsProblem({ complianceRate: 30, ritualRate: -5 }, 'zh')).toBe(
      GOAL_INPUT_MESSAGES.weightRange.zh,
    );
    expect(weightsProblem({ complianceRate: 1001 }, 'en')).toBe(GOAL_INPUT_MESSAGES.weightRange.en);
    expect(weightsProblem({ complianceRate: 30, ritualRate: null }, 'zh')).toBe(
      GOAL_INPUT_MESSAGES.weightNotNumber.zh,
    );
    expect(weightsProblem({ complianceRate: Number.NaN }, 'zh')).toBe(GOAL_INPUT_MESSAGES.weightNotNumber.zh);
  });

  it('sums weights, blanks as 0', () => {
    expect(weightSum({ complianceRate: 30, attendanceRate: 10.5, ritualRate: null })).toBe(40.5);
  });
});
