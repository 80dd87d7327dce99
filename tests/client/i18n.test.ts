import { describe, expect, it } from 'vitest';
import { enumLabel, translate } from '../../client/src/lib/i18n';
import { CATEGORIES } from '../../shared/domain';

describe('i18n', () => {
  it('fills placeholders in both languages', () => {
    // Each count says what it counts (issue 14.5): members on the roll on a day, sessions including today.
    const vars = { count: 40, today: '2026-12-07', members: 1101, activities: 1212 };
    expect(translate('zh', 'branches.summary', vars)).toBe(
      '共 40 个支部；2026-12-07 在册党员 1101 人；今年组织生活 1212 次（含今日）',
    );
    expect(translate('en', 'branches.summary', vars)).toBe(
      '40 branches; 1101 members on the roll on 2026-12-07; 1212 sessions this year (today included)',
    );
  });

  it('labels enums from shared/domain.ts', () => {
    expect(enumLabel(CATEGORIES, 'retired', 'zh')).toBe('离退休');
    expect(enumLabel(CATEGORIES, 'retired', 'en')).toBe('Retired');
    expect(enumLabel(CATEGORIES, null, 'en')).toBe('');
  });
});
