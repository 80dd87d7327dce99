/**
 * Lists shown to users are joined the way their language writes lists (issue 14.7): 、 in Chinese, ", " in
 * English — the enum values a refusal offers, a list field's value, and the helper they share.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVITY_TYPES } from '../../shared/domain';
import { formatFieldValue } from '../../shared/import-rows';
import { joinList } from '../../shared/lang';
import { readEnum, ruleText } from '../../shared/record-rules';

describe('joinList', () => {
  it('joins with 、 in Chinese and ", " in English', () => {
    expect(joinList(['学习', '研讨'], 'zh')).toBe('学习、研讨');
    expect(joinList(['study', 'discussion'], 'en')).toBe('study, discussion');
    expect(joinList([], 'en')).toBe('');
  });
});

describe('the allowed values of an enumerated field', () => {
  it('are listed with 、 in the Chinese message and ", " in the English one', () => {
    const result = readEnum(ACTIVITY_TYPES, '茶话会');
    if (!('problem' in result) || !result.problem) throw new Error('茶话会 should be refused');
    const text = ruleText(result.problem);
    expect(text.zh).toContain('支部党员大会/general_meeting、支部委员会/committee_meeting');
    expect(text.en).toContain('general_meeting (支部党员大会), committee_meeting (支部委员会)');
    expect(text.en).not.toContain('、');
  });
});

describe('a list field as a column shows it', () => {
  it('uses the language of the reader', () => {
    expect(formatFieldValue('activities', 'formats', ['video', 'discussion'], 'zh')).toBe(
      '观看视频、研讨交流',
    );
    expect(formatFieldValue('activities', 'formats', ['video', 'discussion'], 'en')).not.toContain('、');
  });
});
