import { describe, expect, it } from 'vitest';
import { enumLabel, translate } from '../../client/src/lib/i18n';
import { CATEGORIES } from '../../shared/domain';

describe('i18n', () => {
  it('fills placeholders in both languages', () => {
    const vars = { count: 40, members: 1101, activities: 1212 };
    expect(translate('zh', 'branches.summary', vars)).toBe('共 40 个支部，1101 名党员，今年 1212 次组织生活');
    expect(translate('en', 'branches.summary', vars)).toBe(
      '40 branches, 1101 members, 1212 sessions this year',
    );
  });

  it('labels enums from shared/domain.ts', () => {
    expect(enumLabel(CATEGORIES, 'retired', 'zh')).toBe('离退休');
    expect(enumLabel(CATEGORIES, 'retired', 'en')).toBe('Retired');
    expect(enumLabel(CATEGORIES, null, 'en')).toBe('');
  });
});
