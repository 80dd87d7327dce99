/**
 * goals.*: the yearly goals and the composite index weights. Goals and weights are targets, not member
 * records, so every signed-in role may read them; changing them belongs to the organization department
 * (admin) and is audited (server/audit/goal-writes.ts).
 */
import { z } from 'zod';
import {
  ZCopyGoalYearInputSchema,
  ZGoalListInputSchema,
  ZGoalYearSchema,
  ZPreviewWeightsInputSchema,
  ZSetGoalInputSchema,
  ZSetWeightsInputSchema,
} from '../../shared/schemas/goals';
import { copyGoalYear, setGoal, setWeights } from '../audit/goal-writes';
import { listGoals, listWeights } from '../db/queries/goals';
import { goalActuals, previewWeights } from '../metrics/goal-views';
import { adminProcedure, router, sharedReadProcedure } from '../trpc';

export const goalsRouter = router({
  list: sharedReadProcedure
    .input(ZGoalListInputSchema)
    .query(({ ctx, input }) => listGoals(ctx.db, input.year)),
  /** The weights the index of a goal year uses, and where they come from (own, an earlier year's, defaults). */
  weights: sharedReadProcedure
    .input(ZGoalListInputSchema)
    .query(({ ctx, input }) => listWeights(ctx.db, input.year)),
  /** Last year's actual values beside a year's goals (the college, categories, the goals' branches). */
  actuals: sharedReadProcedure
    .input(
      z.object({ year: ZGoalYearSchema, branchCodes: z.array(z.string().max(64)).max(5000).default([]) }),
    )
    .query(({ ctx, input }) => goalActuals(ctx.db, input)),
  /** Sets one yearly goal, or with `target: null` removes it. */
  set: adminProcedure
    .input(ZSetGoalInputSchema)
    .mutation(({ ctx, input }) => setGoal(ctx.db, input, ctx.actor)),
  /** Sets some index weights (the others keep theirs). */
  setWeights: adminProcedure
    .input(ZSetWeightsInputSchema)
    .mutation(({ ctx, input }) => setWeights(ctx.db, input, ctx.actor)),
  /** How a set of weights would re-order the goal year's ranking, before it is saved. */
  previewWeights: adminProcedure
    .input(ZPreviewWeightsInputSchema)
    .query(({ ctx, input }) => previewWeights(ctx.db, input)),
  /** Copies a year's goals and weights into another year (what it has is kept). */
  copyYear: adminProcedure
    .input(ZCopyGoalYearInputSchema)
    .mutation(({ ctx, input }) => copyGoalYear(ctx.db, input, ctx.actor)),
});
