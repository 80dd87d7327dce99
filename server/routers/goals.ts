/**
 * goals.*: the yearly goals and the composite index weights. Goals and weights are targets, not member
 * records, so every signed-in role may read them; changing them belongs to the organization department
 * (admin) and is audited (server/audit/goal-writes.ts).
 */
import {
  ZGoalListInputSchema,
  ZSetGoalInputSchema,
  ZSetWeightsInputSchema,
} from '../../shared/schemas/goals';
import { setGoal, setWeights } from '../audit/goal-writes';
import { listGoals, listWeights } from '../db/queries/goals';
import { adminProcedure, router, sharedReadProcedure } from '../trpc';

export const goalsRouter = router({
  list: sharedReadProcedure
    .input(ZGoalListInputSchema)
    .query(({ ctx, input }) => listGoals(ctx.db, input.year)),
  weights: sharedReadProcedure.query(({ ctx }) => listWeights(ctx.db)),
  /** Sets one yearly goal, or with `target: null` removes it. */
  set: adminProcedure
    .input(ZSetGoalInputSchema)
    .mutation(({ ctx, input }) => setGoal(ctx.db, input, ctx.actor)),
  /** Sets some index weights (the others keep theirs). */
  setWeights: adminProcedure
    .input(ZSetWeightsInputSchema)
    .mutation(({ ctx, input }) => setWeights(ctx.db, input, ctx.actor)),
});
