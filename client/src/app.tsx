import { theme as antdTheme, Button, ConfigProvider, Drawer, Layout, Typography } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { todayIso } from '../../shared/schemas/date';
import { MenuIcon, MoonIcon, SunIcon } from './components/icons';
import { LoadingState } from './components/states';
import { useSession } from './features/auth/session';
import { UserMenu } from './features/auth/user-menu';
import { goalYearOf } from './features/goals/goal-year';
import { afterLoginPath } from './features/shell/after-login';
import { AppNav } from './features/shell/app-nav';
import { SHELL_MESSAGES } from './features/shell/messages';
import { NotFoundPage } from './features/shell/not-found-page';
import { pageTitle, useDocumentTitle } from './features/shell/page-title';
import { PrintHeader } from './features/shell/print-header';
import { useI18n } from './lib/i18n-provider';
import { NARROW_QUERY, useMediaQuery } from './lib/media-query';
import { useMessages } from './lib/messages';
import { formatPeriod, readPeriodState } from './lib/period-state';
import { navigate, usePathname, useSearchParam } from './lib/router';
import { useThemeMode } from './lib/theme';
import { homePathFor, resolveRoute, type TResolvedRoute } from './routes';

const THEME = {
  token: {
    // 党建 red, softened for long reading.
    colorPrimary: '#c8161d',
    fontFamily:
      "-apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
};

/**
 * The dark menu's selected item: antd's dark algorithm draws it in the primary red on a dark red, about
 * 2:1. Light red text on it is 7:1 (WCAG asks 4.5:1 for text).
 */
const DARK_COMPONENTS = {
  Menu: { itemSelectedColor: '#ffccc7', itemSelectedBg: '#5c0011', itemColor: 'rgba(255, 255, 255, 0.85)' },
};

/** The tab's title: the page, its subject and period (from the address), and the app. */
function DocumentTitle({ route, notFound }: { route: TResolvedRoute | null; notFound: string }) {
  const { lang, t } = useI18n();
  const period = useSearchParam('period');
  const year = useSearchParam('year');
  const shown = route?.hasPeriod
    ? formatPeriod(readPeriodState(new URLSearchParams(period ? { period } : {})).period, lang)
    : route?.hasYear
      ? formatPeriod(String(goalYearOf(year, Number(todayIso().slice(0, 4)))), lang)
      : undefined;
  useDocumentTitle(
    pageTitle({
      page: route ? t(route.title) : notFound,
      subject: route?.subject,
      period: shown,
      app: t('app.title'),
    }),
  );
  return null;
}

export function App() {
  const { lang, setLang, t } = useI18n();
  const m = useMessages(SHELL_MESSAGES);
  const user = useSession();
  // The path only: a page's own query-string changes (sort, filters) do not re-render the shell.
  const pathname = usePathname();
  const isHome = pathname === '/' || pathname === '';
  const isLogin = pathname === '/login';

  const homePath = homePathFor(user.role);
  useEffect(() => {
    if (isHome) navigate(homePath + window.location.search, { replace: true });
  }, [isHome, homePath]);
  // Signed in on /login (a bookmark, or the address the sign-in happened at): on to the page asked for.
  useEffect(() => {
    if (isLogin) navigate(afterLoginPath(window.location.search, homePath), { replace: true });
  }, [isLogin, homePath]);

  const route = resolveRoute(pathname, lang);
  const { mode, setMode } = useThemeMode();
  const isNarrow = useMediaQuery(NARROW_QUERY);
  const [isMenuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  }, [lang]);
  const themeConfig = useMemo(
    () => ({
      ...THEME,
      algorithm: mode === 'dark' ? antdTheme.darkAlgorithm : antdTheme.defaultAlgorithm,
      ...(mode === 'dark' ? { components: DARK_COMPONENTS } : {}),
    }),
    [mode],
  );
  const title = <DocumentTitle route={route} notFound={m('notFoundTitle')} />;

  if (route?.isBare) {
    return (
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={themeConfig}>
        {title}
        <Suspense fallback={<LoadingState />}>{route.element}</Suspense>
      </ConfigProvider>
    );
  }

  const nav = (
    <AppNav
      navKey={route?.navKey ?? null}
      role={user.role}
      isPeriodPage={route?.hasPeriod ?? false}
      onNavigate={isNarrow ? () => setMenuOpen(false) : undefined}
    />
  );
  const themeLabel = mode === 'dark' ? t('theme.light') : t('theme.dark');

  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={themeConfig}>
      {title}
      <Layout className="app-layout">
        <Layout.Header className="app-header">
          {isNarrow ? (
            <Button
              className="app-menu-button"
              type="text"
              icon={<MenuIcon size={20} />}
              aria-label={m('openMenu')}
              aria-expanded={isMenuOpen}
              data-testid="menu-button"
              onClick={() => setMenuOpen(true)}
            />
          ) : null}
          <div className="app-brand">
            <span className="app-brand-mark" aria-hidden>
              ★
            </span>
            <Typography.Text className="app-title">{t('app.title')}</Typography.Text>
            <Typography.Text className="app-subtitle">{t('app.subtitle')}</Typography.Text>
          </div>
          <div className="app-header-actions">
            <Button
              data-testid="theme-switch"
              onClick={() => setMode(mode === 'dark' ? 'light' : 'dark')}
              aria-label={themeLabel}
              title={themeLabel}
              icon={isNarrow ? mode === 'dark' ? <SunIcon /> : <MoonIcon /> : undefined}
            >
              {isNarrow ? null : themeLabel}
            </Button>
            <Button
              data-testid="lang-switch"
              lang={lang === 'zh' ? 'en' : 'zh'}
              aria-label={t('lang.switch')}
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            >
              {isNarrow ? (lang === 'zh' ? 'EN' : '中') : t('lang.switch')}
            </Button>
            <UserMenu isCompact={isNarrow} />
          </div>
        </Layout.Header>
        <Layout>
          {isNarrow ? (
            <Drawer
              placement="left"
              size={240}
              open={isMenuOpen}
              onClose={() => setMenuOpen(false)}
              title={t('app.title')}
              className="app-nav-drawer"
            >
              {nav}
            </Drawer>
          ) : (
            <Layout.Sider width={200} theme="light" className="app-sider">
              {nav}
            </Layout.Sider>
          )}
          <Layout.Content className="app-content">
            <PrintHeader
              page={route ? t(route.title) : m('notFoundTitle')}
              subject={route?.subject}
              hasPeriod={route?.hasPeriod ?? false}
            />
            {/* Pages are lazy chunks (routes.tsx): the loading state shows while one arrives. */}
            <Suspense fallback={<LoadingState />}>
              {route?.element ??
                (isHome || isLogin ? null : <NotFoundPage path={pathname} homePath={homePath} />)}
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </ConfigProvider>
  );
}
