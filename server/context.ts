import type { IncomingMessage } from 'node:http';
import type { TAuthUser } from './auth/types';
import type { DB } from './db/database';

/** Languages of user-facing messages (zh first). */
export type TLang = 'zh' | 'en';

export interface CreateContextInnerOptions {
  db: DB;
  user?: TAuthUser | null;
  lang?: TLang;
}

/**
 * The part of the context that does not depend on HTTP, so tests can build it directly:
 * `createCaller(createContextInner({ db, user }))`.
 */
export function createContextInner({ db, user = null, lang = 'zh' }: CreateContextInnerOptions) {
  return { db, user, lang };
}

export type Context = ReturnType<typeof createContextInner>;

/** Chinese unless the client asks for English (x-lang header set by the UI, else Accept-Language). */
export function langFromRequest(req: IncomingMessage): TLang {
  const explicit = req.headers['x-lang'];
  if (explicit === 'en' || explicit === 'zh') return explicit;
  const accept = req.headers['accept-language'] ?? '';
  return /^en\b/i.test(accept) ? 'en' : 'zh';
}

/**
 * The per-request context. Reading the session cookie into `user` belongs here (access-control issue);
 * until then every request is anonymous.
 */
export function createContextFactory(db: DB) {
  return ({ req }: { req: IncomingMessage }): Context =>
    createContextInner({ db, user: null, lang: langFromRequest(req) });
}
