/** The four queries behind the overview and the big screen, for one period (shared so both show the same numbers). */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../lib/trpc';

export const RANKING_LIMIT = 5;

export function useOverviewData(
  { period, asOf }: { period: string; asOf?: string },
  { refetchInterval }: { refetchInterval?: number } = {},
) {
  const input = { period, asOf };
  const options = { refetchInterval, refetchIntervalInBackground: refetchInterval !== undefined };
  const kpis = useQuery(trpc.overview.kpis.queryOptions(input, options));
  const trend = useQuery(trpc.overview.trend.queryOptions(input, options));
  const overview = useQuery(trpc.overview.summary.queryOptions({ ...input, limit: RANKING_LIMIT }, options));
  const dueSoon = useQuery(trpc.overview.dueSoon.queryOptions({ limit: 30 }, options));
  return { kpis, trend, overview, dueSoon };
}
