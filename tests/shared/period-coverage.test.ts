/**
 * Empty and impossible periods (issue 14.4): a period before the first record, or not started yet, is
 * recognised and said in words; a period with records is not.
 */
import { describe, expect, it } from 'vitest';
import { periodCoverage, periodCoverageText } from '../../shared/period-coverage';
import { parsePeriod } from '../../shared/schemas/period';

const p = (text: string) => {
  const parsed = parsePeriod(text);
  if (!parsed) throw new Error(`bad period ${text}`);
  return parsed;
};
const today = '2026-12-07';
const firstRecordDay = '2024-01-05';

describe('periodCoverage', () => {
  it('a year before the first record has no records, and says since when there are', () => {
    const coverage = periodCoverage({ period: p('2023'), firstRecordDay, today });
    expect(coverage).toEqual({ kind: 'noRecords', firstYear: 2024 });
    expect(periodCoverageText(coverage, '2023年', 'zh')).toBe('2023年无组织生活记录（数据自 2024 年起）');
    expect(periodCoverageText(coverage, '2023', 'en')).toBe(
      'No party-life records in 2023 (the data start in 2024)',
    );
  });

  it('a period that reaches the first record day, or later, is covered', () => {
    expect(periodCoverage({ period: p('2024-01'), firstRecordDay, today })).toEqual({ kind: 'covered' });
    expect(periodCoverage({ period: p('2023-12-01..2024-01-05'), firstRecordDay, today })).toEqual({
      kind: 'covered',
    });
    expect(periodCoverage({ period: p('2023-12-01..2024-01-04'), firstRecordDay, today }).kind).toBe(
      'noRecords',
    );
    expect(periodCoverage({ period: p('2026'), firstRecordDay, today })).toEqual({ kind: 'covered' });
  });

  it('an asOf before the first record counts nothing either', () => {
    expect(periodCoverage({ period: p('2024'), asOf: '2024-01-04', firstRecordDay, today }).kind).toBe(
      'noRecords',
    );
  });

  it('a period that starts today or later has not started (counting runs through yesterday)', () => {
    const next = periodCoverage({ period: p('2027'), firstRecordDay, today });
    expect(next).toEqual({ kind: 'notStarted' });
    expect(periodCoverageText(next, '2027年', 'zh')).toBe('2027年尚未开始，还没有可统计的数据');
    expect(periodCoverage({ period: p('2026-12'), firstRecordDay, today: '2026-12-01' }).kind).toBe(
      'notStarted',
    );
    expect(periodCoverage({ period: p('2026-12'), firstRecordDay, today: '2026-12-02' }).kind).toBe(
      'covered',
    );
  });

  it('without any record every past period is empty, and the sentence says so without a year', () => {
    const none = periodCoverage({ period: p('2025'), firstRecordDay: null, today });
    expect(none).toEqual({ kind: 'noRecords', firstYear: null });
    expect(periodCoverageText(none, '2025年', 'zh')).toContain('还没有组织生活记录');
    expect(periodCoverageText({ kind: 'covered' }, '2025年', 'zh')).toBeNull();
  });
});
