import type { TRPCDefaultErrorShape, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError } from '../shared/app-error';
import type { Context } from './context';

const INTERNAL_MESSAGE = {
  zh: '服务器内部错误，请稍后重试',
  en: 'Internal server error, please try again later',
};
const INVALID_INPUT_MESSAGE = { zh: '输入有误', en: 'Invalid input' };

/**
 * A zod issue's message in the caller's language: refinements made with `bilingualIssue`
 * (shared/schemas/date.ts) carry both languages in `params`; other issues keep zod's message.
 */
function messageIn(lang: Context['lang'], issue: ZodError['issues'][number]): string {
  const params = issue.code === 'custom' ? issue.params : undefined;
  const text = params?.[lang];
  return typeof text === 'string' ? text : issue.message;
}

/**
 * One readable line for invalid input: each problem with the field it is about, except messages that
 * say it themselves (`bilingualIssue(…, { isStandalone: true })`: periods and dates), which a user
 * reads without the API's field names.
 */
function readableIssues(lang: Context['lang'], cause: ZodError): string {
  const parts = cause.issues.map((issue) => {
    const message = messageIn(lang, issue);
    if (issue.code === 'custom' && issue.params?.isStandalone === true) return message;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol').join('.');
    return `${path || '(input)'} — ${message}`;
  });
  return `${INVALID_INPUT_MESSAGE[lang]}: ${[...new Set(parts)].join('; ')}`;
}

export interface TErrorData {
  code: TRPCDefaultErrorShape['data']['code'];
  httpStatus: number;
  path?: string;
  /** Field-level problems of invalid input, for forms: `{ path: ['name'], message }`. */
  zodIssues: { path: (string | number)[]; message: string }[] | null;
}

/**
 * The one error formatter. Clients get the code, the HTTP status and (for bad input) the zod issues;
 * internal errors get a generic message, so stack traces, SQL and file paths never leave the server
 * (they are logged by the HTTP adapter's onError instead).
 */
export function formatError({
  shape,
  error,
  ctx,
}: {
  shape: TRPCDefaultErrorShape;
  error: TRPCError;
  ctx: Context | undefined;
}): { message: string; code: TRPCDefaultErrorShape['code']; data: TErrorData } {
  const lang = ctx?.lang ?? 'zh';
  const isInternal = error.code === 'INTERNAL_SERVER_ERROR';
  const { cause } = error;
  const zodIssues =
    cause instanceof ZodError
      ? cause.issues.map((i) => ({
          path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
          message: messageIn(lang, i),
        }))
      : cause instanceof AppError && cause.fields.length > 0
        ? cause.fields.map((f) => ({ path: f.path, message: f.text[lang] }))
        : null;
  return {
    code: shape.code,
    // zod's own message is a JSON dump of the issues (with regexes); say it in one readable line instead.
    message: isInternal
      ? INTERNAL_MESSAGE[lang]
      : cause instanceof ZodError
        ? readableIssues(lang, cause)
        : shape.message,
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      ...(shape.data.path ? { path: shape.data.path } : {}),
      zodIssues,
    },
  };
}
