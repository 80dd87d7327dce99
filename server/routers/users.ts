/** Account administration for the organization department; every change is audited by server/auth/users. */
import { z } from 'zod';
import { ZUserRoleSchema } from '../../shared/schemas/roles';
import { addUser, listUsers, MAX_PASSWORD_LENGTH, resetPassword, setUserDisabled } from '../auth/users';
import { adminProcedure, router } from '../trpc';

const ZUsernameSchema = z.string().trim().min(1).max(64);
const ZPasswordSchema = z.string().min(1).max(MAX_PASSWORD_LENGTH);

export const ZUserCreateInputSchema = z.object({
  username: ZUsernameSchema,
  displayName: z.string().max(100),
  role: ZUserRoleSchema,
  branchId: z.number().int().positive().nullable().optional(),
  password: ZPasswordSchema,
});

export const ZUserResetPasswordInputSchema = z.object({
  username: ZUsernameSchema,
  newPassword: ZPasswordSchema,
});
export const ZUserSetDisabledInputSchema = z.object({ username: ZUsernameSchema, disabled: z.boolean() });

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),

  create: adminProcedure
    .input(ZUserCreateInputSchema)
    .mutation(({ ctx, input }) => addUser(ctx.db, { ...input, actor: ctx.actor })),

  /** Ends every session of that user. */
  resetPassword: adminProcedure.input(ZUserResetPasswordInputSchema).mutation(async ({ ctx, input }) => {
    await resetPassword(ctx.db, { ...input, actor: ctx.actor });
    return { ok: true as const };
  }),

  setDisabled: adminProcedure.input(ZUserSetDisabledInputSchema).mutation(async ({ ctx, input }) => {
    await setUserDisabled(ctx.db, { ...input, actor: ctx.actor });
    return { ok: true as const };
  }),
});
