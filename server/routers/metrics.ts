/**
 * metrics.*: thin procedures over server/metrics/api.ts, for every signed-in role (they are aggregates,
 * no member records). The college overview is `overview.summary`, goal and weight changes `goals.*`.
 */
import { todayIso } from '../../shared/schemas/date';
import { ZBranchDetailInputSchema, ZBranchMetricsInputSchema } from '../../shared/schemas/metrics';
import { forbidden } from '../access-errors';
import { canSeeBranchMetrics, visibleComparison } from '../auth/metrics-visibility';
import { firstRecordDay } from '../db/queries/record-years';
import { getBranchDetail, getBranchMetrics, getBranchStanding } from '../metrics/api';
import { periodReadProcedure, router, sharedReadProcedure } from '../trpc';

export const metricsRouter = router({
  branches: periodReadProcedure.input(ZBranchMetricsInputSchema).query(async ({ ctx, input }) =>
    visibleComparison(
      ctx.user,
      await getBranchMetrics(ctx.db, {
        scope: ctx.scope,
        category: input.category,
        parentId: input.parentId,
      }),
    ),
  ),
  branch: periodReadProcedure.input(ZBranchDetailInputSchema).query(({ ctx, input }) => {
    // One branch in depth is its full metrics: a secretary gets only its own (others: index and rank in lists).
    if (!canSeeBranchMetrics(ctx.user, input.branchId)) throw forbidden();
    return getBranchDetail(ctx.db, { branchId: input.branchId, scope: ctx.scope });
  }),
  /**
   * A branch's index and ranks, which every role may see of every branch (as the comparison shows
   * them): the page of a branch whose figures the viewer may not read.
   */
  standing: periodReadProcedure
    .input(ZBranchDetailInputSchema)
    .query(({ ctx, input }) => getBranchStanding(ctx.db, { branchId: input.branchId, scope: ctx.scope })),
  /**
   * The years a period may be picked in (the period picker): from the first year with a session or an
   * achievement to this year, the college's; no future year. Without records, this year only.
   * `firstDay` (null without records) lets every page say that a period before it has no records
   * (shared/period-coverage.ts) rather than show zeros.
   */
  years: sharedReadProcedure.query(
    async ({ ctx }): Promise<{ first: number; last: number; firstDay: string | null }> => {
      const last = Number(todayIso().slice(0, 4));
      const firstDay = await firstRecordDay(ctx.db);
      return { first: firstDay ? Math.min(Number(firstDay.slice(0, 4)), last) : last, last, firstDay };
    },
  ),
});
