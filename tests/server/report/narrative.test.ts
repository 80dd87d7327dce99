/** The narrative's rules: sentences of fact from given numbers (the issue's own example among them). */
import { describe, expect, it } from 'vitest';
import {
  goalClauses,
  indexClause,
  rateClause,
  requirementClauses,
  sentence,
  slotInWords,
  volunteerClause,
} from '../../../server/report/narrative';

describe('report narrative', () => {
  it('words the issue example: meetings all held, a theme day missed in July, volunteering above the mean', () => {
    const clauses = requirementClauses([
      { type: 'theme_day', due: 12, met: 11, missed: ['2025-07'] },
      { type: 'general_meeting', due: 4, met: 4, missed: [] },
    ]);
    expect(sentence([...clauses, ...volunteerClause(6.3, 4.6)], '2025 年')).toEqual([
      '2025 年应召开支部党员大会 4 次，实际召开 4 次；主题党日应开展 12 次，完成 11 次，7 月未开展；志愿服务人均 6.3 小时，高于全院平均 4.6 小时。',
    ]);
  });

  it('names missed quarters and years, skips requirements with nothing due, and says nothing of nothing', () => {
    expect(slotInWords('2025-Q3')).toBe('第 3 季度');
    expect(slotInWords('2025')).toBe('全年');
    expect(
      requirementClauses([
        { type: 'party_lecture', due: 4, met: 2, missed: ['2025-Q2', '2025-Q3'] },
        { type: 'org_life_meeting', due: 0, met: 0, missed: [] },
      ]),
    ).toEqual(['党课应讲 4 次，完成 2 次，第 2 季度、第 3 季度未讲']);
    expect(sentence([])).toEqual([]);
  });

  it('compares with the college mean by the digits shown, and rates with their change in points', () => {
    expect(volunteerClause(2.04, 2.0)).toEqual(['志愿服务人均 2.0 小时，持平于全院平均 2.0 小时']);
    expect(volunteerClause(1.5, 2.0)).toEqual(['志愿服务人均 1.5 小时，低于全院平均 2.0 小时']);
    expect(volunteerClause(null, 2)).toEqual([]);
    expect(volunteerClause(3, null)).toEqual(['志愿服务人均 3.0 小时']);
    expect(rateClause('出勤率', 0.92, -0.03)).toEqual(['出勤率 92.0%，较上年同期 −3.0 个百分点']);
    expect(rateClause('出勤率', null, 0.1)).toEqual([]);
  });

  it('counts goals met and names each one missed with actual and target', () => {
    expect(
      goalClauses(
        {
          attendanceRate: { target: 0.9, attainment: 0.94, status: 'near' },
          sessions: { target: 30, attainment: 1.1, status: 'met' },
        },
        { attendanceRate: 0.85, sessions: 33 },
      ),
    ).toEqual(['设定目标 2 项，达成 1 项', '出勤率未达目标（实际 85.0%，目标 90.0%）']);
    expect(goalClauses({}, {})).toEqual([]);
    expect(indexClause(87.46, 3, 40)).toEqual(['综合指数 87.5，全院排名第 3（共 40 个支部）']);
  });
});
