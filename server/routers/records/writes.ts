/**
 * records.* writes: add, change and remove activities, achievements and members. Admin writes any
 * branch, a secretary only its own — by any id: a row of another branch, or a row moved into another
 * branch, is refused 403 (server/records/branch-access.ts). Each input is the record's one schema
 * (shared/schemas/record-inputs.ts); each write is one transaction with its audit row. Warnings (a
 * second session of a type on one day) come back in the caller's language.
 */
import type { TLang } from '../../../shared/lang';
import {
  ZAchievementInputSchema,
  ZAchievementUpdateSchema,
  ZActivityInputSchema,
  ZActivityUpdateSchema,
  ZMemberInputSchema,
  ZMemberUpdateSchema,
  ZRecordRemoveSchema,
} from '../../../shared/schemas/record-inputs';
import { changeAchievement, createAchievement, removeAchievement } from '../../records/achievement-writes';
import {
  changeActivity,
  createActivity,
  removeActivity,
  type TRecordWriteResult,
} from '../../records/activity-writes';
import { changeMember, createMember, removeMember } from '../../records/member-writes';
import { branchEditorProcedure } from '../../trpc';

async function answerIn(
  lang: TLang,
  write: Promise<TRecordWriteResult>,
): Promise<{ id: number; warnings: string[] }> {
  const { id, warnings } = await write;
  return { id, warnings: warnings.map((w) => w[lang]) };
}

export const recordWrites = {
  createActivity: branchEditorProcedure
    .input(ZActivityInputSchema)
    .mutation(({ ctx, input }) => answerIn(ctx.lang, createActivity(ctx.db, input, ctx))),
  updateActivity: branchEditorProcedure
    .input(ZActivityUpdateSchema)
    .mutation(({ ctx, input }) => answerIn(ctx.lang, changeActivity(ctx.db, input, ctx))),
  removeActivity: branchEditorProcedure
    .input(ZRecordRemoveSchema)
    .mutation(({ ctx, input }) => removeActivity(ctx.db, input.id, ctx)),

  createAchievement: branchEditorProcedure
    .input(ZAchievementInputSchema)
    .mutation(({ ctx, input }) => answerIn(ctx.lang, createAchievement(ctx.db, input, ctx))),
  updateAchievement: branchEditorProcedure
    .input(ZAchievementUpdateSchema)
    .mutation(({ ctx, input }) => answerIn(ctx.lang, changeAchievement(ctx.db, input, ctx))),
  removeAchievement: branchEditorProcedure
    .input(ZRecordRemoveSchema)
    .mutation(({ ctx, input }) => removeAchievement(ctx.db, input.id, ctx)),

  createMember: branchEditorProcedure
    .input(ZMemberInputSchema)
    .mutation(({ ctx, input }) => answerIn(ctx.lang, createMember(ctx.db, input, ctx))),
  updateMember: branchEditorProcedure
    .input(ZMemberUpdateSchema)
    .mutation(({ ctx, input }) => answerIn(ctx.lang, changeMember(ctx.db, input, ctx))),
  removeMember: branchEditorProcedure
    .input(ZRecordRemoveSchema)
    .mutation(({ ctx, input }) => removeMember(ctx.db, input.id, ctx)),
};
