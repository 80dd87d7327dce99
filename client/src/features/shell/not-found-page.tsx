/** An address without a page: says so, with the address, and offers the way back to the user's home page. */
import { Button, Result } from 'antd';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { followInApp } from '../../lib/router';
import { NAV_ITEMS } from '../../routes';
import { SHELL_MESSAGES } from './messages';

export function NotFoundPage({ path, homePath }: { path: string; homePath: string }) {
  const { t } = useI18n();
  const m = useMessages(SHELL_MESSAGES);
  const home = NAV_ITEMS.find((item) => item.path === homePath);
  return (
    <Result
      status="404"
      data-testid="not-found"
      title={<h1 className="page-title">{m('notFoundTitle')}</h1>}
      subTitle={m('notFoundText', { path })}
      extra={
        <Button type="primary" href={homePath} onClick={followInApp} data-testid="not-found-home">
          {m('backTo', { page: home ? t(home.label) : homePath })}
        </Button>
      }
    />
  );
}
