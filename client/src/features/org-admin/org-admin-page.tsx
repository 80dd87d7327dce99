/**
 * 组织与账号 (/org?tab=units|accounts), the organisation department's (admin's) page: the units of the
 * college (create, rename, move, dissolve, delete one without history) and the accounts (add, role and
 * branch, password reset shown once, disable / enable). The tab lives in the address.
 */
import { Tabs, Typography } from 'antd';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { setSearchParams, useSearchParam } from '../../lib/router';
import { AccountsTab } from './accounts-tab';
import { ORG_MESSAGES } from './messages';
import { UnitsTab } from './units-tab';
import './org-admin.css';

export function OrgAdminPage() {
  const { t } = useI18n();
  const m = useMessages(ORG_MESSAGES);
  const active = useSearchParam('tab') === 'accounts' ? 'accounts' : 'units';
  return (
    <section className="org-admin-page">
      <Typography.Title level={1} className="page-title">
        {t('nav.org')}
      </Typography.Title>
      <Tabs
        activeKey={active}
        destroyOnHidden
        onChange={(key) => setSearchParams({ tab: key === 'units' ? null : key, sort: null })}
        items={[
          { key: 'units', label: <span data-tab="units">{m('tabUnits')}</span>, children: <UnitsTab /> },
          {
            key: 'accounts',
            label: <span data-tab="accounts">{m('tabAccounts')}</span>,
            children: <AccountsTab />,
          },
        ]}
      />
    </section>
  );
}
