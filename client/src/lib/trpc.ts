import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../../server/routers/_app';
import { getCurrentLang } from './i18n-provider';

/**
 * A 401 from any call but sign-in means the session ended (expired, logged out elsewhere): ask auth.me
 * again, which answers 401 too and brings back the login page (features/auth/session.tsx).
 */
function onUnauthorized(error: unknown): void {
  if (!(error instanceof TRPCClientError)) return;
  if ((error.data as { httpStatus?: number } | undefined)?.httpStatus !== 401) return;
  const path = (error.data as { path?: string } | undefined)?.path;
  if (path === 'auth.me' || path === 'auth.login') return;
  void queryClient.invalidateQueries({ queryKey: [['auth', 'me']] });
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onUnauthorized }),
  mutationCache: new MutationCache({ onError: onUnauthorized }),
  defaultOptions: {
    queries: {
      // Dashboard data changes with imports, not by the second.
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retry once for network trouble, never for answers that will not change (401, 403, 4xx).
      retry: (failures, error) =>
        failures < 1 &&
        !(
          error instanceof TRPCClientError &&
          ((error.data as { httpStatus?: number } | undefined)?.httpStatus ?? 500) < 500
        ),
    },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    // Session calls go alone: the server answers them on its request thread at once, and batched with
    // a page's metrics they would wait for the slowest of those.
    splitLink({
      condition: (op) => op.path.startsWith('auth.'),
      true: httpLink({ url: '/trpc', headers: () => ({ 'x-lang': getCurrentLang() }) }),
      false: httpBatchLink({ url: '/trpc', headers: () => ({ 'x-lang': getCurrentLang() }) }),
    }),
  ],
});

/** Query options for every procedure: `useQuery(trpc.branches.list.queryOptions())`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
