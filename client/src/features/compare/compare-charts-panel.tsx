/** The charts under the grid: radar and grouped bars of the ticked branches, ranking of every filtered branch. */
import { Card, Empty, Select, Space, Typography } from 'antd';
import { memo, useMemo } from 'react';
import { METRICS } from '../../../../shared/metric-keys';
import { EChart } from '../../components/e-chart';
import { RunningMonthNote } from '../../components/running-month';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { navigate } from '../../lib/router';
import {
  buildGroupedBarOption,
  buildRadarOption,
  buildRankingOption,
  chartMetricLabel,
  rankingData,
  rankingHeight,
} from './compare-charts';
import { MESSAGES } from './compare-messages';
import { drillUrl, type TCompareRow } from './compare-metrics';
import type { TChartMetric } from './compare-url-state';

const CHART_METRICS: TChartMetric[] = ['index', ...METRICS.map((m) => m.key)];

export interface CompareChartsPanelProps {
  selectedRows: readonly TCompareRow[];
  rankedRows: readonly TCompareRow[];
  barMetrics: readonly TChartMetric[];
  rankingMetric: TChartMetric;
  onBarMetricsChange: (metrics: TChartMetric[]) => void;
  onRankingMetricChange: (metric: TChartMetric) => void;
  scope: { period: string; asOf?: string };
  /** A month still running: the ranking by index is its note, not bars (the grid's index says 进行中). */
  isRunningMonth: boolean;
}

/** Memoized: the page re-renders on every change of the address; the charts only when their inputs change. */
export const CompareChartsPanel = memo(function CompareChartsPanel({
  selectedRows,
  rankedRows,
  barMetrics,
  rankingMetric,
  onBarMetricsChange,
  onRankingMetricChange,
  scope,
  isRunningMonth,
}: CompareChartsPanelProps) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const metricOptions = useMemo(
    () => CHART_METRICS.map((key) => ({ value: key, label: chartMetricLabel(key, lang) })),
    [lang],
  );
  const radar = useMemo(() => buildRadarOption(selectedRows, { lang }), [selectedRows, lang]);
  const bars = useMemo(
    () => buildGroupedBarOption(selectedRows, { lang, metrics: barMetrics }),
    [selectedRows, lang, barMetrics],
  );
  const selectedCodes = useMemo(() => selectedRows.map((row) => row.branch.code), [selectedRows]);
  const ranking = useMemo(
    () => buildRankingOption(rankedRows, { lang, metric: rankingMetric, selected: selectedCodes }),
    [rankedRows, lang, rankingMetric, selectedCodes],
  );
  const rankingCodes = useMemo(
    () => rankingData(rankedRows, rankingMetric).codes,
    [rankedRows, rankingMetric],
  );
  const onRankingEvents = useMemo(
    () => ({
      click: (params: { dataIndex?: number }) => {
        const code = params.dataIndex === undefined ? undefined : rankingCodes[params.dataIndex];
        if (code) navigate(drillUrl(code, rankingMetric === 'index' ? 'index' : rankingMetric, scope));
      },
    }),
    [rankingCodes, rankingMetric, scope],
  );

  return (
    <div className="compare-charts">
      <div className="compare-charts-pair">
        <Card size="small" title={m('chart.radar')} data-testid="compare-radar-card">
          {selectedRows.length === 0 ? (
            <Empty description={m('chart.pickBranches')} />
          ) : radar ? (
            <EChart option={radar} title={m('chart.radar')} height={340} testId="compare-radar" />
          ) : (
            <Empty description={m('chart.noGoals')} />
          )}
        </Card>
        <Card
          size="small"
          title={m('chart.bars')}
          data-testid="compare-bars-card"
          extra={
            <Select
              mode="multiple"
              size="small"
              maxTagCount="responsive"
              aria-label={m('chart.barsMetrics')}
              style={{ width: 260, maxWidth: '100%' }}
              value={[...barMetrics]}
              options={metricOptions}
              onChange={(value: TChartMetric[]) => onBarMetricsChange(value)}
            />
          }
        >
          {bars ? (
            <EChart option={bars} title={m('chart.bars')} height={340} testId="compare-bars" />
          ) : (
            <Empty description={m('chart.pickBranches')} />
          )}
        </Card>
      </div>
      <Card
        size="small"
        title={m('chart.ranking')}
        data-testid="compare-ranking-card"
        extra={
          <Space>
            <Typography.Text type="secondary">{m('chart.rankingMetric')}</Typography.Text>
            <Select
              size="small"
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={m('chart.rankingMetric')}
              style={{ width: 220, maxWidth: '100%' }}
              value={rankingMetric}
              options={metricOptions}
              onChange={(value: TChartMetric) => onRankingMetricChange(value)}
            />
          </Space>
        }
      >
        {isRunningMonth && rankingMetric === 'index' ? (
          <RunningMonthNote />
        ) : (
          <EChart
            option={ranking}
            title={`${m('chart.ranking')} · ${chartMetricLabel(rankingMetric, lang)}`}
            height={rankingHeight(rankingCodes.length)}
            testId="compare-ranking"
            onEvents={onRankingEvents}
          />
        )}
      </Card>
    </div>
  );
});
