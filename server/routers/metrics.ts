/**
 * metrics.*: thin procedures over server/metrics/api.ts. Reads are for every signed-in role (they are
 * aggregates, no member records); goals and weights belong to the organization department (admin).
 */
import { TRPCError } from '@trpc/server';
import {
  ZBranchDetailInputSchema,
  ZBranchMetricsInputSchema,
  ZOverviewInputSchema,
  ZSetGoalInputSchema,
  ZSetWeightsInputSchema,
} from '../../shared/schemas/metrics';
import { PeriodInputError } from '../../shared/schemas/period';
import { forbidden } from '../access-errors';
import { setGoalAudited, setWeightsAudited } from '../audit/metrics-writes';
import { canSeeBranchMetrics, visibleComparison, visibleOverview } from '../auth/metrics-visibility';
import type { TLang } from '../context';
import {
  GoalInputError,
  getBranchDetail,
  getBranchMetrics,
  getOverview,
  MetricsNotFoundError,
} from '../metrics/api';
import { adminProcedure, router, sharedReadProcedure } from '../trpc';

/** Expected failures as specific tRPC errors in the caller's language. */
async function mapErrors<T>(lang: TLang, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PeriodInputError || error instanceof GoalInputError) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: lang === 'en' ? error.en : error.zh,
        cause: error,
      });
    }
    if (error instanceof MetricsNotFoundError) {
      throw new TRPCError({ code: 'NOT_FOUND', message: lang === 'en' ? error.en : error.zh, cause: error });
    }
    throw error;
  }
}

export const metricsRouter = router({
  branches: sharedReadProcedure
    .input(ZBranchMetricsInputSchema)
    .query(async ({ ctx, input }) =>
      visibleComparison(ctx.user, await mapErrors(ctx.lang, () => getBranchMetrics(ctx.db, input))),
    ),
  branch: sharedReadProcedure.input(ZBranchDetailInputSchema).query(({ ctx, input }) => {
    // One branch in depth is its full metrics: a secretary gets only its own (others: index and rank in lists).
    if (!canSeeBranchMetrics(ctx.user, input.branchId)) throw forbidden(ctx.lang);
    return mapErrors(ctx.lang, () => getBranchDetail(ctx.db, input));
  }),
  overview: sharedReadProcedure
    .input(ZOverviewInputSchema)
    .query(async ({ ctx, input }) =>
      visibleOverview(ctx.user, await mapErrors(ctx.lang, () => getOverview(ctx.db, input))),
    ),
  setGoal: adminProcedure
    .input(ZSetGoalInputSchema)
    .mutation(({ ctx, input }) => mapErrors(ctx.lang, () => setGoalAudited(ctx.db, input, ctx.actor))),
  setWeights: adminProcedure
    .input(ZSetWeightsInputSchema)
    .mutation(({ ctx, input }) => mapErrors(ctx.lang, () => setWeightsAudited(ctx.db, input, ctx.actor))),
});
