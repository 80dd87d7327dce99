/**
 * members.* — the 党员名册: `roster` (the memberships active in a period with their share counts; admin
 * and leader the whole college or one branch, a secretary her own) and `transfer` (转出 → 转入 as one
 * write, server/records/member-transfer.ts). Adding, changing and removing one membership are the
 * record forms' `records.createMember` / `updateMember` / `removeMember`.
 */
import { todayIso } from '../../shared/schemas/date';
import { resolveCountedRange } from '../../shared/schemas/period';
import { ZMemberTransferSchema, ZRosterInputSchema } from '../../shared/schemas/record-inputs';
import { listRoster } from '../db/queries/roster';
import { transferMember } from '../records/member-transfer';
import { authedProcedure, branchEditorProcedure, router } from '../trpc';
import { assertCanReadRecords } from './records/reads';

export const membersRouter = router({
  roster: authedProcedure.input(ZRosterInputSchema).query(({ ctx, input }) => {
    if (input.branchId !== undefined) assertCanReadRecords(ctx.user, input.branchId);
    const range = resolveCountedRange(input.period, input.asOf, todayIso());
    return listRoster(ctx.db, {
      start: range.start,
      asOf: range.asOf,
      branchId: input.branchId,
      viewer: ctx.user,
    });
  }),

  transfer: branchEditorProcedure
    .input(ZMemberTransferSchema)
    .mutation(({ ctx, input }) => transferMember(ctx.db, input, ctx)),
});
