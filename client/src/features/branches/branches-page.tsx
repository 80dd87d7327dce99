import { Typography } from 'antd';
import { useI18n } from '../../lib/i18n-provider';
import { BranchTable } from './branch-table';

/** 数据管理 → 支部名册: every branch with its member and activity counts. */
export function BranchesPage() {
  const { t } = useI18n();
  return (
    <section>
      <Typography.Title level={2} className="section-title">
        {t('branches.title')}
      </Typography.Title>
      <BranchTable />
    </section>
  );
}
