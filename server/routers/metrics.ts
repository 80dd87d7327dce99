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
import type { TLang } from '../context';
import {
  GoalInputError,
  getBranchDetail,
  getBranchMetrics,
  getOverview,
  MetricsNotFoundError,
  setGoal,
  setWeights,
} from '../metrics/api';
import { adminProcedure, authedProcedure, router } from '../trpc';

/** Expected failures as specific tRPC errors in the caller's language. */
async function mapErrors<T>(lang: TLang, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PeriodInputError || error instanceof GoalInputError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: lang === 'en' ? error.en : error.zh, cause: error });
    }
    if (error instanceof MetricsNotFoundError) {
      throw new TRPCError({ code: 'NOT_FOUND', message: error.message, cause: error });
    }
    throw error;
  }
}

export const metricsRouter = router({
  branches: authedProcedure
    .input(ZBranchMetricsInputSchema)
    .query(({ ctx, input }) => mapErrors(ctx.lang, () => getBranchMetrics(ctx.db, input))),
  branch: authedProcedure
    .input(ZBranchDetailInputSchema)
    .query(({ ctx, input }) => mapErrors(ctx.lang, () => getBranchDetail(ctx.db, input))),
  overview: authedProcedure
    .input(ZOverviewInputSchema)
    .query(({ ctx, input }) => mapErrors(ctx.lang, () => getOverview(ctx.db, input))),
  setGoal: adminProcedure
    .input(ZSetGoalInputSchema)
    .mutation(({ ctx, input }) => mapErrors(ctx.lang, () => setGoal(ctx.db, input))),
  setWeights: adminProcedure
    .input(ZSetWeightsInputSchema)
    .mutation(({ ctx, input }) => mapErrors(ctx.lang, () => setWeights(ctx.db, input))),
});
