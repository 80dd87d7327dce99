import { theme as antdTheme, Button, ConfigProvider, Layout, Menu, Result, Space, Typography } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import { Suspense, useEffect, useMemo } from 'react';
import { LoadingState } from './components/states';
import { isNavVisible } from './features/auth/nav-access';
import { useSession } from './features/auth/session';
import { UserMenu } from './features/auth/user-menu';
import { useI18n } from './lib/i18n-provider';
import { navigate, usePathname } from './lib/router';
import { useThemeMode } from './lib/theme';
import { homePathFor, NAV_ITEMS, resolveRoute } from './routes';

const THEME = {
  token: {
    // 党建 red, softened for long reading.
    colorPrimary: '#c8161d',
    fontFamily:
      "-apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
};

export function App() {
  const { lang, setLang, t } = useI18n();
  const user = useSession();
  // The path only: a page's own query-string changes (sort, filters) do not re-render the shell.
  const pathname = usePathname();
  const isHome = pathname === '/' || pathname === '';

  const homePath = homePathFor(user.role);
  useEffect(() => {
    if (isHome) navigate(homePath + window.location.search, { replace: true });
  }, [isHome, homePath]);

  const route = resolveRoute(pathname, lang);
  const { mode, setMode } = useThemeMode();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  }, [lang]);
  const themeConfig = useMemo(
    () => ({ ...THEME, algorithm: mode === 'dark' ? antdTheme.darkAlgorithm : antdTheme.defaultAlgorithm }),
    [mode],
  );

  if (route?.isBare) {
    return (
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={themeConfig}>
        <Suspense fallback={<LoadingState />}>{route.element}</Suspense>
      </ConfigProvider>
    );
  }

  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={themeConfig}>
      <Layout className="app-layout">
        <Layout.Header className="app-header">
          <div className="app-brand">
            <span className="app-brand-mark" aria-hidden>
              ★
            </span>
            <Typography.Text className="app-title">{t('app.title')}</Typography.Text>
            <Typography.Text className="app-subtitle">{t('app.subtitle')}</Typography.Text>
          </div>
          <Space>
            <Button
              data-testid="theme-switch"
              onClick={() => setMode(mode === 'dark' ? 'light' : 'dark')}
              aria-label={mode === 'dark' ? t('theme.light') : t('theme.dark')}
            >
              {mode === 'dark' ? t('theme.light') : t('theme.dark')}
            </Button>
            <Button data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {t('lang.switch')}
            </Button>
            <UserMenu />
          </Space>
        </Layout.Header>
        <Layout>
          <Layout.Sider width={200} theme="light" className="app-sider" breakpoint="md" collapsedWidth={0}>
            <Menu
              mode="inline"
              selectedKeys={route?.navKey ? [route.navKey] : []}
              items={NAV_ITEMS.filter((item) => isNavVisible(item, user.role)).map((item) => ({
                key: item.key,
                label: (
                  <a href={item.path} data-nav={item.key}>
                    {t(item.label)}
                  </a>
                ),
              }))}
              onClick={({ key, domEvent }) => {
                domEvent.preventDefault();
                const item = NAV_ITEMS.find((i) => i.key === key);
                if (item) navigate(item.path);
              }}
            />
          </Layout.Sider>
          <Layout.Content className="app-content">
            {/* Pages are lazy chunks (routes.tsx): the loading state shows while one arrives. */}
            <Suspense fallback={<LoadingState />}>
              {route?.element ??
                (isHome ? null : (
                  <Result
                    status="404"
                    title="404"
                    extra={<Button onClick={() => navigate(homePath)}>{t('soon.toBranches')}</Button>}
                  />
                ))}
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </ConfigProvider>
  );
}
