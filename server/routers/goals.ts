/**
 * goals.*: what the goals page reads. Goals and weights are targets, not member records, so every
 * signed-in role may read them; changing them is `metrics.setGoal` / `metrics.setWeights` (admin, audited).
 */
import { ZGoalListInputSchema } from '../../shared/schemas/goals';
import { listGoals, listWeights } from '../db/queries/goals';
import { router, sharedReadProcedure } from '../trpc';

export const goalsRouter = router({
  list: sharedReadProcedure
    .input(ZGoalListInputSchema)
    .query(({ ctx, input }) => listGoals(ctx.db, input.year)),
  weights: sharedReadProcedure.query(({ ctx }) => listWeights(ctx.db)),
});
