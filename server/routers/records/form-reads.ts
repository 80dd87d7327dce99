/**
 * records.* reads of the record forms: a branch's member roll (sharers, the members section), guests
 * from other branches, the sessions of a type already recorded on a day (the duplicate warning) and the
 * branch's agenda (the secretary's home). Each is a read of the branch's member-level data: admin and
 * leader any branch, a secretary only its own.
 */
import { todayIso } from '../../../shared/schemas/date';
import {
  ZAgendaInputSchema,
  ZBranchInputSchema,
  ZFindMembersInputSchema,
  ZSameDayInputSchema,
} from '../../../shared/schemas/record-inputs';
import { readableBranchIds } from '../../auth/roles';
import { findGuestMembers, listBranchMembers } from '../../db/queries/members';
import { findActivitiesOnDay } from '../../db/queries/record-writes';
import { getBranchAgenda } from '../../records/agenda';
import { authedProcedure } from '../../trpc';
import { assertCanReadRecords } from './reads';

export const recordFormReads = {
  /** Every membership of the branch, current ones first. */
  members: authedProcedure.input(ZBranchInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx.user, input.branchId);
    return listBranchMembers(ctx.db, { branchId: input.branchId, viewer: ctx.user });
  }),

  /**
   * Members of other branches who may share at one of this branch's sessions as guests. Admin and
   * leader search every roll by part of a name or code; a secretary, who may not read other branches'
   * rolls, finds a guest only by the exact member code.
   */
  findMembers: authedProcedure.input(ZFindMembersInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx.user, input.branchId);
    return findGuestMembers(ctx.db, {
      branchId: input.branchId,
      search: input.search,
      isExactCode: readableBranchIds(ctx.user) !== 'all',
    });
  }),

  /** The branch's sessions of this type on this day (the form warns before a second one is saved). */
  sameDay: authedProcedure.input(ZSameDayInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx.user, input.branchId);
    return findActivitiesOnDay(ctx.db, input);
  }),

  /** What the branch owes this month, quarter and year, and what is overdue (server/records/agenda.ts). */
  agenda: authedProcedure.input(ZAgendaInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx.user, input.branchId);
    return getBranchAgenda(ctx.db, { branchId: input.branchId, today: input.today ?? todayIso() });
  }),
};
