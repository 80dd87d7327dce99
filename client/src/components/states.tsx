/** Loading, error and empty states shared by every page, so they look and read the same everywhere. */
import { Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n-provider';

export function LoadingState() {
  const { t } = useI18n();
  return (
    <div className="state" data-state="loading">
      <Spin />
      <span>{t('state.loading')}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  // Server messages are already in the user's language and never carry internals (server/errors.ts).
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <Result
      status="error"
      title={t('state.error')}
      subTitle={detail}
      data-state="error"
      extra={onRetry ? <Button onClick={onRetry}>{t('state.retry')}</Button> : null}
    />
  );
}

export function EmptyState({ description }: { description?: ReactNode }) {
  const { t } = useI18n();
  return <Empty data-state="empty" description={description ?? t('state.empty')} />;
}
