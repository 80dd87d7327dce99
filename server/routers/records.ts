/**
 * records.*: the rows behind the dashboard's numbers (drill-through of the branch detail page).
 * Activities and achievements carry member names and personal records: admin and leader read every
 * branch, a secretary only its own (checked here with a clear 403, and again in SQL by the query
 * functions' row scoping). Only `branch` (name, category, parent) is open to every signed-in role.
 */
import { TRPCError } from '@trpc/server';
import { PeriodInputError } from '../../shared/schemas/period';
import {
  type TBranchRangeInput,
  ZAchievementRecordsInputSchema,
  ZActivityRecordsInputSchema,
  ZBranchByCodeInputSchema,
  ZBranchRangeInputSchema,
} from '../../shared/schemas/records';
import { canReadMemberData, type TPolicyUser } from '../auth/roles';
import type { TLang } from '../context';
import {
  findBranchByCode,
  listAchievementRecords,
  listActivityRecords,
  queryActivityProfile,
  type TRecordsRange,
} from '../db/queries/records';
import { BranchNotFoundError, listBranchSlots } from '../metrics/branch-slots';
import { resolveScope } from '../metrics/engine';
import { router, sharedReadProcedure } from '../trpc';

const MESSAGES = {
  forbiddenBranch: {
    zh: '只能查看本支部的记录。',
    en: "You may only read your own branch's records.",
  },
  notFound: { zh: '支部不存在：{code}', en: 'No such branch: {code}' },
} as const;

function assertCanReadRecords(ctx: { user: TPolicyUser; lang: TLang }, branchId: number): void {
  if (!canReadMemberData(ctx.user, branchId)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: MESSAGES.forbiddenBranch[ctx.lang] });
  }
}

/** The counted range of the input (metrics.md), as a 400 in the caller's language when invalid. */
function rangeOf(ctx: { user: TPolicyUser; lang: TLang }, input: TBranchRangeInput): TRecordsRange {
  try {
    const scope = resolveScope(input.period, input.asOf);
    return { branchId: input.branchId, start: scope.start, asOf: scope.asOf, viewer: ctx.user };
  } catch (error) {
    if (error instanceof PeriodInputError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: error[ctx.lang], cause: error });
    }
    throw error;
  }
}

export const recordsRouter = router({
  /** A branch by its code, with whether the caller may read its records. */
  branch: sharedReadProcedure.input(ZBranchByCodeInputSchema).query(async ({ ctx, input }) => {
    const branch = await findBranchByCode(ctx.db, input.code);
    if (!branch) {
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: MESSAGES.notFound[ctx.lang].replace('{code}', input.code),
      });
    }
    return { ...branch, canReadRecords: canReadMemberData(ctx.user, branch.id) };
  }),

  /** Every owed slot of the period with met / missed / pending and the sessions that met it. */
  slots: sharedReadProcedure.input(ZBranchRangeInputSchema).query(async ({ ctx, input }) => {
    assertCanReadRecords(ctx, input.branchId);
    rangeOf(ctx, input);
    try {
      return await listBranchSlots(ctx.db, input);
    } catch (error) {
      if (error instanceof BranchNotFoundError)
        throw new TRPCError({ code: 'NOT_FOUND', message: error.message });
      throw error;
    }
  }),

  /** Activities of the range, optionally of one requirement or only some ids, with sharers' names. */
  activities: sharedReadProcedure.input(ZActivityRecordsInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx, input.branchId);
    return listActivityRecords(ctx.db, rangeOf(ctx, input), { type: input.type, ids: input.ids });
  }),

  /** Achievements of the range, optionally of one kind. */
  achievements: sharedReadProcedure.input(ZAchievementRecordsInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx, input.branchId);
    return listAchievementRecords(ctx.db, rangeOf(ctx, input), { kind: input.kind });
  }),

  /** Sessions per day (calendar heatmap) and format / module counts of the range. */
  profile: sharedReadProcedure.input(ZBranchRangeInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx, input.branchId);
    return queryActivityProfile(ctx.db, rangeOf(ctx, input));
  }),
});
