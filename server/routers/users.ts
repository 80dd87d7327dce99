/**
 * Account administration for the organization department; every rule and audit row is server/auth/users
 * (the CLI's `user` command calls the same functions). Without a password, `create` and `resetPassword`
 * generate one and answer it once — it is stored only as a hash.
 */
import { z } from 'zod';
import { ZUserRoleSchema } from '../../shared/schemas/roles';
import { generatePassword } from '../auth/password';
import {
  addUser,
  listUsers,
  MAX_PASSWORD_LENGTH,
  resetPassword,
  setUserDisabled,
  updateUser,
} from '../auth/users';
import { adminProcedure, router } from '../trpc';

const ZUsernameSchema = z.string().trim().min(1).max(64);
const ZPasswordSchema = z.string().min(1).max(MAX_PASSWORD_LENGTH);
const ZDisplayNameSchema = z.string().max(100);
const ZUserBranchSchema = z.number().int().positive().nullable().optional();

export const ZUserCreateInputSchema = z.object({
  username: ZUsernameSchema,
  displayName: ZDisplayNameSchema,
  role: ZUserRoleSchema,
  branchId: ZUserBranchSchema,
  password: ZPasswordSchema.optional(),
});

export const ZUserUpdateInputSchema = z.object({
  username: ZUsernameSchema,
  displayName: ZDisplayNameSchema,
  role: ZUserRoleSchema,
  branchId: ZUserBranchSchema,
});

export const ZUserResetPasswordInputSchema = z.object({
  username: ZUsernameSchema,
  newPassword: ZPasswordSchema.optional(),
});
export const ZUserSetDisabledInputSchema = z.object({ username: ZUsernameSchema, disabled: z.boolean() });

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),

  /** `generatedPassword`: the password made for the account when none was given (shown once). */
  create: adminProcedure.input(ZUserCreateInputSchema).mutation(async ({ ctx, input }) => {
    const generated = input.password === undefined ? generatePassword() : null;
    const user = await addUser(ctx.db, {
      ...input,
      password: input.password ?? generated ?? '',
      actor: ctx.actor,
    });
    return { ...user, generatedPassword: generated };
  }),

  /** Name, role and branch; ends the user's sessions when the role or branch changes. */
  update: adminProcedure
    .input(ZUserUpdateInputSchema)
    .mutation(({ ctx, input }) => updateUser(ctx.db, { ...input, actor: ctx.actor })),

  /** Ends every session of that user. */
  resetPassword: adminProcedure.input(ZUserResetPasswordInputSchema).mutation(async ({ ctx, input }) => {
    const generated = input.newPassword === undefined ? generatePassword() : null;
    await resetPassword(ctx.db, {
      username: input.username,
      newPassword: input.newPassword ?? generated ?? '',
      actor: ctx.actor,
    });
    return { ok: true as const, generatedPassword: generated };
  }),

  setDisabled: adminProcedure.input(ZUserSetDisabledInputSchema).mutation(async ({ ctx, input }) => {
    await setUserDisabled(ctx.db, { ...input, actor: ctx.actor });
    return { ok: true as const };
  }),
});
