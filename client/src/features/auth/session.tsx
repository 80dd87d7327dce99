/** The signed-in user for the whole client, and the gate that shows the login page without one. */
import { useQuery } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { Button, Result, Spin } from 'antd';
import { createContext, lazy, type ReactNode, Suspense, useContext } from 'react';
import { setCollegeTimeZone } from '../../../../shared/schemas/date';
import type { TAuthUser } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n-provider';
import { trpc } from '../../lib/trpc';

/** Signed-in visits (most of them) never need the login form: it is its own chunk. */
const LoginPage = lazy(() => import('./login-page').then((m) => ({ default: m.LoginPage })));

const SessionContext = createContext<TAuthUser | null>(null);

/** The signed-in user; only inside SessionGate, where there always is one. */
export function useSession(): TAuthUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSession outside SessionGate');
  return user;
}

export function isUnauthorized(error: unknown): boolean {
  return (
    error instanceof TRPCClientError &&
    (error.data as { httpStatus?: number } | undefined)?.httpStatus === 401
  );
}

export function SessionGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const me = useQuery(
    trpc.auth.me.queryOptions(undefined, { retry: false, staleTime: Number.POSITIVE_INFINITY }),
  );
  if (me.isPending) {
    return (
      <div className="auth-center">
        <Spin size="large" />
      </div>
    );
  }
  if (me.isError) {
    if (isUnauthorized(me.error)) {
      return (
        <Suspense
          fallback={
            <div className="auth-center">
              <Spin size="large" />
            </div>
          }
        >
          <LoginPage />
        </Suspense>
      );
    }
    return (
      <Result
        status="error"
        title={t('state.error')}
        extra={<Button onClick={() => me.refetch()}>{t('state.retry')}</Button>}
      />
    );
  }
  // "Today" on every page is the college's calendar day, in the server's setting of its time zone.
  setCollegeTimeZone(me.data.timeZone);
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}
