/**
 * overview.*: what the leadership overview (总览) and the big screen need beyond `metrics.overview`
 * (which gives the college roll-up, top/bottom branches and last month's alerts): KPI goals and
 * year-over-year change, the branch distribution, the monthly trend, and the "due soon" list.
 */
import { TRPCError } from '@trpc/server';
import { todayIso } from '../../shared/schemas/date';
import { ZDueSoonInputSchema, ZOverviewPeriodInputSchema } from '../../shared/schemas/overview';
import { PeriodInputError } from '../../shared/schemas/period';
import { readableBranchIds } from '../auth/roles';
import type { TLang } from '../context';
import { getDueSoon } from '../metrics/overview/due-soon';
import { getOverviewKpis } from '../metrics/overview/kpis';
import { getOverviewTrend } from '../metrics/overview/trend';
import { router, sharedReadProcedure } from '../trpc';

async function periodErrors<T>(lang: TLang, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PeriodInputError) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: lang === 'en' ? error.en : error.zh,
        cause: error,
      });
    }
    throw error;
  }
}

export const overviewRouter = router({
  /** College aggregates: every signed-in role. */
  kpis: sharedReadProcedure
    .input(ZOverviewPeriodInputSchema)
    .query(({ ctx, input }) => periodErrors(ctx.lang, () => getOverviewKpis(ctx.db, input))),
  trend: sharedReadProcedure
    .input(ZOverviewPeriodInputSchema)
    .query(({ ctx, input }) => periodErrors(ctx.lang, () => getOverviewTrend(ctx.db, input))),
  /** Which sessions a branch still owes is branch-level detail: a secretary sees only their own branch. */
  dueSoon: sharedReadProcedure.input(ZDueSoonInputSchema).query(({ ctx, input }) => {
    const readable = readableBranchIds(ctx.user);
    return getDueSoon(ctx.db, {
      today: input?.today ?? todayIso(),
      limit: input?.limit,
      branchIds: readable === 'all' ? undefined : readable,
    });
  }),
});
