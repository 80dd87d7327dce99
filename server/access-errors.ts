/** The errors of the access layer, in the caller's language (401 = sign in, 403 = not allowed). */
import { TRPCError } from '@trpc/server';
import { canEditBranch, type TPolicyUser } from './auth/roles';
import { type TUserErrorCode, UserInputError } from './auth/users';
import type { TLang } from './context';

const MESSAGES = {
  unauthorized: { zh: '请先登录。', en: 'Please sign in.' },
  forbidden: { zh: '没有权限执行此操作。', en: 'You are not allowed to do this.' },
  forbiddenBranch: {
    zh: '只能查看或修改本支部的数据。',
    en: "You may only read or change your own branch's data.",
  },
} as const;

export function unauthorized(lang: TLang): TRPCError {
  return new TRPCError({ code: 'UNAUTHORIZED', message: MESSAGES.unauthorized[lang] });
}

export function forbidden(lang: TLang): TRPCError {
  return new TRPCError({ code: 'FORBIDDEN', message: MESSAGES.forbidden[lang] });
}

/** The row check of `branchEditorProcedure`: a secretary may change only its own branch. */
export function assertCanEditBranch(ctx: { user: TPolicyUser; lang: TLang }, branchId: number): void {
  if (!canEditBranch(ctx.user, branchId)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: MESSAGES.forbiddenBranch[ctx.lang] });
  }
}

const USER_ERROR_CODES: Partial<Record<TUserErrorCode, TRPCError['code']>> = {
  user_not_found: 'NOT_FOUND',
  duplicate_username: 'CONFLICT',
  last_admin: 'CONFLICT',
};

/** Runs an account function; its expected failures become 400/404/409 with the message in the caller's language. */
export async function withUserErrors<T>(lang: TLang, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    throw new TRPCError({
      code: USER_ERROR_CODES[error.code] ?? 'BAD_REQUEST',
      message: lang === 'en' ? error.messageEn : error.message,
    });
  }
}
