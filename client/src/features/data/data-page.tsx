/**
 * 数据管理 (/data?tab=): 支部名册 (features/branches), 数据导入 (upload → preview → confirm; template),
 * for admins and secretaries 导入记录 (import history with undo), and for admins 操作日志 (the audit
 * trail). The tab lives in the address so a link can open it.
 */
import { Tabs, Typography } from 'antd';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { setSearchParams, useSearchParam } from '../../lib/router';
import { useSession } from '../auth/session';
import { BranchesPage } from '../branches/branches-page';
import { AuditLog } from './audit-log';
import { ImportHistory } from './import-history';
import { ImportPanel } from './import-panel';
import { DATA_MESSAGES } from './messages';
import './data.css';

type TDataTab = 'branches' | 'import' | 'history' | 'audit';

export function DataPage() {
  const { t } = useI18n();
  const m = useMessages(DATA_MESSAGES);
  const user = useSession();
  const requested = useSearchParam('tab');
  const tabs: TDataTab[] =
    user.role === 'admin'
      ? ['branches', 'import', 'history', 'audit']
      : user.role === 'secretary'
        ? ['branches', 'import', 'history']
        : ['branches', 'import'];
  const active: TDataTab = tabs.includes(requested as TDataTab) ? (requested as TDataTab) : 'branches';
  const labels: Record<TDataTab, string> = {
    branches: m('tabBranches'),
    import: m('tabImport'),
    history: m('tabHistory'),
    audit: m('tabAudit'),
  };
  const content: Record<TDataTab, () => React.ReactNode> = {
    branches: () => <BranchesPage />,
    import: () => <ImportPanel />,
    history: () => <ImportHistory />,
    audit: () => <AuditLog />,
  };
  return (
    <section className="data-page">
      <Typography.Title level={1} className="page-title">
        {t('nav.data')}
      </Typography.Title>
      <Tabs
        activeKey={active}
        // Other tabs unmount: the branch list's sort and the audit filters are per visit.
        destroyOnHidden
        onChange={(key) => setSearchParams({ tab: key === 'branches' ? null : key, sort: null })}
        items={tabs.map((key) => ({
          key,
          label: <span data-tab={key}>{labels[key]}</span>,
          children: content[key](),
        }))}
      />
    </section>
  );
}
