/** Presentational charts of the overview and the big screen: each memoizes the option of a pure builder. */
import { useMemo } from 'react';
import { isRunningMonth } from '../../../../shared/goal-scaling';
import type { TMetricsScope } from '../../../../shared/schemas/metrics';
import type { TOverviewKpis, TOverviewTrend } from '../../../../shared/schemas/overview';
import { EChart } from '../../components/e-chart';
import { RunningMonthNote } from '../../components/running-month';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { navigate } from '../../lib/router';
import { rankingLink } from './links';
import { OVERVIEW_MESSAGES } from './messages';
import {
  buildCategoryOption,
  buildRankingOption,
  buildStatusOption,
  buildTrendOption,
  rankingItems,
  type TRankedRow,
} from './overview-options';

interface TSized {
  height?: number | string;
  fontScale?: number;
}

export function TrendChart({ trend, height = 320, fontScale }: TSized & { trend: TOverviewTrend }) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  const option = useMemo(
    () => buildTrendOption(trend.points, trend.complianceTarget, { lang, fontScale }),
    [trend, lang, fontScale],
  );
  return <EChart option={option} title={m('trendTitle')} height={height} testId="trend-chart" />;
}

export function RankingChart({
  top,
  bottom,
  mean,
  period,
  asOf,
  scope,
  height = 360,
  fontScale,
}: TSized & {
  top: readonly TRankedRow[];
  bottom: readonly TRankedRow[];
  mean: number | null;
  period: string;
  asOf?: string;
  /** The counted range the answer is for: a running month's ranking is a note, not bars. */
  scope: TMetricsScope;
}) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  const items = useMemo(() => rankingItems(top, bottom), [top, bottom]);
  const option = useMemo(
    () => buildRankingOption(items, mean, { lang, fontScale }),
    [items, mean, lang, fontScale],
  );
  const onEvents = useMemo(
    () => ({
      click: (params: { data?: { code?: string } }) => {
        if (params.data?.code) navigate(rankingLink(params.data.code, period, asOf));
      },
    }),
    [period, asOf],
  );
  if (isRunningMonth(scope)) return <RunningMonthNote />;
  return (
    <EChart
      option={option}
      title={m('rankingTitle', { n: Math.max(top.length, bottom.length) })}
      height={height}
      onEvents={onEvents}
      testId="ranking-chart"
    />
  );
}

export function StatusChart({
  distribution,
  height = 300,
  fontScale,
}: TSized & { distribution: TOverviewKpis['distribution'] }) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  const option = useMemo(
    () => buildStatusOption(distribution.byStatus, { lang, fontScale }),
    [distribution, lang, fontScale],
  );
  return <EChart option={option} title={m('distributionTitle')} height={height} testId="status-chart" />;
}

export function CategoryChart({
  distribution,
  height = 300,
  fontScale,
}: TSized & { distribution: TOverviewKpis['distribution'] }) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  const option = useMemo(
    () => buildCategoryOption(distribution.byCategory, { lang, fontScale }),
    [distribution, lang, fontScale],
  );
  return <EChart option={option} title={m('categoryTitle')} height={height} testId="category-chart" />;
}
