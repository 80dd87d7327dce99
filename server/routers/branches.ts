import { z } from 'zod';
import { todayIso, ZCalendarDaySchema } from '../../shared/schemas/date';
import { listBranches } from '../db/queries/branches';
import { router, sharedReadProcedure } from '../trpc';

export const ZBranchListInputSchema = z
  .object({
    /** The day the counts are taken on; today (server time) when absent. */
    today: ZCalendarDaySchema.optional(),
  })
  .optional();
export type TBranchListInput = z.infer<typeof ZBranchListInputSchema>;

export const branchesRouter = router({
  /** Every branch for admin and leader; a secretary's own branch only (row scoping in the query). */
  list: sharedReadProcedure
    .input(ZBranchListInputSchema)
    .query(({ ctx, input }) => listBranches(ctx.db, { today: input?.today ?? todayIso(), viewer: ctx.user })),
});
