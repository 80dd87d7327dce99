import { describe, expect, it } from 'vitest';
import { diffLines, nextDay, toAuditInput } from '../../client/src/features/data/audit-model';
import {
  formatTarget,
  fromFieldValue,
  parseGoalForm,
  scopeLabel,
  toFieldValue,
  weightSum,
} from '../../client/src/features/goals/goal-model';
import { GOALS_MESSAGES } from '../../client/src/features/goals/messages';

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
  it('turns valid values into a metrics.setGoal input (percent → share)', () => {
    const result = parseGoalForm(
      2025,
      { scopeType: 'category', category: 'faculty', metric: 'complianceRate', target: 90 },
      MSG,
    );
    expect(result.input).toEqual({
      year: 2025,
      scope: { type: 'category', category: 'faculty' },
      metric: 'complianceRate',
      target: 0.9,
    });
  });

  it('reports each field with its Chinese message', () => {
    expect(parseGoalForm(2025, { scopeType: 'branch', metric: 'sessions', target: 3 }, MSG).errors).toEqual({
      branchCode: MSG.errBranch,
    });
    expect(
      parseGoalForm(2025, { scopeType: 'all', metric: 'attendanceRate', target: 120 }, MSG).errors,
    ).toEqual({
      target: MSG.errPercent,
    });
    expect(parseGoalForm(2025, { scopeType: 'all', metric: 'awards', target: -1 }, MSG).errors).toEqual({
      target: MSG.errNegative,
    });
    const missing = parseGoalForm(2025, { scopeType: 'all', target: null }, MSG).errors;
    expect(missing?.metric).toBe(MSG.errMetric);
    expect(missing?.target).toBe(MSG.errTarget);
  });

  it('sums weights, blanks as 0', () => {
    expect(weightSum({ complianceRate: 30, attendanceRate: 10.5, ritualRate: null })).toBe(40.5);
  });
});

describe('audit log filters', () => {
  it('makes the end date inclusive and pages with offset', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(
      toAuditInput({ username: 'admin', from: '2026-01-01', to: '2026-01-31', page: 3, pageSize: 20 }),
    ).toEqual({
      username: 'admin',
      table: undefined,
      from: '2026-01-01',
      to: '2026-02-01',
      limit: 20,
      offset: 40,
    });
  });

  it('lists changed fields as before → after', () => {
    expect(diffLines({ notes: null }, { notes: '修订' })).toEqual([
      { field: 'notes', before: '∅', after: '修订' },
    ]);
    expect(diffLines(null, { weight: 10 })).toEqual([{ field: 'weight', before: '', after: '10' }]);
  });
});
