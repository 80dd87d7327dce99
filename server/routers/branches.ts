import { z } from 'zod';
import { todayIso, ZIsoDateSchema } from '../../shared/schemas/date';
import { listBranches } from '../db/queries/branches';
import { publicProcedure, router } from '../trpc';

export const ZBranchListInputSchema = z
  .object({
    /** The day the counts are taken on; today (server time) when absent. */
    today: ZIsoDateSchema.optional(),
  })
  .optional();
export type TBranchListInput = z.infer<typeof ZBranchListInputSchema>;

export const branchesRouter = router({
  list: publicProcedure
    .input(ZBranchListInputSchema)
    .query(({ ctx, input }) => listBranches(ctx.db, { today: input?.today ?? todayIso() })),
});
