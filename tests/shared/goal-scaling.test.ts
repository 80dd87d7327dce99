/** Counts that carry their label (issue 14.5): how a prorated goal was scaled, and the running month. */
import { describe, expect, it } from 'vitest';
import { goalScalingOf, goalScalingText, isRunningMonth } from '../../shared/goal-scaling';

describe('goalScalingOf', () => {
  // 2025-01-01 .. 2025-12-05: 339 of 365 days.
  const scope = { start: '2025-01-01', asOf: '2025-12-05', goalYear: 2025 };

  it('gives back the yearly target and the days of a count goal (metrics.md: × counted / year days)', () => {
    const target = (56 * 339) / 365; // 52.01…, what the engine answers
    const scaling = goalScalingOf('projectsApproved', target, scope);
    expect(scaling).toEqual({ yearlyTarget: 56, countedDays: 339, yearDays: 365 });
    expect(goalScalingText(scaling!, '项', 'zh')).toBe('年度目标 56 项 × 已统计 339/365 天');
    expect(goalScalingText(scaling!, 'projects', 'en')).toBe(
      'yearly goal 56 projects × 339/365 days counted',
    );
  });

  it('says nothing of rates and formatCount (their yearly target is used as it is) or of a whole year', () => {
    expect(goalScalingOf('complianceRate', 0.95, scope)).toBeNull();
    expect(goalScalingOf('formatCount', 4, scope)).toBeNull();
    expect(
      goalScalingOf('sessions', 46, { start: '2024-01-01', asOf: '2024-12-31', goalYear: 2024 }),
    ).toBeNull();
  });

  it('counts a leap year with 366 days', () => {
    expect(
      goalScalingOf('sessions', (46 * 182) / 366, {
        start: '2024-01-01',
        asOf: '2024-06-30',
        goalYear: 2024,
      }),
    ).toEqual({
      yearlyTarget: 46,
      countedDays: 182,
      yearDays: 366,
    });
  });
});

describe('isRunningMonth', () => {
  it('is a month counted short of its last day', () => {
    expect(isRunningMonth({ period: '2026-12', asOf: '2026-12-05' })).toBe(true);
    expect(isRunningMonth({ period: '2026-11', asOf: '2026-11-30' })).toBe(false);
    expect(isRunningMonth({ period: '2026', asOf: '2026-12-05' })).toBe(false);
    expect(isRunningMonth({ period: '2026-Q4', asOf: '2026-12-05' })).toBe(false);
  });
});
