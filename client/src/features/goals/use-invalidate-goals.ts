import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { trpc } from '../../lib/trpc';

/**
 * After a goal or weight change: the goals page, and every metric query (attainment and the index
 * change on the compare, overview, branch and big-screen pages).
 */
export function useInvalidateGoals(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.goals.pathFilter()),
      queryClient.invalidateQueries(trpc.metrics.pathFilter()),
      queryClient.invalidateQueries(trpc.overview.pathFilter()),
    ]);
  }, [queryClient]);
}
