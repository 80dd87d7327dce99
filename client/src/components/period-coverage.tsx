/**
 * The empty state of a period with nothing to count (shared/period-coverage.ts): before the first record
 * ("2023年无组织生活记录（数据自 2024 年起）") or not started yet. Pages about a period show
 * `PeriodEmptyState` in place of their figures when `usePeriodCoverageText` has a sentence, so such a
 * period reads as one sentence instead of zeros, a full 工作欠账 or error cards. While `metrics.years`
 * loads there is no sentence (no flash of an empty state).
 */
import { useQuery } from '@tanstack/react-query';
import { periodCoverage, periodCoverageText } from '../../../shared/period-coverage';
import { todayIso } from '../../../shared/schemas/date';
import { useI18n } from '../lib/i18n-provider';
import { formatPeriod, usePeriodState } from '../lib/period-state';
import { trpc } from '../lib/trpc';
import { EmptyState } from './states';

/** The sentence of the current period's empty state, or null when it has something to count. */
export function usePeriodCoverageText(): string | null {
  const { lang } = useI18n();
  const { period, parsed, asOf } = usePeriodState();
  const years = useQuery(trpc.metrics.years.queryOptions(undefined, { staleTime: 60 * 60_000 })).data;
  if (!years) return null;
  const coverage = periodCoverage({
    period: parsed,
    asOf,
    firstRecordDay: years.firstDay,
    today: todayIso(),
  });
  return periodCoverageText(coverage, formatPeriod(period, lang), lang);
}

/** The empty state of such a period (the sentence of `usePeriodCoverageText`). */
export function PeriodEmptyState({ text }: { text: string }) {
  return (
    <div className="period-empty" data-testid="period-empty">
      <EmptyState description={text} />
    </div>
  );
}
