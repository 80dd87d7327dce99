/**
 * The one error type of expected failures (bad period, unknown branch, refused account change, no
 * access …): an API code and what a user reads, in both languages. Thrown anywhere — shared code,
 * server functions, procedures; the API answers it in the caller's language only (server/trpc.ts),
 * the CLI prints `message` (both languages).
 */
import type { TLang } from './lang';
import type { TBilingual } from './schemas/date';

/** The tRPC codes an expected failure may carry (the API answers with the same code). */
export type TAppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

export class AppError extends Error {
  constructor(
    readonly code: TAppErrorCode,
    readonly text: TBilingual,
  ) {
    super(`${text.zh} / ${text.en}`);
    this.name = 'AppError';
  }

  messageIn(lang: TLang): string {
    return this.text[lang];
  }
}
