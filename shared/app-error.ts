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

/** A refused field of a form's input (a record's date outside its branch, an unknown member code …). */
export interface TAppErrorField {
  path: (string | number)[];
  text: TBilingual;
}

export class AppError extends Error {
  constructor(
    readonly code: TAppErrorCode,
    readonly text: TBilingual,
    /** The fields the failure is about, answered like a schema's issues so a form shows each under its field. */
    readonly fields: readonly TAppErrorField[] = [],
  ) {
    super(`${text.zh} / ${text.en}`);
    this.name = 'AppError';
  }

  messageIn(lang: TLang): string {
    return this.text[lang];
  }
}
