/**
 * overview.*: what the leadership overview (总览) and the big screen show: the college roll-up,
 * top/bottom branches and last month's alerts (`summary`), KPI goals and year-over-year change, the
 * branch distribution, the monthly trend, and the "due soon" list.
 */
import { todayIso } from '../../shared/schemas/date';
import { ZDueSoonInputSchema, ZOverviewInputSchema } from '../../shared/schemas/overview';
import { visibleOverview } from '../auth/metrics-visibility';
import { readableBranchIds } from '../auth/roles';
import { getOverview } from '../metrics/api';
import { getDueSoon } from '../metrics/overview/due-soon';
import { getOverviewKpis } from '../metrics/overview/kpis';
import { getOverviewTrend } from '../metrics/overview/trend';
import { periodReadProcedure, router, sharedReadProcedure } from '../trpc';

export const overviewRouter = router({
  /**
   * The college and category roll-ups, top/bottom branches and last month's unmet slots: every
   * signed-in role, other branches reduced and alerts only of the own branch for a secretary.
   */
  summary: periodReadProcedure
    .input(ZOverviewInputSchema)
    .query(async ({ ctx, input }) =>
      visibleOverview(ctx.user, await getOverview(ctx.db, { limit: input.limit, scope: ctx.scope })),
    ),
  /** College aggregates: every signed-in role. */
  kpis: periodReadProcedure.query(({ ctx }) => getOverviewKpis(ctx.db, { scope: ctx.scope })),
  trend: periodReadProcedure.query(({ ctx }) => getOverviewTrend(ctx.db, { scope: ctx.scope })),
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
