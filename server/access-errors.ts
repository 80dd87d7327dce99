/** The errors of the access layer (401 = sign in, 403 = not allowed), answered in the caller's language. */
import { AppError } from '../shared/app-error';

const MESSAGES = {
  unauthorized: { zh: '请先登录。', en: 'Please sign in.' },
  forbidden: { zh: '没有权限执行此操作。', en: 'You are not allowed to do this.' },
} as const;

export function unauthorized(): AppError {
  return new AppError('UNAUTHORIZED', MESSAGES.unauthorized);
}

export function forbidden(): AppError {
  return new AppError('FORBIDDEN', MESSAGES.forbidden);
}
