/**
 * Whether a period has anything to count (issue 14.4): a period that ends before the first session or
 * achievement, or that has not started yet, shows an empty state that says so instead of 0.0 %, every
 * branch in 工作欠账 or an error card. The first record day comes from the server (`metrics.years`).
 */
import type { TLang } from './lang';
import { addDays, type TParsedPeriod } from './schemas/period';

export type TPeriodCoverage =
  /** Records exist in or before the period, and some of it has been counted. */
  | { kind: 'covered' }
  /** The period ends before the first record (`firstYear` null: there are no records at all). */
  | { kind: 'noRecords'; firstYear: number | null }
  /** Nothing of the period is counted yet: counting runs through yesterday, the period starts today or later. */
  | { kind: 'notStarted' };

/**
 * The coverage of a period as the metrics count it (metrics.md): through `asOf` when one is given, else
 * through yesterday while the period runs.
 */
export function periodCoverage({
  period,
  asOf,
  firstRecordDay,
  today,
}: {
  period: Pick<TParsedPeriod, 'start' | 'end'>;
  asOf?: string;
  firstRecordDay: string | null;
  today: string;
}): TPeriodCoverage {
  if (asOf === undefined && period.start > addDays(today, -1)) return { kind: 'notStarted' };
  if (firstRecordDay === null) return { kind: 'noRecords', firstYear: null };
  const lastCounted = asOf !== undefined && asOf < period.end ? asOf : period.end;
  if (lastCounted < firstRecordDay)
    return { kind: 'noRecords', firstYear: Number(firstRecordDay.slice(0, 4)) };
  return { kind: 'covered' };
}

const TEXT = {
  zh: {
    noRecords: (period: string, firstYear: number) => `${period}无组织生活记录（数据自 ${firstYear} 年起）`,
    noRecordsYet: () => '还没有组织生活记录：导入或录入数据后这里显示统计',
    notStarted: (period: string) => `${period}尚未开始，还没有可统计的数据`,
  },
  en: {
    noRecords: (period: string, firstYear: number) =>
      `No party-life records in ${period} (the data start in ${firstYear})`,
    noRecordsYet: () => 'No party-life records yet: import or record data to see statistics here',
    notStarted: (period: string) => `${period} has not started yet: there is nothing to count`,
  },
} as const;

/** What the empty state says, in a language; `periodText` is the period as the page names it (`2023年`). */
export function periodCoverageText(
  coverage: TPeriodCoverage,
  periodText: string,
  lang: TLang,
): string | null {
  const text = TEXT[lang];
  switch (coverage.kind) {
    case 'covered':
      return null;
    case 'notStarted':
      return text.notStarted(periodText);
    case 'noRecords':
      return coverage.firstYear === null
        ? text.noRecordsYet()
        : text.noRecords(periodText, coverage.firstYear);
  }
}
