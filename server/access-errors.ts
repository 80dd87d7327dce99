/** The errors of the access layer (401 = sign in, 403 = not allowed), answered in the caller's language. */
import { AppError } from '../shared/app-error';

const MESSAGES = {
  unauthorized: { zh: '请先登录。', en: 'Please sign in.' },
  forbidden: { zh: '没有权限执行此操作。', en: 'You are not allowed to do this.' },
  forbiddenBranchWrite: {
    zh: '只能修改本支部的记录。',
    en: "You may only change your own branch's records.",
  },
} as const;

export function unauthorized(): AppError {
  return new AppError('UNAUTHORIZED', MESSAGES.unauthorized);
}

export function forbidden(): AppError {
  return new AppError('FORBIDDEN', MESSAGES.forbidden);
}

/** A write to (or into) a branch the user may not change: another branch's row, by any id. */
export function forbiddenBranchWrite(): AppError {
  return new AppError('FORBIDDEN', MESSAGES.forbiddenBranchWrite);
}
