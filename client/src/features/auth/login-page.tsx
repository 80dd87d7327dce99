/** 登录页: username and password; in demo mode one button per demo account. Chinese first, English switch. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  theme as antdTheme,
  Button,
  Card,
  ConfigProvider,
  Divider,
  Form,
  Input,
  Space,
  Typography,
} from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { useState } from 'react';
import { USER_ROLES } from '../../../../shared/roles';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { translateFrom } from '../../lib/messages';
import { useThemeMode } from '../../lib/theme';
import { trpc } from '../../lib/trpc';
import { SHELL_MESSAGES } from '../shell/messages';
import { pageTitle, useDocumentTitle } from '../shell/page-title';

interface TCredentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { lang, setLang, t } = useI18n();
  const { mode } = useThemeMode();
  const queryClient = useQueryClient();
  const options = useQuery(trpc.auth.loginOptions.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        setError(null);
        // Whatever was cached belonged to nobody (or to the previous user): drop it; the active
        // auth.me query refetches with the new cookie and the gate lets the app in.
        await queryClient.resetQueries();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const submit = (values: TCredentials) => login.mutate(values);
  const demoAccounts = options.data?.demoAccounts ?? [];
  useDocumentTitle(
    pageTitle({ page: translateFrom(SHELL_MESSAGES, lang, 'loginTitle'), app: t('app.title') }),
  );

  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{
        token: { colorPrimary: '#c8161d' },
        // The theme of the last visit (or ?theme=): a dark page does not flash a white card.
        algorithm: mode === 'dark' ? antdTheme.darkAlgorithm : antdTheme.defaultAlgorithm,
      }}
    >
      <main className="auth-center">
        <Card className="login-card" data-testid="login-page">
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <div className="login-head">
              <Typography.Title level={1} className="page-title">
                <span className="app-brand-mark" aria-hidden>
                  ★
                </span>{' '}
                {t('app.title')}
              </Typography.Title>
              <Button
                size="small"
                data-testid="lang-switch"
                onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
              >
                {t('lang.switch')}
              </Button>
            </div>
            <Typography.Text type="secondary">{t('auth.loginTitle')}</Typography.Text>
            {error && <Alert type="error" showIcon message={error} data-testid="login-error" />}
            <Form<TCredentials>
              layout="vertical"
              onFinish={submit}
              requiredMark={false}
              disabled={login.isPending}
            >
              <Form.Item
                name="username"
                label={t('auth.username')}
                rules={[{ required: true, message: t('auth.usernameRequired') }]}
              >
                <Input autoComplete="username" data-testid="login-username" autoFocus />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('auth.password')}
                rules={[{ required: true, message: t('auth.passwordRequired') }]}
              >
                <Input.Password autoComplete="current-password" data-testid="login-password" />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                block
                loading={login.isPending}
                data-testid="login-submit"
              >
                {t('auth.login')}
              </Button>
            </Form>
            {options.data?.isDemo && demoAccounts.length > 0 && (
              <>
                <Divider plain>{t('auth.demoAccounts')}</Divider>
                <Space direction="vertical" style={{ width: '100%' }}>
                  {demoAccounts.map((account) => (
                    <Button
                      key={account.username}
                      block
                      // A long branch name wraps inside the button on a phone instead of running past it;
                      // with the height free the padding keeps it a button's height (antd's is 0 block).
                      style={{ whiteSpace: 'normal', height: 'auto', minHeight: 32, paddingBlock: 4 }}
                      data-testid={`demo-login-${account.role}`}
                      disabled={login.isPending}
                      onClick={() => submit({ username: account.username, password: account.password })}
                    >
                      {enumLabel(USER_ROLES, account.role, lang)}
                      {account.branchName ? ` · ${account.branchName}` : ''}
                      {lang === 'zh' ? `（${account.username}）` : ` (${account.username})`}
                    </Button>
                  ))}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('auth.demoHint')}
                </Typography.Text>
              </>
            )}
          </Space>
        </Card>
      </main>
    </ConfigProvider>
  );
}
