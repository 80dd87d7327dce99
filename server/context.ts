import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLang } from '../shared/lang';
import { DEFAULT_AUTH_CONFIG, SESSION_COOKIE_NAME, type TAuthConfig } from './auth/config';
import type { TDemoCredential } from './auth/demo-users';
import { resolveSession } from './auth/sessions';
import type { TAuthUser } from './auth/types';
import type { DB } from './db/database';
import { clearedSessionCookie, isHttpsRequest, readCookie, sessionCookie } from './http/cookies';

/** What the auth procedures need of the HTTP exchange; a recording stand-in in tests. */
export interface TRequestSession {
  /** The session token from the cookie (null without one). */
  token: string | null;
  /** The client address, for login throttling. */
  address: string;
  setSessionCookie(token: string): void;
  clearSessionCookie(): void;
}

/** Server-wide settings the procedures read (start-up decides them). */
export interface TServerSettings {
  auth: TAuthConfig;
  /** Demo mode: the login page offers these accounts (empty outside demo mode). */
  isDemo: boolean;
  demoAccounts: readonly TDemoCredential[];
  /**
   * The folder of the records' evidence files (ATTACHMENTS_DIR, server/attachments); null: none, uploads
   * are refused (tests that do not attach files).
   */
  attachmentsDir: string | null;
}

export const DEFAULT_SETTINGS: TServerSettings = {
  auth: DEFAULT_AUTH_CONFIG,
  isDemo: false,
  demoAccounts: [],
  attachmentsDir: null,
};

/** A session stand-in that records the cookies the procedures set (tests, in-process callers). */
export function detachedSession(
  token: string | null = null,
  address = '127.0.0.1',
): TRequestSession & { cookies: string[] } {
  const cookies: string[] = [];
  return {
    token,
    address,
    cookies,
    setSessionCookie: (value) => cookies.push(value),
    clearSessionCookie: () => cookies.push(''),
  };
}

export interface CreateContextInnerOptions {
  db: DB;
  user?: TAuthUser | null;
  lang?: TLang;
  session?: TRequestSession;
  settings?: TServerSettings;
}

/**
 * The part of the context that does not depend on HTTP, so tests can build it directly:
 * `createCaller(createContextInner({ db, user }))`.
 */
export function createContextInner({
  db,
  user = null,
  lang = 'zh',
  session = detachedSession(),
  settings = DEFAULT_SETTINGS,
}: CreateContextInnerOptions) {
  return { db, user, lang, session, settings };
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
 * The client address. X-Forwarded-For is trusted only when TRUST_PROXY says a proxy sets it;
 * otherwise anyone could pick a fresh address per guess and walk past the throttle. Even then only
 * its right-most entry: our proxy appends the address it saw, everything left of that was written
 * by the client (or proxies we do not know) and is forgeable. A missing or empty last entry falls
 * back to the socket (our proxy's own address).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  const lastHop =
    trustProxy && typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined;
  return lastHop || req.socket.remoteAddress || 'unknown';
}

/** The per-request context: the session cookie resolved to a user (sliding expiry), or anonymous. */
export function createContextFactory(
  db: DB,
  settings: TServerSettings = DEFAULT_SETTINGS,
  { trustProxy = false }: { trustProxy?: boolean } = {},
) {
  return async ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<Context> => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE_NAME);
    const resolved = token
      ? await resolveSession(db, token, { idleMinutes: settings.auth.sessionIdleMinutes })
      : null;
    const isSecure = isHttpsRequest(req);
    const session: TRequestSession = {
      token,
      address: clientAddress(req, trustProxy),
      setSessionCookie: (value) => res.appendHeader('Set-Cookie', sessionCookie(value, { isSecure })),
      clearSessionCookie: () => res.appendHeader('Set-Cookie', clearedSessionCookie({ isSecure })),
    };
    return createContextInner({
      db,
      user: resolved?.user ?? null,
      lang: langFromRequest(req),
      session,
      settings,
    });
  };
}
