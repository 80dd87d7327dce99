/**
 * 总览 (leadership cockpit): KPI cards with goals and year-over-year change, the college's monthly trend,
 * branches by goal status and category, top and bottom branches, last month's overdue slots and what is
 * due soon. The period lives in the address (usePeriodState), so a link reproduces the view.
 */
import { Button, Card, Col, Row, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { todayIso } from '../../../../shared/schemas/date';
import { addDays } from '../../../../shared/schemas/period';
import { ChartScopeProvider, COLLEGE_SUBJECT } from '../../components/chart-scope';
import { PeriodEmptyState, usePeriodCoverageText } from '../../components/period-coverage';
import { PeriodPicker } from '../../components/period-picker';
import { ReportButton } from '../../components/report-button';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod, usePeriodState } from '../../lib/period-state';
import { followInApp } from '../../lib/router';
import { AlertsList } from './alerts-list';
import { DueSoonList } from './due-soon-list';
import { KpiCards } from './kpi-cards';
import { AlertsExportButton, DueSoonExportButton } from './list-export-buttons';
import { OVERVIEW_MESSAGES } from './messages';
import { CategoryChart, RankingChart, StatusChart, TrendChart } from './overview-charts';
import { RANKING_LIMIT, useOverviewData } from './use-overview-data';
import './overview.css';

/** Shows the query's loading / error state, else its content. */
export function QueryBlock<T>({
  query,
  children,
}: {
  query: { data: T | undefined; isPending: boolean; error: unknown; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending || query.data === undefined) return <LoadingState />;
  return <>{children(query.data)}</>;
}

export function screenLink(period: string, asOf?: string): string {
  const params = new URLSearchParams({ period });
  if (asOf) params.set('asOf', asOf);
  return `/screen?${params.toString()}`;
}

export function OverviewPage() {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  const { period, asOf } = usePeriodState();
  const { kpis, trend, overview, dueSoon } = useOverviewData({ period, asOf });
  const isEmpty = kpis.data?.branches === 0;
  // A period before the first record or not started: one sentence, not zeros and a full backlog.
  const emptyPeriod = usePeriodCoverageText();
  // Counting stops at yesterday while the period runs: say so, the roster's counts include today.
  const asOfText = (date: string) =>
    date === addDays(todayIso(), -1) ? m('asOfYesterday', { date }) : m('asOf', { date });

  return (
    <ChartScopeProvider subject={COLLEGE_SUBJECT[lang]} period={period} asOf={kpis.data?.scope.asOf}>
      <section className="overview" data-testid="overview-page">
        <div className="overview-header">
          <div>
            <Typography.Title level={1} className="page-title">
              {m('title')}
            </Typography.Title>
            <Typography.Text type="secondary" data-testid="overview-subtitle">
              {m('subtitle', { period: formatPeriod(period, lang) })}
              {kpis.data && ` · ${asOfText(kpis.data.scope.asOf)}`}
            </Typography.Text>
          </div>
          <Space wrap>
            <PeriodPicker />
            <ReportButton period={period} asOf={asOf} scope={{}} />
            {/* A link that looks like a button (not a button inside a link: one control, one role). */}
            <Button
              type="primary"
              href={screenLink(period, asOf)}
              onClick={followInApp}
              data-testid="big-screen-link"
            >
              {m('bigScreen')}
            </Button>
          </Space>
        </div>

        {emptyPeriod !== null ? (
          <PeriodEmptyState text={emptyPeriod} />
        ) : isEmpty ? (
          <EmptyState description={m('empty')} />
        ) : (
          <>
            <QueryBlock query={kpis}>{(data) => <KpiCards kpis={data.kpis} scope={data.scope} />}</QueryBlock>

            <Row gutter={[16, 16]} className="overview-row">
              <Col xs={24} xl={16}>
                <Card title={m('trendTitle')} size="small">
                  <QueryBlock query={trend}>{(data) => <TrendChart trend={data} />}</QueryBlock>
                </Card>
              </Col>
              <Col xs={24} xl={8}>
                <Card
                  title={m('distributionTitle')}
                  extra={<Typography.Text type="secondary">{m('distributionBasis')}</Typography.Text>}
                  size="small"
                >
                  <QueryBlock query={kpis}>
                    {(data) => <StatusChart distribution={data.distribution} height={320} />}
                  </QueryBlock>
                </Card>
              </Col>
            </Row>

            <Row gutter={[16, 16]} className="overview-row">
              <Col xs={24} xl={14}>
                <Card title={m('rankingTitle', { n: RANKING_LIMIT })} size="small">
                  <QueryBlock query={overview}>
                    {(data) => (
                      <RankingChart
                        top={data.top}
                        bottom={data.bottom}
                        mean={data.total.index}
                        scope={data.scope}
                        period={period}
                        asOf={asOf}
                      />
                    )}
                  </QueryBlock>
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card
                  title={m('categoryTitle')}
                  extra={<Typography.Text type="secondary">{m('distributionBasis')}</Typography.Text>}
                  size="small"
                >
                  <QueryBlock query={kpis}>
                    {(data) => <CategoryChart distribution={data.distribution} height={360} />}
                  </QueryBlock>
                </Card>
              </Col>
            </Row>

            <Row gutter={[16, 16]} className="overview-row">
              <Col xs={24} xl={12}>
                <Card
                  title={
                    overview.data?.alerts.month
                      ? m('alertsTitle', { month: formatPeriod(overview.data.alerts.month, lang) })
                      : m('alertsTitle', { month: '—' })
                  }
                  extra={
                    overview.data ? (
                      <AlertsExportButton alerts={overview.data.alerts} asOf={overview.data.scope.asOf} />
                    ) : null
                  }
                  size="small"
                  className="card-head-wraps"
                  data-testid="alerts-card"
                >
                  <QueryBlock query={overview}>{(data) => <AlertsList alerts={data.alerts} />}</QueryBlock>
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card
                  title={m('dueSoonTitle')}
                  extra={
                    dueSoon.data && (
                      <Space size="small" wrap>
                        <Typography.Text type="secondary">
                          {m('dueSoonSubtitle', { today: dueSoon.data.today })}
                        </Typography.Text>
                        <DueSoonExportButton total={dueSoon.data.total} />
                      </Space>
                    )
                  }
                  size="small"
                  className="card-head-wraps"
                  data-testid="due-soon-card"
                >
                  <QueryBlock query={dueSoon}>{(data) => <DueSoonList dueSoon={data} />}</QueryBlock>
                </Card>
              </Col>
            </Row>
          </>
        )}
      </section>
    </ChartScopeProvider>
  );
}
