import { Button, Result } from 'antd';
import { useI18n } from '../../lib/i18n-provider';
import { navigate } from '../../lib/router';

/** Stands in for a page of a later release, so the navigation is already the product's. */
export function ComingSoonPage({ title, note }: { title: string; note?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="info"
      title={title}
      subTitle={note ?? t('soon.title')}
      data-testid="coming-soon"
      extra={
        <Button type="primary" onClick={() => navigate('/data')}>
          {t('soon.toBranches')}
        </Button>
      }
    />
  );
}
