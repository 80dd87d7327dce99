import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../../server/routers/_app';
import { getCurrentLang } from './i18n-provider';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Dashboard data changes with imports, not by the second.
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: 1,
    },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: '/trpc',
      headers: () => ({ 'x-lang': getCurrentLang() }),
    }),
  ],
});

/** Query options for every procedure: `useQuery(trpc.branches.list.queryOptions())`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
