/**
 * 大屏 (big-screen mode) for the meeting room: always dark, no app chrome, large type, full screen on
 * click (Fullscreen API), refreshed every minute with the time of the last update shown. Same queries
 * and chart builders as the overview, with a larger font scale; laid out without scrolling on any screen
 * from 1366×768 to 3840×2160: every size is 1920×1080's times the screen's scale (`screenScale`).
 */
import { theme as antdTheme, Button, ConfigProvider } from 'antd';
import { type CSSProperties, useCallback, useEffect, useMemo, useState } from 'react';
import { ChartScopeProvider, COLLEGE_SUBJECT } from '../../components/chart-scope';
import { formatCollegeClock } from '../../lib/format';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod, usePeriodState } from '../../lib/period-state';
import { followInApp } from '../../lib/router';
import { ThemeModeOverride } from '../../lib/theme';
import { AlertsList } from '../overview/alerts-list';
import { KpiCards } from '../overview/kpi-cards';
import { OVERVIEW_MESSAGES } from '../overview/messages';
import { RankingChart, StatusChart, TrendChart } from '../overview/overview-charts';
import { QueryBlock } from '../overview/overview-page';
import { useOverviewData } from '../overview/use-overview-data';
import '../overview/overview.css';
import './big-screen.css';
import { useScreenScale } from './screen-scale';

export const SCREEN_REFRESH_MS = 60_000;
/** Chart text on a 1920×1080 screen, relative to the overview page's. */
const FONT_SCALE = 1.7;

function useFullscreen() {
  const [isFullscreen, setIsFullscreen] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const onChange = () => setIsFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggle = useCallback(() => {
    // Browsers allow full screen only from a user gesture: this runs from the button's click.
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, []);
  return { isFullscreen, toggle };
}

function BigScreen() {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  const { period, asOf } = usePeriodState();
  const { kpis, trend, overview } = useOverviewData({ period, asOf }, { refetchInterval: SCREEN_REFRESH_MS });
  const { isFullscreen, toggle } = useFullscreen();
  const scale = useScreenScale();
  const fontScale = FONT_SCALE * scale;
  const updatedAt = Math.max(kpis.dataUpdatedAt, trend.dataUpdatedAt, overview.dataUpdatedAt);
  const backLink = useMemo(() => {
    const params = new URLSearchParams({ period });
    if (asOf) params.set('asOf', asOf);
    return `/overview?${params.toString()}`;
  }, [period, asOf]);

  return (
    <ChartScopeProvider subject={COLLEGE_SUBJECT[lang]} period={period} asOf={kpis.data?.scope.asOf}>
      <main
        className="big-screen"
        data-testid="big-screen"
        style={{ '--screen-scale': scale } as CSSProperties}
      >
        <header className="screen-header">
          <div className="screen-title">
            <span className="screen-mark" aria-hidden>
              ★
            </span>
            <h1>{m('screenTitle')}</h1>
            <span className="screen-period" data-testid="screen-period">
              {formatPeriod(period, lang)}
              {kpis.data && ` · ${m('asOf', { date: kpis.data.scope.asOf })}`}
            </span>
          </div>
          <div className="screen-actions">
            <span className="screen-updated" data-testid="screen-updated">
              {updatedAt > 0 ? m('updatedAt', { time: formatCollegeClock(updatedAt, lang) }) : ''}
            </span>
            <Button size="large" onClick={toggle} data-testid="fullscreen-button">
              {isFullscreen ? m('exitFullscreen') : m('fullscreen')}
            </Button>
            <Button size="large" href={backLink} onClick={followInApp}>
              {m('backToOverview')}
            </Button>
          </div>
        </header>

        <div className="screen-kpis">
          <QueryBlock query={kpis}>
            {(data) => <KpiCards kpis={data.kpis} scope={data.scope} variant="screen" />}
          </QueryBlock>
        </div>

        <section className="screen-panel screen-trend">
          <h2>{m('trendTitle')}</h2>
          <div className="screen-panel-body">
            <QueryBlock query={trend}>
              {(data) => <TrendChart trend={data} height="100%" fontScale={fontScale} />}
            </QueryBlock>
          </div>
        </section>

        <section className="screen-panel screen-ranking">
          <h2>{m('rankingTitle', { n: 5 })}</h2>
          <div className="screen-panel-body">
            <QueryBlock query={overview}>
              {(data) => (
                <RankingChart
                  top={data.top}
                  bottom={data.bottom}
                  mean={data.total.index}
                  scope={data.scope}
                  period={period}
                  asOf={asOf}
                  height="100%"
                  fontScale={fontScale}
                />
              )}
            </QueryBlock>
          </div>
        </section>

        <section className="screen-panel screen-alerts">
          <h2>
            {overview.data?.alerts.month
              ? m('alertsTitle', { month: formatPeriod(overview.data.alerts.month, lang) })
              : m('alertsTitle', { month: '—' })}
          </h2>
          <div className="screen-panel-body">
            <QueryBlock query={overview}>{(data) => <AlertsList alerts={data.alerts} isFitted />}</QueryBlock>
          </div>
        </section>

        <section className="screen-panel screen-status">
          <h2>{m('distributionTitle')}</h2>
          <div className="screen-panel-body">
            <QueryBlock query={kpis}>
              {(data) => <StatusChart distribution={data.distribution} height="100%" fontScale={fontScale} />}
            </QueryBlock>
          </div>
        </section>
      </main>
    </ChartScopeProvider>
  );
}

/** Rendered outside the app layout (app.tsx): its own dark antd theme and a dark chart theme. */
export function BigScreenPage() {
  const { token } = antdTheme.useToken();
  const config = useMemo(
    () => ({
      algorithm: antdTheme.darkAlgorithm,
      token: { colorPrimary: token.colorPrimary, fontFamily: token.fontFamily },
    }),
    [token.colorPrimary, token.fontFamily],
  );
  return (
    <ConfigProvider theme={config}>
      <ThemeModeOverride mode="dark">
        <BigScreen />
      </ThemeModeOverride>
    </ConfigProvider>
  );
}
