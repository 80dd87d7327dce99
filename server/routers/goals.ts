/**
 * goals.*: the yearly goals and the composite index weights. Goals and weights are targets, not member
 * records, so every signed-in role may read them; changing them belongs to the organization department
 * (admin) and is audited (server/audit/goal-writes.ts).
 */
import { TRPCError } from '@trpc/server';
import { ZGoalListInputSchema } from '../../shared/schemas/goals';
import { ZSetGoalInputSchema, ZSetWeightsInputSchema } from '../../shared/schemas/metrics';
import { GoalInputError, setGoal, setWeights } from '../audit/goal-writes';
import type { TLang } from '../context';
import { listGoals, listWeights } from '../db/queries/goals';
import { adminProcedure, router, sharedReadProcedure } from '../trpc';

/** A refused goal or weight change as a 400 in the caller's language. */
async function goalErrors<T>(lang: TLang, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GoalInputError) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: lang === 'en' ? error.en : error.zh,
        cause: error,
      });
    }
    throw error;
  }
}

export const goalsRouter = router({
  list: sharedReadProcedure
    .input(ZGoalListInputSchema)
    .query(({ ctx, input }) => listGoals(ctx.db, input.year)),
  weights: sharedReadProcedure.query(({ ctx }) => listWeights(ctx.db)),
  /** Sets one yearly goal, or with `target: null` removes it. */
  set: adminProcedure
    .input(ZSetGoalInputSchema)
    .mutation(({ ctx, input }) => goalErrors(ctx.lang, () => setGoal(ctx.db, input, ctx.actor))),
  /** Sets some index weights (the others keep theirs). */
  setWeights: adminProcedure
    .input(ZSetWeightsInputSchema)
    .mutation(({ ctx, input }) => goalErrors(ctx.lang, () => setWeights(ctx.db, input, ctx.actor))),
});
