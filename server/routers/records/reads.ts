/**
 * records.* reads: the rows behind the dashboard's numbers (drill-through of the branch detail page).
 * Activities and achievements carry member names and personal records: admin and leader read every
 * branch, a secretary only its own (checked here with a clear 403, and again in SQL by the query
 * functions' row scoping). Only `branch` (name, category, parent) is open to every signed-in role.
 */
import { AppError } from '../../../shared/app-error';
import type { TMetricsScope } from '../../../shared/schemas/metrics';
import {
  ZAchievementRecordsInputSchema,
  ZActivityRecordsInputSchema,
  ZBranchByCodeInputSchema,
  ZBranchRangeInputSchema,
} from '../../../shared/schemas/records';
import { canEditBranch, canReadMemberData, type TPolicyUser } from '../../auth/roles';
import type { DBOrTrx } from '../../db/database';
import {
  findBranchByCode,
  listAchievementRecords,
  listActivityRecords,
  queryActivityProfile,
  type TBranchCard,
  type TRecordsRange,
} from '../../db/queries/records';
import { listBranchSlots } from '../../metrics/branch-slots';
import { periodReadProcedure, sharedReadProcedure } from '../../trpc';

const MESSAGES = {
  forbiddenBranch: {
    zh: '只能查看本支部的记录。',
    en: "You may only read your own branch's records.",
  },
  notFound: { zh: '支部不存在：{code}', en: 'No such branch: {code}' },
} as const;

export function assertCanReadRecords(user: TPolicyUser, branchId: number): void {
  if (!canReadMemberData(user, branchId)) throw new AppError('FORBIDDEN', MESSAGES.forbiddenBranch);
}

/** A branch by its code, or NOT_FOUND saying which code. */
export async function branchByCode(db: DBOrTrx, code: string): Promise<TBranchCard> {
  const branch = await findBranchByCode(db, code);
  if (branch) return branch;
  const { zh, en } = MESSAGES.notFound;
  throw new AppError('NOT_FOUND', { zh: zh.replace('{code}', code), en: en.replace('{code}', code) });
}

/** The branch's records over the call's counted range (metrics.md), read as the caller may. */
function rangeOf(
  ctx: { user: TPolicyUser; scope: TMetricsScope },
  input: { branchId: number },
): TRecordsRange {
  return { branchId: input.branchId, start: ctx.scope.start, asOf: ctx.scope.asOf, viewer: ctx.user };
}

export const recordReads = {
  /** A branch by its code, with whether the caller may read and change its records. */
  branch: sharedReadProcedure.input(ZBranchByCodeInputSchema).query(async ({ ctx, input }) => {
    const branch = await branchByCode(ctx.db, input.code);
    return {
      ...branch,
      canReadRecords: canReadMemberData(ctx.user, branch.id),
      canEditRecords: canEditBranch(ctx.user, branch.id),
    };
  }),

  /** Every slot of the period with met / missed / pending / outside and the sessions that met it. */
  slots: periodReadProcedure.input(ZBranchRangeInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx.user, input.branchId);
    return listBranchSlots(ctx.db, { branchId: input.branchId, scope: ctx.scope });
  }),

  /** Activities of the range, optionally of one requirement or only some ids, with sharers' names. */
  activities: periodReadProcedure.input(ZActivityRecordsInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx.user, input.branchId);
    return listActivityRecords(ctx.db, rangeOf(ctx, input), { type: input.type, ids: input.ids });
  }),

  /** Achievements of the range, optionally of one kind. */
  achievements: periodReadProcedure.input(ZAchievementRecordsInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx.user, input.branchId);
    return listAchievementRecords(ctx.db, rangeOf(ctx, input), { kind: input.kind });
  }),

  /** Sessions per day (calendar heatmap) and format / module counts of the range. */
  profile: periodReadProcedure.input(ZBranchRangeInputSchema).query(({ ctx, input }) => {
    assertCanReadRecords(ctx.user, input.branchId);
    return queryActivityProfile(ctx.db, rangeOf(ctx, input));
  }),
};
