/** Sign-in, sign-out, the current user and their password (the only procedures open to anonymous callers are here). */
import { z } from 'zod';
import { AppError } from '../../shared/app-error';
import { collegeTimeZone } from '../../shared/schemas/date';
import { changeOwnPassword } from '../auth/change-own-password';
import { destroySession } from '../auth/sessions';
import type { TAuthUser } from '../auth/types';
import { login, MAX_PASSWORD_LENGTH } from '../auth/users';
import { authedProcedure, publicProcedure, router } from '../trpc';

export const ZLoginInputSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type TLoginInput = z.infer<typeof ZLoginInputSchema>;

export const ZChangePasswordInputSchema = z.object({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** What the login page may show before anyone signs in. */
export interface TLoginOptions {
  isDemo: boolean;
  /** Demo mode only: the demo accounts with their (public, documented) passwords. */
  demoAccounts: {
    username: string;
    password: string;
    role: TAuthUser['role'];
    displayName: string;
    branchName: string | null;
  }[];
}

export const authRouter = router({
  loginOptions: publicProcedure.query(({ ctx }): TLoginOptions => {
    const { isDemo, demoAccounts } = ctx.settings;
    return {
      isDemo,
      demoAccounts: isDemo
        ? demoAccounts.map(({ username, password, role, displayName, branchName }) => ({
            username,
            password,
            role,
            displayName,
            branchName,
          }))
        : [],
    };
  }),

  login: publicProcedure.input(ZLoginInputSchema).mutation(async ({ ctx, input }): Promise<TAuthUser> => {
    const result = await login(ctx.db, {
      ...input,
      address: ctx.session.address,
      idleMinutes: ctx.settings.auth.sessionIdleMinutes,
    });
    if (!result.ok) {
      throw new AppError(
        result.reason === 'throttled' ? 'TOO_MANY_REQUESTS' : 'UNAUTHORIZED',
        result.message,
      );
    }
    // A sign-in over an existing session replaces it rather than leaving it behind.
    if (ctx.session.token) await destroySession(ctx.db, ctx.session.token);
    ctx.session.setSessionCookie(result.token);
    return result.user;
  }),

  /** Public so that a stale or expired cookie can always be cleared. */
  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.session.token) await destroySession(ctx.db, ctx.session.token);
    ctx.session.clearSessionCookie();
    return { ok: true as const };
  }),

  /** The signed-in user, and the college's time zone (the client's "today" is the college's). */
  me: authedProcedure.query(({ ctx }): TAuthUser & { timeZone: string } => ({
    ...ctx.user,
    timeZone: collegeTimeZone(),
  })),

  changePassword: authedProcedure.input(ZChangePasswordInputSchema).mutation(async ({ ctx, input }) => {
    const result = await changeOwnPassword(ctx.db, {
      userId: ctx.user.id,
      username: ctx.user.username,
      address: ctx.session.address,
      ...input,
      keepToken: ctx.session.token,
      actor: ctx.actor,
    });
    if (!result.ok) throw new AppError('TOO_MANY_REQUESTS', result.message);
    return { ok: true as const };
  }),
});
